/**
 * The provider schema, read from a `terraform providers schema -json` style file (the sandbox's own
 * copy in sandbox/facts/, not the project's pinned file the bindings come from, so that a wrong
 * pinned schema is caught), and lowered to protocol 5 Schema messages.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROVIDER_ADDRESS, PROVIDER_VERSION } from "../facts/provider";
import type { CtyType } from "./cty";

export { PROVIDER_ADDRESS };

/** The sandbox's own copy of the provider schema (sandbox/facts/), which the emulator serves. */
export const PROVIDER_SCHEMA_FILE = join(__dirname, "..", "facts", `genesyscloud-${PROVIDER_VERSION}.schema.json`);

/** The project's copy of the pinned provider schema, which the cdktf bindings are generated from too. */
export const PINNED_SCHEMA_FILE = join(
  __dirname,
  "..",
  "..",
  "provider-schema",
  `genesyscloud@${PROVIDER_VERSION}.json`,
);

export interface JsonAttribute {
  readonly type: CtyType;
  readonly description?: string;
  readonly description_kind?: "plain" | "markdown";
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly deprecated?: boolean;
}

export type NestingMode = "single" | "list" | "set" | "map" | "group";

export interface JsonNestedBlock {
  readonly nesting_mode: NestingMode;
  readonly block: JsonBlock;
  readonly min_items?: number;
  readonly max_items?: number;
}

export interface JsonBlock {
  readonly attributes?: Readonly<Record<string, JsonAttribute>>;
  readonly block_types?: Readonly<Record<string, JsonNestedBlock>>;
  readonly description?: string;
  readonly description_kind?: "plain" | "markdown";
  readonly deprecated?: boolean;
}

export interface JsonSchema {
  readonly version?: number;
  readonly block: JsonBlock;
}

export interface ProviderSchema {
  readonly provider: JsonSchema;
  readonly resources: Readonly<Record<string, JsonSchema>>;
  readonly dataSources: Readonly<Record<string, JsonSchema>>;
}

export function loadProviderSchema(file: string): ProviderSchema {
  const doc = JSON.parse(readFileSync(file, "utf8")) as {
    provider_schemas: Record<
      string,
      {
        provider: JsonSchema;
        resource_schemas?: Record<string, JsonSchema>;
        data_source_schemas?: Record<string, JsonSchema>;
      }
    >;
  };
  const entry = doc.provider_schemas[PROVIDER_ADDRESS];
  if (!entry) throw new Error(`${file} has no schema for ${PROVIDER_ADDRESS}`);
  return {
    provider: entry.provider,
    resources: entry.resource_schemas ?? {},
    dataSources: entry.data_source_schemas ?? {},
  };
}

/** The object type of a block's value, as Terraform sends it. */
export function blockType(block: JsonBlock): CtyType {
  const attrs: Record<string, CtyType> = {};
  for (const [name, attr] of Object.entries(block.attributes ?? {})) attrs[name] = attr.type;
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const inner = blockType(nested.block);
    const single = nested.nesting_mode === "single" || nested.nesting_mode === "group";
    attrs[name] = single ? inner : [nested.nesting_mode as "list" | "set" | "map", inner];
  }
  return ["object", attrs];
}

/**
 * SDK v2 `Default` values. The JSON format has no field for them, but the provider's description
 * builder appends "Defaults to `X`." to the description of every attribute that has one.
 */
export function attributeDefault(attr: JsonAttribute): string | number | boolean | undefined {
  const match = /Defaults to `([^`]*)`/.exec(attr.description ?? "");
  if (!match) return undefined;
  const text = match[1] ?? "";
  if (attr.type === "number") return Number(text);
  if (attr.type === "bool") return text === "true";
  return text;
}

const NESTING = { single: 1, list: 2, set: 3, map: 4, group: 5 } as const;
const KIND = { plain: 0, markdown: 1 } as const;

function protocolBlock(block: JsonBlock): object {
  return {
    version: 0,
    description: block.description ?? "",
    description_kind: KIND[block.description_kind ?? "plain"],
    deprecated: block.deprecated ?? false,
    attributes: Object.entries(block.attributes ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, attr]) => ({
        name,
        type: Buffer.from(JSON.stringify(attr.type)),
        description: attr.description ?? "",
        description_kind: KIND[attr.description_kind ?? "plain"],
        required: attr.required ?? false,
        optional: attr.optional ?? false,
        computed: attr.computed ?? false,
        sensitive: attr.sensitive ?? false,
        deprecated: attr.deprecated ?? false,
      })),
    block_types: Object.entries(block.block_types ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, nested]) => ({
        type_name: name,
        block: protocolBlock(nested.block),
        nesting: NESTING[nested.nesting_mode],
        min_items: nested.min_items ?? 0,
        max_items: nested.max_items ?? 0,
      })),
  };
}

function protocolSchema(schema: JsonSchema): object {
  return { version: schema.version ?? 0, block: protocolBlock(schema.block) };
}

function mapValues(record: Readonly<Record<string, JsonSchema>>): Record<string, object> {
  return Object.fromEntries(Object.entries(record).map(([name, s]) => [name, protocolSchema(s)]));
}

/** The GetSchema response body. */
export function protocolProviderSchema(schema: ProviderSchema): object {
  return {
    provider: protocolSchema(schema.provider),
    resource_schemas: mapValues(schema.resources),
    data_source_schemas: mapValues(schema.dataSources),
    diagnostics: [],
    server_capabilities: { plan_destroy: false, get_provider_schema_optional: false },
  };
}
