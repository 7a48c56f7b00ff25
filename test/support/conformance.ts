import * as fs from "fs";
import * as path from "path";
import {
  CLIENT_STATES,
  GRANT_TYPES,
  PROVIDER_SOURCE,
  PROVIDER_VERSION,
  REGIONS,
  ROLE_CONDITION_CONJUNCTIONS,
  ROLE_OPERAND_TYPES,
  ROLE_TERM_OPERATORS,
  TOKEN_VALIDITY_SECONDS,
} from "../../lib/genesys/provider-rules";
import { PROJECT_ROOT } from "./config-dir";

interface SchemaAttribute {
  type: unknown;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
}
interface SchemaBlock {
  attributes?: Record<string, SchemaAttribute>;
  block_types?: Record<string, { nesting_mode: string; min_items?: number; max_items?: number; block: SchemaBlock }>;
}
interface ProviderSchema {
  provider: { block: SchemaBlock };
  resource_schemas: Record<string, { block: SchemaBlock }>;
  data_source_schemas: Record<string, { block: SchemaBlock }>;
}

export const PINNED_SCHEMA_FILE = path.join(PROJECT_ROOT, "provider-schema", `genesyscloud@${PROVIDER_VERSION}.json`);

export function pinnedProviderSchema(): ProviderSchema {
  const file = JSON.parse(fs.readFileSync(PINNED_SCHEMA_FILE, "utf8"));
  return file.provider_schemas[`registry.terraform.io/${PROVIDER_SOURCE}`];
}

/** Terraform meta-arguments and cdktf metadata, allowed on every block of their kind. */
const META_ARGUMENTS = new Set(["//", "depends_on", "lifecycle", "provider", "count", "for_each", "alias"]);

/** Rules of the provider's Go code (ValidateFuncs) for attributes our stacks set. */
const VALUE_RULES: Partial<Record<string, (value: unknown) => string | undefined>> = {
  "provider.aws_region": oneOf(REGIONS, { ignoreCase: true }),
  "genesyscloud_oauth_client.authorized_grant_type": oneOf(GRANT_TYPES),
  "genesyscloud_oauth_client.state": oneOf(CLIENT_STATES),
  "genesyscloud_oauth_client.access_token_validity_seconds": (value) =>
    typeof value === "number" && value >= TOKEN_VALIDITY_SECONDS.min && value <= TOKEN_VALIDITY_SECONDS.max
      ? undefined
      : `must be between ${TOKEN_VALIDITY_SECONDS.min} and ${TOKEN_VALIDITY_SECONDS.max}`,
  "genesyscloud_auth_role.permission_policies.conditions.conjunction": oneOf(ROLE_CONDITION_CONJUNCTIONS),
  "genesyscloud_auth_role.permission_policies.conditions.terms.operator": oneOf(ROLE_TERM_OPERATORS),
  "genesyscloud_auth_role.permission_policies.conditions.terms.operands.type": oneOf(ROLE_OPERAND_TYPES),
};

/**
 * Checks a synthesized stack (cdk.tf.json content) against the pinned provider schema and the
 * provider's value rules. Returns one line per violation; empty when the stack conforms.
 */
export function conformanceProblems(stack: Record<string, any>, schema = pinnedProviderSchema()): string[] {
  const problems: string[] = [];
  for (const config of asArray(stack.provider?.genesyscloud)) {
    checkBlock(schema.provider.block, config, "provider", "provider.genesyscloud", problems);
  }
  const kinds = [
    ["resource", schema.resource_schemas],
    ["data", schema.data_source_schemas],
  ] as const;
  for (const [kind, schemas] of kinds) {
    for (const [type, instances] of Object.entries<Record<string, unknown>>(stack[kind] ?? {})) {
      if (!type.startsWith("genesyscloud_")) continue;
      for (const [name, body] of Object.entries(instances)) {
        const where = `${kind === "data" ? "data." : ""}${type}.${name}`;
        if (!schemas[type]) problems.push(`${where}: ${type} is not a ${kind} of provider 1.84.1`);
        else checkBlock(schemas[type].block, body, type, where, problems);
      }
    }
  }
  return problems;
}

function checkBlock(block: SchemaBlock, body: any, rulePath: string, where: string, problems: string[]): void {
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
      const rule = VALUE_RULES[`${rulePath}.${name}`];
      const ruleProblem = rule && !isReference(value) ? rule(value) : undefined;
      if (ruleProblem) problems.push(`${where}.${name}: ${ruleProblem}, got ${JSON.stringify(value)}`);
    } else if (blocks[name]) {
      const nested = blocks[name];
      const items = asArray(value);
      if (nested.min_items && items.length < nested.min_items) {
        problems.push(`${where}.${name}: needs at least ${nested.min_items} block(s)`);
      }
      if (nested.max_items && items.length > nested.max_items) {
        problems.push(`${where}.${name}: allows at most ${nested.max_items} block(s)`);
      }
      items.forEach((item, i) =>
        checkBlock(nested.block, item, `${rulePath}.${name}`, `${where}.${name}[${i}]`, problems),
      );
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

function oneOf(allowed: readonly string[], options: { ignoreCase?: boolean } = {}) {
  const fold = (s: string) => (options.ignoreCase ? s.toLowerCase() : s);
  return (value: unknown) =>
    typeof value === "string" && allowed.some((a) => fold(a) === fold(value))
      ? undefined
      : `must be one of ${allowed.join(", ")}`;
}

function asArray(value: unknown): any[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
