/** The fleet's rows for people (a table, then what is wrong) or for dashboards (`--json`, docs/fleet.schema.json). */
import { EXIT } from "../core/errors";
import { toLines as toDoctorLines } from "../doctor/report";
import type { StackRow } from "./plan";

/** A stack needs attention when its plan has changes, could not tell, or a live check failed. */
function needsAttention(row: StackRow): boolean {
  return row.drift !== "no" || row.live?.verdict === "fail";
}

export function exitCode(rows: readonly StackRow[]): number {
  return rows.some(needsAttention) ? EXIT.failure : 0;
}

export function toJson(rows: readonly StackRow[]): string {
  return JSON.stringify({ ok: !rows.some(needsAttention), stacks: rows });
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
    const failed = row.live?.checks.filter((c) => c.status === "fail") ?? [];
    lines.push(...toDoctorLines({ checks: failed }).map((line) => `${row.stack}: ${line}`));
  }
  const attention = rows.filter(needsAttention).length;
  lines.push(
    attention === 0
      ? `${rows.length} stack(s): no drift${live ? ", no failed live check" : ""}.`
      : `${attention} of ${rows.length} stack(s) need attention.`,
  );
  return lines;
}
