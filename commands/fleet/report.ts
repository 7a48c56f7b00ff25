/** The fleet's rows for people (a table, then what is wrong) or for dashboards (`--json`, docs/fleet.schema.json). */
import type { StackRow } from "./plan";

export const EXIT = { ok: 0, problem: 1, usage: 2, interrupted: 130 } as const;

/** A stack needs attention when its plan has changes, could not tell, or a live check failed. */
export function needsAttention(row: StackRow): boolean {
  return row.drift !== "no" || row.live?.verdict === "fail";
}

export function exitCode(rows: readonly StackRow[]): number {
  return rows.some(needsAttention) ? EXIT.problem : EXIT.ok;
}

export function toJson(rows: readonly StackRow[]): string {
  return JSON.stringify({
    ok: !rows.some(needsAttention),
    stacks: rows.map((row) => ({
      stack: row.stack,
      organization: row.organization,
      deployPhase: row.deployPhase,
      drift: row.drift,
      detail: row.detail,
      live:
        row.live === null
          ? null
          : {
              verdict: row.live.verdict,
              detail: row.live.detail,
              checks: row.live.checks.map(({ id, status, detail, fix }) => ({ id, status, detail, fix })),
            },
    })),
  });
}

export function toLines(rows: readonly StackRow[], live: boolean): string[] {
  const table = rows.map((row) => [
    row.stack,
    row.organization.name ?? "-",
    row.deployPhase ?? "not deployed",
    row.drift,
    ...(live ? [row.live?.verdict ?? "-"] : []),
  ]);
  const header = ["STACK", "ORG", "PHASE", "DRIFT", ...(live ? ["LIVE"] : [])];
  const widths = header.map((title, i) => Math.max(title.length, ...table.map((cells) => cells[i]!.length)));
  const format = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const lines = [format(header), ...table.map(format)];
  for (const row of rows.filter(needsAttention)) {
    if (row.drift !== "no") lines.push(`${row.stack}: drift ${row.drift}: ${row.detail}`);
    if (row.live?.verdict === "fail") {
      for (const check of row.live.checks.filter((c) => c.status === "fail")) {
        lines.push(`${row.stack}: FAIL ${check.id}: ${check.detail} Fix: ${check.fix}`);
      }
    }
  }
  const attention = rows.filter(needsAttention).length;
  lines.push(
    attention === 0
      ? `${rows.length} stack(s): no drift${live ? ", no failed live check" : ""}.`
      : `${attention} of ${rows.length} stack(s) need attention.`,
  );
  return lines;
}
