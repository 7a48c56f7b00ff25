/**
 * The sandbox's own statement of the Platform API facts it enforces, copied from the shared API
 * catalog (see README.md here) rather than imported from lib/, so that a wrong table in the
 * product is caught by the sandbox instead of mirrored by it.
 */
import * as operationFacts from "./api-operations.json";
import * as permissionFacts from "./permissions.json";
import * as operationScopes from "./api-scopes.json";
import * as scopeFacts from "./scopes.json";

export interface OperationFact {
  readonly method: string;
  /** The catalog's path template, e.g. `/api/v2/oauth/clients/{clientId}`. */
  readonly path: string;
  /** `ANY`: one of `permissions` suffices; `ALL`: each is needed; null: no permission needed. */
  readonly permissionMatch: "ANY" | "ALL" | null;
  readonly permissions: readonly string[];
  /** OAuth scopes of which a user token needs one (or `all`); absent when api-scopes.json does not list it. */
  readonly scopes?: readonly string[];
}

export const OPERATIONS: readonly OperationFact[] = operationFacts.operations as OperationFact[];

export function operationFact(method: string, path: string): OperationFact | undefined {
  const fact = OPERATIONS.find((op) => op.method === method && op.path === path);
  const scopes = operationScopes.operations.find((op) => op.method === method && op.path === path)?.scopes;
  return fact && { ...fact, ...(scopes ? { scopes } : {}) };
}

/** OAuth scope names the API defines. */
export const SCOPES: ReadonlySet<string> = new Set(scopeFacts.scopes);

/** Every permission (`domain:entity:action`) some operation requires. */
export const PERMISSIONS: readonly string[] = permissionFacts.permissions;
