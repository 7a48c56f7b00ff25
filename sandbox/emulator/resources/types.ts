import type { ObjectValue, Value } from "../cty";
import { HttpError } from "../../api/http";
import { type Diagnostic, apiDiagnostic } from "../diagnostics";
import type { Org } from "../world";

export interface Context {
  /** The logged-in org, read afresh from the world (for reads). */
  readonly org: () => Org;
  /** Calls the API (the stand-in's rules, in-process) as the provider's client; a refusal is an HttpError. */
  readonly api: <T>(method: string, path: string, body?: unknown) => T;
  /** Secrets of OAuth clients created by this provider process (the provider's in-process cache). */
  readonly createdSecrets: Map<string, string>;
  /** How long a role lookup that finds nothing retries before failing (the provider: about 15 s). */
  readonly lookupRetryMs: number;
}

/** A new state (null: none) with the diagnostics of getting it. */
export interface StateResult {
  readonly state: ObjectValue | null;
  readonly diagnostics: Diagnostic[];
}

/**
 * Runs the provider's API calls of one step: a failed call becomes its error diagnostic and no new state; a step
 * that returns nothing (a delete) leaves no state either.
 */
export function apiCall(resourceType: string, summary: string, calls: () => StateResult | void): StateResult {
  try {
    return calls() ?? { state: null, diagnostics: [] };
  } catch (err) {
    if (err instanceof HttpError) return { state: null, diagnostics: [apiDiagnostic(resourceType, summary, err)] };
    throw err;
  }
}

/** Runs `calls`; an object the API no longer has (404) is as good as deleted. */
export function ignoreNotFound(calls: () => void): void {
  try {
    calls();
  } catch (err) {
    if (!(err instanceof HttpError && err.status === 404)) throw err;
  }
}

export interface ResourceHandler {
  /** Attributes whose change forces replacement (SDK v2 ForceNew). */
  readonly forceNew: readonly string[];
  validate(config: ObjectValue): Diagnostic[];
  create(ctx: Context, planned: ObjectValue): StateResult;
  update(ctx: Context, prior: ObjectValue, planned: ObjectValue): StateResult;
  delete(ctx: Context, prior: ObjectValue): Diagnostic[];
  /** The API's view of the object, or null when it no longer exists. */
  read(ctx: Context, state: ObjectValue): ObjectValue | null;
}

export function str(value: Value | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function strings(value: Value | undefined): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : undefined;
}

export function objects(value: Value | undefined): ObjectValue[] {
  return Array.isArray(value)
    ? value.filter((v): v is ObjectValue => v !== null && typeof v === "object" && !Array.isArray(v))
    : [];
}

/** A handler's `read`: the view of the object with the state's id, or null when it no longer exists. */
export function readById<T extends { readonly id: string }>(
  all: (org: Org) => readonly T[],
  view: (item: T) => ObjectValue,
) {
  return (ctx: Context, state: ObjectValue): ObjectValue | null => {
    const item = all(ctx.org()).find((candidate) => candidate.id === str(state.id));
    return item ? view(item) : null;
  };
}
