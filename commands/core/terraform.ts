import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { z } from "zod";
import { CommandError } from "./errors";
import { type ChildPurpose, terraformEnv } from "./credentials";
import { RunResult, Runner } from "./run";

const outputsSchema = z.record(z.string(), z.object({ value: z.unknown(), sensitive: z.boolean().default(false) }));

/** `terraform output -json`: one entry per output. */
export type TerraformOutputs = z.infer<typeof outputsSchema>;

const planSchema = z.object({
  resource_changes: z
    .array(z.object({ address: z.string(), type: z.string(), change: z.object({ actions: z.array(z.string()) }) }))
    .default([]),
});

/** `terraform show -json <plan>`, the part the pipeline reads. */
export type TerraformPlan = z.infer<typeof planSchema>;

export interface StackTerraformProps {
  readonly stack: string;
  /** The stack's folder in the synthesized output: terraform's working directory. */
  readonly dir: string;
  /** The caller's environment; terraform gets only what terraformEnv lets through. */
  readonly env: NodeJS.ProcessEnv;
  readonly run: Runner;
  /** How long to wait for the state lock (terraform's -lock-timeout, e.g. "0s", "5m"). */
  readonly lockTimeout?: string;
  /** For output read rather than watched (the fleet's rows): terraform prints no colour codes. */
  readonly noColor?: boolean;
}

/** A terraform command that could not start or failed: its exit code and the end of its stderr, for the caller. */
export class TerraformFailed extends CommandError {
  constructor(
    message: string,
    readonly status: number | null,
    readonly stderr: string,
  ) {
    super(message);
  }
}

/** A provider lock file already in the stack's folder: the lock must come from this run only. */
export class PlantedLockFile extends CommandError {
  constructor(
    stack: string,
    readonly file: string,
  ) {
    super(
      `Refusing to run terraform for stack "${stack}": ${file} is already there (planted into the artifact, ` +
        `left by plain terraform or cdktf, or written by a pipeline run going on in this folder now); the provider ` +
        `lock must come from this run only. Nothing was run. Run "npm run pipeline:synth" again.`,
    );
  }
}

/** Prefix of the private per-run folders (terraform's data dir, the plan) in the temp folder. */
const RUN_FOLDER_PREFIX = "pipeline-run-";

/**
 * Terraform in one synthesized stack's folder, with a fresh private TF_DATA_DIR (0700, removed by `dispose`):
 * nothing of an earlier run or of the artifact is reused, and the plan file lives there, for this user only.
 */
export class StackTerraform {
  readonly runDir: string;
  private readonly dataDir: string;
  /** terraform's -lock-timeout argument: "0s" (fail at once when the lock is held) unless told. */
  private readonly lockArg: string;

  constructor(private readonly props: StackTerraformProps) {
    terraformEnv(props.env, "state-only", ""); // refuses a TF_* variable before anything is created
    // Terraform reads a provider lock file in its working directory whatever TF_DATA_DIR says.
    const lockFile = path.join(props.dir, ".terraform.lock.hcl");
    if (fs.existsSync(lockFile)) throw new PlantedLockFile(props.stack, lockFile);
    this.runDir = fs.mkdtempSync(path.join(os.tmpdir(), `${RUN_FOLDER_PREFIX}${process.pid}-`));
    this.dataDir = path.join(this.runDir, "data");
    fs.mkdirSync(this.dataDir, { mode: 0o700 });
    this.lockArg = `-lock-timeout=${props.lockTimeout ?? "0s"}`;
  }

  dispose(): void {
    fs.rmSync(this.runDir, { recursive: true, force: true });
    fs.rmSync(path.join(this.props.dir, ".terraform.lock.hcl"), { force: true });
  }

  async init(): Promise<void> {
    await this.exec(["init", "-input=false", this.lockArg], "state-only");
  }

  /** Plans (optionally into `planFile`); true when there are changes to apply. */
  async plan(options: { readonly planFile?: string; readonly lock: boolean }): Promise<boolean> {
    const args = ["plan", "-input=false", "-detailed-exitcode"];
    args.push(options.lock ? this.lockArg : "-lock=false");
    if (options.planFile) args.push(`-out=${options.planFile}`);
    return (await this.exec(args, "genesys", [0, 2])).status === 2;
  }

  async apply(planFile: string): Promise<void> {
    await this.exec(["apply", "-input=false", this.lockArg, planFile], "genesys");
  }

  /** `terraform show -json` of a saved plan. */
  show(planFile: string): Promise<TerraformPlan> {
    return this.json(["show", "-json", planFile], planSchema);
  }

  /** `terraform output -json`: every output of the stack's state, sensitive ones included. */
  outputs(): Promise<TerraformOutputs> {
    return this.json(["output", "-json"], outputsSchema);
  }

  /** A command that reads the state or a plan and prints JSON, checked by `schema`. */
  private async json<T>(args: string[], schema: z.ZodType<T>): Promise<T> {
    const { stdout } = await this.exec(args, "state-only", [0], true);
    const what = `terraform ${args[0]} -json for stack "${this.props.stack}"`;
    let json: unknown;
    try {
      json = JSON.parse(stdout);
    } catch {
      throw new CommandError(`${what} did not print JSON`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new CommandError(`${what} printed an unexpected shape`);
    return parsed.data;
  }

  private async exec(
    args: string[],
    purpose: ChildPurpose,
    ok: readonly number[] = [0],
    capture = false,
  ): Promise<RunResult> {
    const what = `terraform ${args[0]}`;
    const env = terraformEnv(this.props.env, purpose, this.dataDir);
    if (this.props.noColor) args = [...args, "-no-color"];
    const result = await this.props.run("terraform", args, { cwd: this.props.dir, env, capture, privateFiles: true });
    if (result.startError !== undefined) {
      throw new TerraformFailed(
        `Could not run terraform for stack "${this.props.stack}": ${result.startError}. Is Terraform installed and on PATH?`,
        null,
        `Error: terraform is not on PATH (${result.startError})`,
      );
    }
    const stderr = result.stderr ?? "";
    if (result.status === null || !ok.includes(result.status)) {
      const holder = lockHolder(stderr);
      if (holder !== undefined) {
        throw new TerraformFailed(
          `The state of "${this.props.stack}" is locked by another terraform run (${holder}); ${what} did not start. ` +
            `Wait for that run to finish, or give --lock-timeout (e.g. 5m) to wait for it; if no run holds it ` +
            `(a crashed one), terraform force-unlock releases it.`,
          result.status,
          stderr,
        );
      }
      throw new TerraformFailed(
        `${what} failed for stack "${this.props.stack}" in ${this.props.dir} (exit code ${result.status}); see its output above.` +
          adoptionHint(stderr),
        result.status,
        stderr,
      );
    }
    return result;
  }
}

/** A role of that name exists (made by hand): the stack can adopt it instead of creating its own. */
function adoptionHint(stderr: string): string {
  if (!/Failed to create role/.test(stderr)) return "";
  return (
    ` If the org already has a role of that name (made by hand), adopt it: set oauthClient.botSessionRole.adoptId ` +
    `to its id and deploy again (docs/multi-tenant.md, "Adopting an existing client").`
  );
}

/** What terraform init writes, never taken from an artifact: a planted provider with its lock entry would run. */
export const TERRAFORM_DATA = [".terraform", ".terraform.lock.hcl"];

/** The "Who:" line terraform printed with "Error acquiring the state lock", or undefined for another error. */
export function lockHolder(stderr: string): string | undefined {
  if (!stderr.includes("Error acquiring the state lock")) return undefined;
  const plain = stderr.replace(/\x1b\[[0-9;]*m/g, "");
  const who = /^[│\s]*Who:\s*(.*?)\s*$/m.exec(plain)?.[1];
  const created = /^[│\s]*Created:\s*(.*?)\s*$/m.exec(plain)?.[1];
  if (!who) return "terraform printed no lock holder";
  return `held by ${who}${created ? ` since ${created}` : ""}`;
}

/** Runs `action` with a StackTerraform whose private folder is removed however `action` ends. */
export async function withTerraform<T>(
  props: StackTerraformProps,
  action: (terraform: StackTerraform) => Promise<T>,
): Promise<T> {
  const terraform = new StackTerraform(props);
  try {
    return await action(terraform);
  } finally {
    terraform.dispose();
  }
}

/** Lock timeouts terraform understands; anything else is a usage mistake caught before terraform runs. */
export const LOCK_TIMEOUT = /^\d+(ms|s|m|h)$/;

/** Removes what killed runs left: run folders of pids no longer running, and older versions' `.pipeline-plan-*`. */
export function sweepStaleRuns(stackDir: string): void {
  const runFolder = new RegExp(`^${RUN_FOLDER_PREFIX}(\\d+)-`);
  const stale = [
    ...fs
      .readdirSync(stackDir)
      .flatMap((entry) => (entry.startsWith(".pipeline-plan-") ? [path.join(stackDir, entry)] : [])),
    ...fs.readdirSync(os.tmpdir()).flatMap((entry) => {
      const pid = runFolder.exec(entry)?.[1];
      return pid !== undefined && !isRunning(Number(pid)) ? [path.join(os.tmpdir(), entry)] : [];
    }),
  ];
  for (const target of stale) {
    try {
      fs.rmSync(target, { recursive: true, force: true });
    } catch {
      // Another user's folder in a shared temp folder is theirs to sweep.
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
