/**
 * The provider schema, read from a `terraform providers schema -json` style file (the sandbox's own
 * copy in sandbox/facts/, not the project's pinned file the bindings come from, so that a wrong
 * pinned schema is caught), and lowered to protocol 5 Schema messages.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROVIDER_ADDRESS, PROVIDER_VERSION } from "../facts/provider";
import { z } from "zod";
import { CommandError } from "../../commands/core/errors";
import { formatPath } from "../../lib/config/errors";
import type { CtyType } from "./cty";

export { PROVIDER_ADDRESS };

/** The sandbox's own copy of the provider schema (sandbox/facts/), which the emulator serves. */
export const PROVIDER_SCHEMA_FILE = join(__dirname, "..", "facts", `genesyscloud-${PROVIDER_VERSION}.schema.json`);

const ctyType: z.ZodType<CtyType> = z.lazy(() =>
  z.union([
    z.enum(["string", "number", "bool"]),
    z.tuple([z.enum(["list", "set", "map"]), ctyType]),
    z.tuple([z.literal("object"), z.record(z.string(), ctyType)]),
  ]),
);
const descriptionKind = z.enum(["plain", "markdown"]).optional();

const attribute = z.strictObject({
  type: ctyType,
  description: z.string().optional(),
  description_kind: descriptionKind,
  required: z.boolean().optional(),
  optional: z.boolean().optional(),
  computed: z.boolean().optional(),
  sensitive: z.boolean().optional(),
  deprecated: z.boolean().optional(),
});
export type JsonAttribute = z.infer<typeof attribute>;

const block = z.strictObject({
  attributes: z.record(z.string(), attribute).optional(),
  get block_types() {
    return z.record(z.string(), nestedBlock).optional();
  },
  description: z.string().optional(),
  description_kind: descriptionKind,
  deprecated: z.boolean().optional(),
});
export type JsonBlock = z.infer<typeof block>;

const nestedBlock = z.strictObject({
  nesting_mode: z.enum(["single", "list", "set", "map", "group"]),
  get block() {
    return block;
  },
  min_items: z.number().optional(),
  max_items: z.number().optional(),
});

const jsonSchema = z.strictObject({ version: z.number().optional(), block });
export type JsonSchema = z.infer<typeof jsonSchema>;

/** A `terraform providers schema -json` file, as far as the emulator reads it. */
const schemaFile = z.object({
  provider_schemas: z.record(
    z.string(),
    z.strictObject({
      provider: jsonSchema,
      resource_schemas: z.record(z.string(), jsonSchema).default({}),
      data_source_schemas: z.record(z.string(), jsonSchema).default({}),
    }),
  ),
});

export interface ProviderSchema {
  readonly provider: JsonSchema;
  readonly resources: Readonly<Record<string, JsonSchema>>;
  readonly dataSources: Readonly<Record<string, JsonSchema>>;
}

/** The schema in `file`; a file that is not one is one CommandError naming the file and the first wrong field. */
export function loadProviderSchema(file: string): ProviderSchema {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new CommandError(`Could not read the provider schema ${file}: ${(error as Error).message}`);
  }
  const result = schemaFile.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new CommandError(`${file}: ${formatPath(issue.path)}: ${issue.message}`);
  }
  const entry = result.data.provider_schemas[PROVIDER_ADDRESS];
  if (!entry) throw new CommandError(`${file}: provider_schemas: has no schema for ${PROVIDER_ADDRESS}`);
  return { provider: entry.provider, resources: entry.resource_schemas, dataSources: entry.data_source_schemas };
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

const byName = <T>(record: Readonly<Record<string, T>> = {}) =>
  Object.entries(record).sort(([a], [b]) => a.localeCompare(b));

/** A Schema.Block message as protobufjs's fromObject reads it: enums by name, an absent field is its default. */
function protocolBlock(block: JsonBlock): object {
  return {
    ...block,
    description_kind: block.description_kind?.toUpperCase(),
    attributes: byName(block.attributes).map(([name, attr]) => ({
      ...attr,
      name,
      type: Buffer.from(JSON.stringify(attr.type)),
      description_kind: attr.description_kind?.toUpperCase(),
    })),
    block_types: byName(block.block_types).map(([type_name, nested]) => ({
      ...nested,
      type_name,
      block: protocolBlock(nested.block),
      nesting: nested.nesting_mode.toUpperCase(),
    })),
  };
}

function protocolSchema(schema: JsonSchema): object {
  return { ...schema, block: protocolBlock(schema.block) };
}

const protocolSchemas = (record: Readonly<Record<string, JsonSchema>>) =>
  Object.fromEntries(Object.entries(record).map(([name, s]) => [name, protocolSchema(s)]));

/** The GetSchema response body. */
export function protocolProviderSchema(schema: ProviderSchema): object {
  return {
    provider: protocolSchema(schema.provider),
    resource_schemas: protocolSchemas(schema.resources),
    data_source_schemas: protocolSchemas(schema.dataSources),
    diagnostics: [],
    server_capabilities: { plan_destroy: false, get_provider_schema_optional: false },
  };
}
