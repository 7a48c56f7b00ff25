/**
 * `npm run --silent fleet` (USAGE, docs/fleet.md): every synthesized stack planned, or listed; the rows for people
 * (a table, then what is wrong) or for dashboards (`--json`, docs/fleet.schema.json).
 */
import { CUSTOMER_STACK_PREFIX, configDirFromEnv } from "../../lib/config/load";
import { loadInPromotionOrder } from "../core/environments";
import type { CommandIo } from "../core/cli";
import { runCli as coreRunCli, flag, help, parseCommandLine, processIo, runCommand, text } from "../core/cli";
import { EXIT, usageError } from "../core/errors";
import { parseGateway } from "../core/genesys-api";
import { type Runner, createRunner, interruptible } from "../core/run";
import { synthesizedStacks } from "../core/manifest";
import { toLines as toDoctorLines } from "../doctor/report";
import { type StackRow, planFleet } from "./plan";

export const USAGE = `Usage: npm run --silent fleet -- <command> [options]

Commands:
  plan                   terraform plan (read-only, no lock) of every synthesized stack; one row each:
                         stack, org, deploy phase, drift (docs/fleet.md)
      --live               also run the doctor against the live API for each stack (LIVE: pass, fail, skipped)
      --gateway <url>      with --live: send the API calls through this gateway
      --concurrency <n>    at most n terraform processes at once (default 4)
      --only <a,b,...>     only these stacks
      --json               print only the JSON report (docs/fleet.schema.json)
  stacks                 the stacks of the synthesized output, one per line
      --customers          only customer stacks (${CUSTOMER_STACK_PREFIX}<name>)
      --json               as one JSON array (for a GitHub Actions matrix)

Options of every command:
  --output <dir>         synthesized output (default: $CDKTF_OUTDIR or cdktf.out)
  --config-dir <dir>     environment configs (default: $PARTNER_OAUTH_CONFIG_DIR or config)

Credentials, per stack: GENESYSCLOUD_OAUTHCLIENT_ID__<STACK> and GENESYSCLOUD_OAUTHCLIENT_SECRET__<STACK> (or
GENESYSCLOUD_ACCESS_TOKEN__<STACK>), PARTNER_OAUTHCLIENT_SECRET__<STACK> for --live; <STACK> is the stack name in
upper case with "-" as "_" (customer-acme: CUSTOMER_ACME). Unsuffixed GENESYSCLOUD_* variables are never used.
Exit status: 0 no drift and no failed check, 1 drift or a failed or impossible check, 2 usage error.`;

const PLAN_ONLY = { live: flag, gateway: text, concurrency: text, only: text } as const;
const OPTIONS = { ...PLAN_ONLY, json: flag, customers: flag, output: text, "config-dir": text, help } as const;
const MAX_CONCURRENCY = 64;

export interface FleetIo extends CommandIo {
  /** Default: the real terraform, its output not shown. */
  readonly terraform?: Runner;
}

function concurrencyOf(text: string | undefined): number {
  if (text === undefined) return 4;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > MAX_CONCURRENCY) {
    throw usageError(`--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}; got "${text}"`);
  }
  return value;
}

export async function main(argv: readonly string[], io: FleetIo): Promise<number> {
  return runCommand(async () => {
    const { values, positionals } = parseCommandLine(undefined, argv, OPTIONS);
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const [command, ...rest] = positionals;
    if (command !== "plan" && command !== "stacks") {
      throw usageError(`fleet takes a command, "plan" or "stacks"; got ${command ? `"${command}"` : "none"}`);
    }
    if (rest.length > 0) throw usageError(`unexpected argument "${rest[0]}"`);
    const outDir = values.output ?? (io.env.CDKTF_OUTDIR || "cdktf.out");
    const all = synthesizedStacks(outDir, `Run "npm run pipeline:synth" first.`);
    if (command === "stacks") {
      const misplaced = Object.keys(PLAN_ONLY).find((name) => values[name as keyof typeof PLAN_ONLY] !== undefined);
      if (misplaced) throw usageError(`--${misplaced} is an option of "plan"`);
      const names = all.map((s) => s.name).filter((n) => !values.customers || n.startsWith(CUSTOMER_STACK_PREFIX));
      if (values.json) io.out(JSON.stringify(names));
      else names.forEach((name) => io.out(name));
      return 0;
    }
    if (values.customers) throw usageError(`--customers is an option of "stacks"; use --only with "plan"`);
    const concurrency = concurrencyOf(values.concurrency);
    if (values.gateway !== undefined && !values.live) throw usageError(`--gateway only applies with --live`);
    const gateway = values.gateway === undefined ? undefined : parseGateway(values.gateway);
    const only = values.only?.split(",").map((name) => name.trim());
    const unknown = only?.filter((name) => !all.some((s) => s.name === name)) ?? [];
    if (unknown.length > 0 || only?.length === 0) {
      throw usageError(
        `--only names ${unknown.map((n) => `"${n}"`).join(", ") || "no stack"}, which ${outDir} does not have ` +
          `(it has ${all.map((s) => s.name).join(", ") || "no stacks"})`,
      );
    }
    const stacks = only ? all.filter((s) => only.includes(s.name)) : all;
    const configDir = values["config-dir"] ?? configDirFromEnv(io.env);
    const configs = loadInPromotionOrder(configDir, process.cwd());
    // A signal stops new plans and reaches the running terraforms once (interruptible).
    const done = await interruptible(async (interruption) => {
      const rows = await planFleet({
        stacks,
        env: io.env,
        concurrency,
        live: values.live === true,
        configOf: (name) => configs.find((config) => config.name === name),
        gateway,
        terraform: io.terraform ?? createRunner("quiet"),
        interrupted: () => interruption.signal !== undefined,
      });
      const planned = rows.filter((row) => row !== undefined);
      interruption.check(
        () => `${planned.length} of ${stacks.length} stack(s) planned, the others not; a plan changes nothing.`,
      );
      return planned;
    });
    const attention = done.filter(needsAttention);
    if (values.json) io.out(JSON.stringify({ ok: attention.length === 0, stacks: done }));
    else toLines(done, attention, values.live === true).forEach((line) => io.out(line));
    return attention.length > 0 ? EXIT.failure : 0;
  }, io.err);
}

/** A stack needs attention when its plan has changes, could not tell, or a live check failed. */
function needsAttention(row: StackRow): boolean {
  return row.drift !== "no" || row.live?.verdict === "fail";
}

/** The table, then what is wrong with each stack of `attention` (those of `rows` that need it). */
function toLines(rows: readonly StackRow[], attention: readonly StackRow[], live: boolean): string[] {
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
  for (const row of attention) {
    if (row.drift !== "no") lines.push(`${row.stack}: drift ${row.drift}: ${row.detail}`);
    const failed = row.live?.checks.filter((c) => c.status === "fail") ?? [];
    lines.push(...toDoctorLines({ checks: failed }).map((line) => `${row.stack}: ${line}`));
  }
  lines.push(
    attention.length === 0
      ? `${rows.length} stack(s): no drift${live ? ", no failed live check" : ""}.`
      : `${attention.length} of ${rows.length} stack(s) need attention.`,
  );
  return lines;
}

/** The command line entry point (scripts/run-bundled.js). Ctrl-C stops new plans and interrupts running ones. */
export function runCli(argv: readonly string[]): void {
  coreRunCli("fleet", (args) => main(args, processIo()), argv);
}
