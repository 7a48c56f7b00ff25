/**
 * The doctors' reports: one line per check for people, or `--json` (docs/doctor.schema.json for an
 * environment, docs/doctor-token.schema.json for a token).
 */
import type { DoctorReport } from "./checks";
import type { TokenReport } from "./token-checks";

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

interface Check {
  readonly id: string;
  readonly status: "pass" | "fail" | "skip";
  readonly detail: string;
  readonly fix: string;
}

const checksOf = (checks: readonly Check[]) =>
  checks.map(({ id, status, detail, fix }) => ({ id, status, detail, fix }));

export function exitCode(report: { readonly checks: readonly Check[] }): number {
  return report.checks.some((c) => c.status === "fail") ? EXIT.failed : EXIT.ok;
}

export function toJson(report: DoctorReport): string {
  return JSON.stringify({ environment: report.environment, checks: checksOf(report.checks) });
}

export function toTokenJson(report: TokenReport): string {
  const t = report.token;
  const entity = (e: { id: string; name: string | null } | null) => (e ? { id: e.id, name: e.name } : null);
  return JSON.stringify({
    token: t && {
      organization: entity(t.organization),
      homeOrganization: entity(t.homeOrganization),
      client: {
        id: t.client.id,
        name: t.client.name,
        organization: entity(t.client.organization),
        grantType: t.client.grantType,
      },
      kind: t.kind,
      scopes: [...t.scopes],
    },
    checks: checksOf(report.checks),
  });
}

const MARK = { pass: "PASS", fail: "FAIL", skip: "SKIP" } as const;

export function toLines(report: { readonly checks: readonly Check[] }): string[] {
  return report.checks.map((c) => {
    const line = `${MARK[c.status]} ${c.id}: ${c.detail}`;
    return c.status === "fail" ? `${line} Fix: ${c.fix}` : line;
  });
}
