/** Runs the real terraform, cdktf and app commands, never throwing on a non-zero exit. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../sandbox/emulator/start";
import { recordStep } from "./timing";

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /**
   * stdout and stderr together with whitespace runs collapsed, for matching messages that
   * terraform wraps at 78 columns and that may land on either stream.
   */
  readonly output: string;
}

const TIMEOUT_MS = 60_000;
// cdktf and terraform colour and frame their messages; assertions want the plain words.
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
const FRAME = /^[ \t]*[│╷╵]\s?/gm;

export function plain(text: string): string {
  return text.replace(ANSI, "").replace(FRAME, "");
}

export function run(
  label: string,
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd = PROJECT_ROOT,
  timeoutMs = TIMEOUT_MS,
): RunResult {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 << 20 });
  recordStep(label, Date.now() - started);
  if (result.error) throw result.error;
  const stdout = plain(result.stdout ?? "");
  const stderr = plain(result.stderr ?? "");
  const output = `${stdout}\n${stderr}`.replace(/\s+/g, " ");
  return { code: result.status ?? -1, stdout, stderr, output };
}

export function terraform(stackDir: string, args: readonly string[], env: NodeJS.ProcessEnv): RunResult {
  const [subcommand = "", ...rest] = args;
  const noInput = needsNoInput(subcommand) ? ["-input=false"] : [];
  return run(`terraform ${subcommand}`, "terraform", [`-chdir=${stackDir}`, subcommand, ...noInput, ...rest], env);
}

function needsNoInput(subcommand: string | undefined): boolean {
  return ["init", "plan", "apply", "destroy", "import"].includes(subcommand ?? "");
}

export function cdktf(args: readonly string[], env: NodeJS.ProcessEnv): RunResult {
  return run(`cdktf ${args.slice(0, 2).join(" ")}`, join(PROJECT_ROOT, "node_modules", ".bin", "cdktf"), args, env);
}

/** What Terraform's JSON plan says it will do to each resource address. */
export function plannedActions(showJson: string): Record<string, string[]> {
  const plan = JSON.parse(showJson) as { resource_changes?: { address: string; change: { actions: string[] } }[] };
  return Object.fromEntries((plan.resource_changes ?? []).map((rc) => [rc.address, rc.change.actions]));
}
