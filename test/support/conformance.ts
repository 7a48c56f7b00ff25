import * as path from "node:path";
import { PROVIDER_VERSION } from "../../lib/genesys/provider-rules";
import { type ObjectValue, type Value, UNKNOWN } from "../../sandbox/emulator/cty";
import type { Diagnostic } from "../../sandbox/emulator/diagnostics";
import { type JsonBlock, loadProviderSchema, type ProviderSchema } from "../../sandbox/emulator/schema";
import { validateAuthRole, validateOAuthClient, validateProviderConfig } from "../../sandbox/emulator/validation";

/** The project's copy of the pinned provider schema, which the cdktf bindings are generated from too. */
export const PINNED_SCHEMA_FILE = path.join(
  __dirname,
  "..",
  "..",
  "provider-schema",
  `genesyscloud@${PROVIDER_VERSION}.json`,
);

export function pinnedProviderSchema(): ProviderSchema {
  return loadProviderSchema(PINNED_SCHEMA_FILE);
}

/** Terraform meta-arguments and cdktf metadata, allowed on every block of their kind. */
const META_ARGUMENTS = new Set(["//", "depends_on", "lifecycle", "provider", "count", "for_each", "alias"]);

/**
 * The provider's value rules (ValidateFuncs), as the emulator implements them: one implementation
 * for both the static check here and `terraform validate` in the e2e suite.
 */
const VALUE_RULES: Partial<Record<string, (config: ObjectValue) => Diagnostic[]>> = {
  provider: (config) => validateProviderConfig(config, {}),
  genesyscloud_oauth_client: validateOAuthClient,
  genesyscloud_auth_role: validateAuthRole,
};

/**
 * Checks a synthesized stack (cdk.tf.json content) against the pinned provider schema and the
 * provider's value rules. Returns one line per violation; empty when the stack conforms.
 */
export function conformanceProblems(stack: Record<string, any>, schema = pinnedProviderSchema()): string[] {
  const problems: string[] = [];
  for (const config of asArray(stack.provider?.genesyscloud)) {
    checkBlock(schema.provider.block, config, "provider.genesyscloud", problems);
    checkValues("provider", config, "provider.genesyscloud", problems);
  }
  const kinds = [
    ["resource", schema.resources],
    ["data", schema.dataSources],
  ] as const;
  for (const [kind, schemas] of kinds) {
    for (const [type, instances] of Object.entries<Record<string, unknown>>(stack[kind] ?? {})) {
      if (!type.startsWith("genesyscloud_")) continue;
      for (const [name, body] of Object.entries(instances)) {
        const where = `${kind === "data" ? "data." : ""}${type}.${name}`;
        const typeSchema = schemas[type];
        if (!typeSchema) {
          problems.push(`${where}: ${type} is not a ${kind} of provider ${PROVIDER_VERSION}`);
          continue;
        }
        checkBlock(typeSchema.block, body, where, problems);
        if (kind === "resource") checkValues(type, body, where, problems);
      }
    }
  }
  return problems;
}

function checkValues(rules: string, body: unknown, where: string, problems: string[]): void {
  for (const diagnostic of VALUE_RULES[rules]?.(withReferencesUnknown(body) as ObjectValue) ?? []) {
    problems.push(`${where}: ${diagnostic.summary}`);
  }
}

/** Expressions are only known at plan time (the provider checks them then), like unknown values. */
function withReferencesUnknown(value: unknown): Value {
  if (isReference(value)) return UNKNOWN;
  if (Array.isArray(value)) return value.map(withReferencesUnknown);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withReferencesUnknown(item)]));
  }
  return value as Value;
}

function checkBlock(block: JsonBlock, body: any, where: string, problems: string[]): void {
  const attributes = block.attributes ?? {};
  const blocks = block.block_types ?? {};
  for (const [name, value] of Object.entries(body ?? {})) {
    if (META_ARGUMENTS.has(name)) continue;
    if (attributes[name]) {
      const attribute = attributes[name];
      if (attribute.computed && !attribute.optional && !attribute.required) {
        problems.push(`${where}.${name}: is read-only (computed) and cannot be set`);
      }
      const typeProblem = typeMismatch(attribute.type, value);
      if (typeProblem) problems.push(`${where}.${name}: ${typeProblem}`);
    } else if (blocks[name]) {
      const nested = blocks[name];
      const items = asArray(value);
      if (nested.min_items && items.length < nested.min_items) {
        problems.push(`${where}.${name}: needs at least ${nested.min_items} block(s)`);
      }
      if (nested.max_items && items.length > nested.max_items) {
        problems.push(`${where}.${name}: allows at most ${nested.max_items} block(s)`);
      }
      items.forEach((item, i) => checkBlock(nested.block, item, `${where}.${name}[${i}]`, problems));
    } else {
      problems.push(`${where}.${name}: not an attribute or block of the pinned schema`);
    }
  }
  for (const [name, attribute] of Object.entries(attributes)) {
    if (attribute.required && !(name in (body ?? {}))) problems.push(`${where}.${name}: required but missing`);
  }
}

function typeMismatch(type: unknown, value: unknown): string | undefined {
  if (isReference(value)) return undefined;
  if (type === "string")
    return typeof value === "string" ? undefined : `expected a string, got ${JSON.stringify(value)}`;
  if (type === "number")
    return typeof value === "number" ? undefined : `expected a number, got ${JSON.stringify(value)}`;
  if (type === "bool") return typeof value === "boolean" ? undefined : `expected a bool, got ${JSON.stringify(value)}`;
  if (Array.isArray(type) && (type[0] === "set" || type[0] === "list")) {
    if (!Array.isArray(value)) return `expected a ${type[0]}, got ${JSON.stringify(value)}`;
    for (const item of value) {
      const problem = typeMismatch(type[1], item);
      if (problem) return `${type[0]} item: ${problem}`;
    }
    return undefined;
  }
  if (Array.isArray(type) && type[0] === "map") {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return `expected a map`;
    return undefined;
  }
  return `unhandled schema type ${JSON.stringify(type)}`;
}

/** A Terraform expression: its value is only known at plan time, the provider checks it then. */
function isReference(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

function asArray(value: unknown): any[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
