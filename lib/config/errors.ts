import { z } from "zod";
import { RETIRED_FIELDS } from "./schema";
import { nearest } from "./suggest";

/** A mistake in the user's configuration: reported as a message, never as a stack trace. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }

  /** What every command and the app print for it. */
  get report(): string {
    return `Configuration error:\n${this.problems.map((problem) => `  ${problem}`).join("\n")}`;
  }
}

type Path = readonly PropertyKey[];

export function formatPath(path: Path): string {
  if (path.length === 0) return "(top level)";
  return path
    .map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
    .join("");
}

/** One line per zod issue: field path, what was given, what is allowed, and the near miss. */
export function describeIssue(issue: z.core.$ZodIssue, schema: z.ZodType, data: unknown): string {
  const at = formatPath(issue.path);
  const given = valueAt(data, issue.path);
  switch (issue.code) {
    case "invalid_type":
      return given === undefined
        ? `${at}: is required (${issue.expected})`
        : `${at}: expected ${article(issue.expected)}, got ${show(given)}`;
    case "invalid_value":
      return notAllowed(at, given, issue.values.map(String));
    case "invalid_union": {
      // A discriminated union reports the discriminator's allowed values (zod does not type this).
      const { discriminator, options } = issue as { discriminator?: string; options?: unknown[] };
      return discriminator && options ? notAllowed(at, given, options.map(String)) : `${at}: ${issue.message}`;
    }
    case "unrecognized_keys": {
      const allowed = objectKeysAt(schema, issue.path, data);
      return issue.keys
        .map((key) => {
          const field = formatPath([...issue.path, key]);
          if (Object.hasOwn(RETIRED_FIELDS, field)) return `${field}: ${RETIRED_FIELDS[field]}`;
          const hint = nearest(key, allowed);
          return (
            `${formatPath([...issue.path, key])}: unknown field; allowed here: ${allowed.join(", ")}` +
            (hint ? `. Did you mean "${hint}"?` : "")
          );
        })
        .join("\n");
    }
    case "too_small":
    case "too_big":
      return issue.origin === "number"
        ? `${at}: ${show(given)} is out of range; allowed: ${rangeAt(schema, issue.path, data)}`
        : `${at}: ${issue.message}`;
    default:
      return `${at}: ${issue.message}${given === undefined || typeof given === "object" ? "" : ` (got ${show(given)})`}`;
  }
}

function notAllowed(at: string, given: unknown, allowed: string[]): string {
  const hint = typeof given === "string" ? nearest(given, allowed) : undefined;
  return (
    `${at}: ${show(given)} is not allowed; allowed: ${allowed.join(", ")}` + (hint ? `. Did you mean "${hint}"?` : "")
  );
}

function article(expected: string): string {
  return expected === "array" || expected === "object" ? `an ${expected}` : `a ${expected}`;
}

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "an array";
  if (value !== null && typeof value === "object") return "an object";
  return `${typeof value === "string" ? "the string " : ""}${JSON.stringify(value)}`;
}

function valueAt(data: unknown, path: Path): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** The schema node that validates the value at `path` (following defaults, optionals and unions). */
function schemaAt(schema: z.ZodType, path: Path, data: unknown): z.ZodType | undefined {
  let node: z.ZodType | undefined = unwrap(schema, data);
  let value = data;
  for (const key of path) {
    value = valueAt(value, [key]);
    if (node instanceof z.ZodObject) node = node.shape[String(key)] as z.ZodType | undefined;
    else if (node instanceof z.ZodArray) node = node.element as z.ZodType;
    else return undefined;
    node = node && unwrap(node, value);
  }
  return node;
}

function unwrap(node: z.ZodType, value: unknown): z.ZodType {
  if (node instanceof z.ZodDefault || node instanceof z.ZodOptional) return unwrap(node.unwrap() as z.ZodType, value);
  if (node instanceof z.ZodDiscriminatedUnion) {
    const type = valueAt(value, ["type"]);
    const match = (node.options as z.ZodType[]).find(
      (option) => option instanceof z.ZodObject && (option.shape.type as z.ZodLiteral).value === type,
    );
    return match ?? node;
  }
  return node;
}

function objectKeysAt(schema: z.ZodType, path: Path, data: unknown): string[] {
  const node = schemaAt(schema, path, data);
  return node instanceof z.ZodObject ? Object.keys(node.shape).filter((key) => key !== "$schema") : [];
}

function rangeAt(schema: z.ZodType, path: Path, data: unknown): string {
  const node = schemaAt(schema, path, data);
  if (!(node instanceof z.ZodNumber)) return "see config/config.schema.json";
  // zod's int() bounds every integer by the safe-integer range; those are not limits a person set.
  const min = node.minValue !== null && node.minValue > Number.MIN_SAFE_INTEGER ? node.minValue : null;
  const max = node.maxValue !== null && node.maxValue < Number.MAX_SAFE_INTEGER ? node.maxValue : null;
  if (min !== null && max !== null) return `${min} to ${max}`;
  return min !== null ? `at least ${min}` : `at most ${max}`;
}
