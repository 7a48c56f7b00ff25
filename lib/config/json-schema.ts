import { z } from "zod";
import { customerFileSchema, environmentFileSchema } from "./schema";

/** Where the JSON Schema lives; every config file points to it with `"$schema": "./config.schema.json"`. */
export const CONFIG_JSON_SCHEMA_FILE = "config/config.schema.json";
/** The customers' JSON Schema; every customer file points to it with `"$schema": "../config/customer.schema.json"`. */
export const CUSTOMER_JSON_SCHEMA_FILE = "config/customer.schema.json";
/** The field reference, generated beside the JSON Schema from the same `.describe()` texts. */
export const CONFIG_REFERENCE_FILE = "config/README.md";

/** The JSON Schema editors use for `config/<env>.json`, derived from the zod schema. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(environmentFileSchema, { io: "input", target: "draft-2020-12" }),
    title: "Genesys partner OAuth environment",
  };
}

export function renderConfigJsonSchema(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

/** The JSON Schema editors use for `customers/<name>.json`. */
export function customerJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(customerFileSchema, { io: "input", target: "draft-2020-12" }),
    title: "Genesys partner OAuth customer org",
  };
}

export function renderCustomerJsonSchema(): string {
  return `${JSON.stringify(customerJsonSchema(), null, 2)}\n`;
}

/** The part of a JSON Schema node the reference reads (what `z.toJSONSchema` writes for this schema). */
interface SchemaNode {
  readonly type?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly items?: SchemaNode;
  readonly oneOf?: readonly SchemaNode[];
}

/** One row of the reference: a field of `config/<env>.json`. */
export interface ConfigField {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly default?: unknown;
  readonly description?: string;
  /** For a field of one variant of a union: which values of the discriminator have it. */
  readonly variant?: string;
}

/** Every field of a config file, depth first, as its JSON Schema (by default the environment file's) describes it. */
export function configFields(jsonSchema: Record<string, unknown> = configJsonSchema()): ConfigField[] {
  const root = jsonSchema as SchemaNode;
  return Object.entries(root.properties ?? {})
    .filter(([name]) => name !== "$schema")
    .flatMap(([name, node]) => fieldsOf(name, node, root.required?.includes(name) ?? false));
}

function fieldsOf(path: string, node: SchemaNode, required: boolean): ConfigField[] {
  const row: ConfigField = { path, type: typeOf(node), required, default: node.default, description: node.description };
  if (node.oneOf) {
    // A discriminated union (backend): each variant's fields, named by the value of its discriminator.
    return [row, ...variantFields(path, node.oneOf)];
  }
  const object = node.type === "array" && node.items?.type === "object" ? node.items : node;
  const prefix = object === node ? path : `${path}[]`;
  const children = Object.entries(object.properties ?? {}).flatMap(([name, child]) =>
    fieldsOf(`${prefix}.${name}`, child, object.required?.includes(name) ?? false),
  );
  return [row, ...children];
}

/**
 * The fields of each variant, after the discriminator; a field several variants share (remote and cloud's
 * `workspace`) is one row naming all of them.
 */
function variantFields(path: string, variants: readonly SchemaNode[]): ConfigField[] {
  const rows = new Map<string, { field: ConfigField; discriminator?: string; values: unknown[] }>();
  for (const variant of variants) {
    const entries = Object.entries(variant.properties ?? {});
    const discriminator = entries.find(([, child]) => child.const !== undefined);
    for (const [name, child] of entries.filter((entry) => entry !== discriminator)) {
      const field: ConfigField = {
        path: `${path}.${name}`,
        type: typeOf(child),
        required: variant.required?.includes(name) ?? false,
        default: child.default,
        description: child.description,
      };
      const key = JSON.stringify(field);
      const row = rows.get(key) ?? { field, discriminator: discriminator?.[0], values: [] };
      row.values.push(discriminator?.[1].const);
      rows.set(key, row);
    }
  }
  return [...rows.values()].map(({ field, discriminator, values }) =>
    discriminator ? { ...field, variant: `"${discriminator}": ${or(values)}` } : field,
  );
}

function or(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(" or ");
}

function typeOf(node: SchemaNode): string {
  if (node.oneOf) return node.oneOf.map(typeOf).join(" or ");
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (node.enum) return `one of ${node.enum.map((value) => JSON.stringify(value)).join(", ")}`;
  if (node.type === "array") {
    const items = node.items ? typeOf(node.items) : "values";
    return `list of ${items}${node.minItems ? ` (at least ${node.minItems})` : ""}`;
  }
  if (node.type === "object") {
    const discriminator = Object.entries(node.properties ?? {}).find(([, child]) => child.const !== undefined);
    return discriminator ? `object with ${discriminator[0]} ${JSON.stringify(discriminator[1].const)}` : "object";
  }
  const range =
    node.minimum !== undefined && node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER
      ? ` ${node.minimum}–${node.maximum}`
      : node.minimum !== undefined
        ? ` ≥ ${node.minimum}`
        : "";
  const format = node.format === "uuid" ? "UUID" : node.format === "uri" ? "URL" : undefined;
  return format ?? `${node.type ?? "any"}${range}`;
}

/** Markdown table cells hold one line, and a `|` would end the cell. */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");
}

export function renderConfigReference(): string {
  const rows = configFields().map((field) => {
    const defaultValue = field.default === undefined ? (field.required ? "required" : "none") : code(field.default);
    const meaning = [field.variant && `With ${field.variant}.`, field.description].filter(Boolean).join(" ");
    return `| \`${field.path}\` | ${cell(field.type)} | ${cell(defaultValue)} | ${cell(meaning)} |`;
  });
  return [
    "# Environment config reference",
    "",
    "<!-- Generated by `npm run config:schema` from the zod schema in lib/config/schema.ts; do not edit. -->",
    "",
    "One file per environment, `config/<env>.json`, checked by `config.schema.json` in editors and by synth.",
    "How the files are read and what synth refuses: [docs/configuration.md](../docs/configuration.md).",
    "",
    "| field | type | default | meaning |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}

function code(value: unknown): string {
  return `\`${JSON.stringify(value)}\``;
}
