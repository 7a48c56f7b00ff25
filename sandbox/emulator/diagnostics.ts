/** Provider diagnostics, in the wording the SDK v2 helpers and the Genesys provider use. */
import type { HttpError } from "../api/http";

export type PathStep = string | number;

export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  /** Attribute path; stops at a set, as SDK v2 paths do (set elements have no stable index). */
  readonly path?: readonly PathStep[];
}

export function error(summary: string, detail?: string, path?: readonly PathStep[]): Diagnostic {
  return { severity: "error", summary, ...(detail ? { detail } : {}), ...(path ? { path } : {}) };
}

export function warning(summary: string, detail?: string): Diagnostic {
  return { severity: "warning", summary, ...(detail ? { detail } : {}) };
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === "error");
}

/** Like the provider's `util.BuildAPIDiagnosticError`: summary with the error as the platform SDK words it, JSON detail. */
export function apiDiagnostic(resourceType: string, summary: string, err: HttpError): Diagnostic {
  const detail = JSON.stringify({
    resourceType,
    method: err.call?.method,
    path: err.call?.path,
    statusCode: err.status,
    errorMessage: err.message,
    correlationId: "emulator",
  });
  return error(`${summary} | error: API Error: ${err.status} - ${err.message} (emulator)`, detail);
}

export function toProtocolDiagnostic(d: Diagnostic): object {
  const steps = d.path?.map((step) =>
    typeof step === "number" ? { element_key_int: step } : { attribute_name: step },
  );
  // The protocol's enum by name (ERROR, WARNING), as protobufjs's fromObject reads it.
  return {
    severity: d.severity.toUpperCase(),
    summary: d.summary,
    detail: d.detail ?? "",
    ...(steps ? { attribute: { steps } } : {}),
  };
}
