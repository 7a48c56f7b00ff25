/**
 * The doctors' checks and reports: one line per check for people, or `--json` (the report as it is:
 * docs/doctor.schema.json for an environment, docs/doctor-token.schema.json for a token).
 */
import { EXIT } from "../core/errors";

export interface Check<Id extends string = string> {
  readonly id: Id;
  readonly status: "pass" | "fail" | "skip";
  readonly detail: string;
  /** The one thing to do; empty unless the check failed. */
  readonly fix: string;
}

export function pass<Id extends string>(id: Id, detail: string): Check<Id> {
  return { id, status: "pass", detail, fix: "" };
}

export function fail<Id extends string>(id: Id, detail: string, fix: string): Check<Id> {
  return { id, status: "fail", detail, fix };
}

export function skip<Id extends string>(id: Id, detail: string): Check<Id> {
  return { id, status: "skip", detail, fix: "" };
}

export const RETRY = "Retry; if it persists, contact Genesys Cloud support with the correlation id.";

interface Report {
  readonly checks: readonly Check[];
}

const MARK = { pass: "PASS", fail: "FAIL", skip: "SKIP" } as const;

export function toLines(report: Report): string[] {
  return report.checks.map((c) => {
    const line = `${MARK[c.status]} ${c.id}: ${c.detail}`;
    return c.status === "fail" ? `${line} Fix: ${c.fix}` : line;
  });
}

/** Prints the report, as one line per check or `json`; returns the exit code: 1 when a check failed. */
export function printReport(report: Report, json: boolean, out: (line: string) => void): number {
  const lines = json ? [JSON.stringify(report)] : toLines(report);
  lines.forEach((line) => out(line));
  return report.checks.some((c) => c.status === "fail") ? EXIT.failure : 0;
}
