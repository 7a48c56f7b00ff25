/** Runs the real terraform, cdktf and app commands, never throwing on a non-zero exit. */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
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

export interface Running {
  readonly child: ChildProcess;
  /** stdout and stderr as they came, ANSI codes removed. */
  output(): string;
  stderr(): string;
  waitFor(text: string, timeoutMs: number): Promise<void>;
  exit(): Promise<number | null>;
}

/** Starts a process that runs until told to stop; `detached` gives it a process group, as a terminal does. */
export function start(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  options: { cwd?: string; detached?: boolean } = {},
): Running {
  const child = spawn(command, args, { cwd: options.cwd ?? PROJECT_ROOT, env, detached: options.detached ?? false });
  let output = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return {
    child,
    output: () => plain(output),
    stderr: () => plain(stderr),
    exit: () => exited,
    waitFor: (text, timeoutMs) =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const poll = setInterval(() => {
          if (plain(output).includes(text)) {
            clearInterval(poll);
            resolve();
          } else if (Date.now() - started > timeoutMs || child.exitCode !== null) {
            clearInterval(poll);
            reject(new Error(`never saw "${text}"; output:\n${plain(output)}`));
          }
        }, 100);
      }),
  };
}
