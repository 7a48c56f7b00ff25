/**
 * The provider's ValidateFuncs (value rules the JSON schema cannot carry), with the SDK v2
 * `validation` helpers' wording. Value lists come from the sandbox's own facts (sandbox/facts/provider.ts).
 */
import {
  CLIENT_STATES,
  CREDENTIAL_ENV_VARS,
  GRANT_TYPES,
  REGIONS,
  ROLE_CONDITION_CONJUNCTIONS,
  ROLE_OPERAND_TYPES,
  ROLE_TERM_OPERATORS,
  TOKEN_VALIDITY_SECONDS,
} from "../facts/provider";
import type { ObjectValue, Value } from "./cty";
import { type Diagnostic, error } from "./diagnostics";
import { objects } from "./resources/types";

/** The provider process's environment, which its DefaultFuncs read. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Go's `%q` of a []string: ["a" "b"]. */
function goQuotedList(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(" ")}]`;
}

function stringInSlice(key: string, value: Value, allowed: readonly string[], ignoreCase = false, path = [key]) {
  if (typeof value !== "string") return [];
  const ok = allowed.some((a) => (ignoreCase ? a.toLowerCase() === value.toLowerCase() : a === value));
  return ok ? [] : [error(`expected ${key} to be one of ${goQuotedList(allowed)}, got ${value}`, undefined, path)];
}

function intBetween(key: string, value: Value, min: number, max: number, path = [key]): Diagnostic[] {
  if (typeof value !== "number") return [];
  if (!Number.isInteger(value)) return [error(`expected type of ${key} to be integer`, undefined, path)];
  return value >= min && value <= max
    ? []
    : [error(`expected ${key} to be in the range (${min} - ${max}), got ${value}`, undefined, path)];
}

/** A provider attribute's value: the config's, else its DefaultFunc's environment variable. */
function providerValue(config: ObjectValue, name: string, envVar: string, env: Env, type: "string" | "number"): Value {
  const configured = config[name] ?? null;
  if (configured !== null) return configured;
  const raw = env[envVar];
  if (raw === undefined) return null;
  return type === "number" ? Number(raw) : raw;
}

export function validateProviderConfig(config: ObjectValue, env: Env): Diagnostic[] {
  const value = (name: string, envVar: string, type: "string" | "number" = "string") =>
    providerValue(config, name, envVar, env, type);
  const diags: Diagnostic[] = [
    ...stringInSlice("aws_region", value("aws_region", CREDENTIAL_ENV_VARS.region), REGIONS, true),
    ...stringInSlice("sdk_debug_format", value("sdk_debug_format", "GENESYSCLOUD_SDK_DEBUG_FORMAT"), ["Text", "Json"]),
    ...intBetween("token_pool_size", value("token_pool_size", "GENESYSCLOUD_TOKEN_POOL_SIZE", "number"), 1, 50),
    ...intBetween(
      "max_concurrent_pages",
      value("max_concurrent_pages", "GENESYSCLOUD_MAX_CONCURRENT_PAGES", "number"),
      1,
      75,
    ),
  ];
  const debugFile = value("sdk_debug_file_path", "GENESYSCLOUD_SDK_DEBUG_FILE_PATH");
  if (typeof debugFile === "string" && debugFile.trim() === "") {
    const summary = `expected "sdk_debug_file_path" to not be an empty string or whitespace`;
    diags.push(error(summary, undefined, ["sdk_debug_file_path"]));
  }
  const traceFile = value("log_stack_traces_file_path", "GENESYSCLOUD_LOG_STACK_TRACES_FILE_PATH");
  if (typeof traceFile === "string" && (/\s/.test(traceFile) || !traceFile.endsWith(".log"))) {
    const summary = `invalid log_stack_traces_file_path "${traceFile}": it must not contain whitespace and must end in .log`;
    diags.push(error(summary, undefined, ["log_stack_traces_file_path"]));
  }
  return diags;
}

const GO_DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+$|^0$/;

/** Durations are parsed at configure time, like the provider's client pool does. */
export function validateProviderDurations(config: ObjectValue, env: Env): Diagnostic[] {
  const checks = [
    ["token_acquire_timeout", "GENESYSCLOUD_TOKEN_ACQUIRE_TIMEOUT", "token acquire timeout"],
    ["token_init_timeout", "GENESYSCLOUD_TOKEN_INIT_TIMEOUT", "token init timeout"],
    ["custom_retry_timeout", "GENESYSCLOUD_CUSTOM_RETRY_TIMEOUT", "custom retry timeout"],
  ] as const;
  return checks.flatMap(([name, envVar, label]) => {
    const v = providerValue(config, name, envVar, env, "string");
    return typeof v === "string" && !GO_DURATION.test(v)
      ? [error(`Failed to parse ${label}: time: invalid duration ${JSON.stringify(v)}`)]
      : [];
  });
}

export function validateOAuthClient(config: ObjectValue): Diagnostic[] {
  const { min, max } = TOKEN_VALIDITY_SECONDS;
  return [
    ...stringInSlice("authorized_grant_type", config.authorized_grant_type ?? null, GRANT_TYPES),
    ...stringInSlice("state", config.state ?? null, CLIENT_STATES),
    ...intBetween("access_token_validity_seconds", config.access_token_validity_seconds ?? null, min, max),
  ];
}

export function validateAuthRole(config: ObjectValue): Diagnostic[] {
  // Paths stop at the permission_policies set; keys name the element like the SDK's flatmap keys.
  const at = ["permission_policies"];
  const oneOf = (key: string, value: Value | undefined, allowed: readonly string[]) =>
    stringInSlice(key, value ?? null, allowed, false, at);
  return objects(config.permission_policies).flatMap((policy, p) => {
    const key = `permission_policies.${p}`;
    const actions = policy.action_set ?? null;
    const summary = `${key}.action_set: attribute supports 1 item minimum, but config has only 0 declared`;
    const noActions = Array.isArray(actions) && actions.length < 1 ? [error(summary, undefined, at)] : [];
    const conditions = objects(policy.conditions).flatMap((condition, c) => {
      const ckey = `${key}.conditions.${c}`;
      const terms = objects(condition.terms).flatMap((term, t) => {
        const tkey = `${ckey}.terms.${t}`;
        const operands = objects(term.operands).flatMap((operand, o) =>
          oneOf(`${tkey}.operands.${o}.type`, operand.type, ROLE_OPERAND_TYPES),
        );
        return [...oneOf(`${tkey}.operator`, term.operator, ROLE_TERM_OPERATORS), ...operands];
      });
      return [...oneOf(`${ckey}.conjunction`, condition.conjunction, ROLE_CONDITION_CONJUNCTIONS), ...terms];
    });
    return [...noActions, ...conditions];
  });
}
