/** The doctor's report: one line per check for people, or `--json` (docs/doctor.schema.json). */
import type { DoctorReport } from "./checks";

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export function exitCode(report: DoctorReport): number {
  return report.checks.some((c) => c.status === "fail") ? EXIT.failed : EXIT.ok;
}

export function toJson(report: DoctorReport): string {
  return JSON.stringify({
    environment: report.environment,
    checks: report.checks.map(({ id, status, detail, fix }) => ({ id, status, detail, fix })),
  });
}

const MARK = { pass: "PASS", fail: "FAIL", skip: "SKIP" } as const;

export function toLines(report: DoctorReport): string[] {
  return report.checks.map((c) => {
    const line = `${MARK[c.status]} ${c.id}: ${c.detail}`;
    return c.status === "fail" ? `${line} Fix: ${c.fix}` : line;
  });
}
