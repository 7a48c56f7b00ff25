import * as fs from "fs";
import * as path from "path";
import { terraformEnv } from "./credentials";
import { CommandError } from "../core/errors";
import { AsyncRunner, asyncRunnerOf, Runner } from "./run";

/** One entry of `terraform output -json`. */
export interface TerraformOutput {
  readonly value: unknown;
  readonly sensitive: boolean;
}

/** Terraform commands run in one synthesized stack's directory, failing with the stack's name. */
export class StackTerraform {
  private readonly env: NodeJS.ProcessEnv;
  private readonly runAsync: AsyncRunner;

  constructor(
    private readonly stack: string,
    private readonly dir: string,
    env: NodeJS.ProcessEnv,
    private readonly run: Runner,
    private readonly binary = "terraform",
    /** Runs plan and apply, which must be interruptible; default: `run`. */
    runAsync?: AsyncRunner,
  ) {
    this.env = terraformEnv(env);
    this.runAsync = runAsync ?? asyncRunnerOf(run);
  }

  /** terraform init; with `ifNeeded`, only when the directory was never initialized. */
  init(ifNeeded = false): void {
    if (ifNeeded && fs.existsSync(path.join(this.dir, ".terraform"))) return;
    this.exec(["init", "-input=false"], "terraform init");
  }

  /** Plans (optionally into `planFile`, relative to the stack's folder); true when there are changes to apply. */
  async plan(options: { readonly planFile?: string; readonly lock: boolean }): Promise<boolean> {
    const args = ["plan", "-input=false", "-detailed-exitcode"];
    if (!options.lock) args.push("-lock=false");
    if (options.planFile) args.push(`-out=${options.planFile}`);
    const result = await this.runAsync(this.binary, args, { cwd: this.dir, env: this.env });
    return this.checkStatus(result.status, result.startError, "terraform plan", [0, 2]) === 2;
  }

  async apply(planFile: string): Promise<void> {
    const result = await this.runAsync(this.binary, ["apply", "-input=false", planFile], {
      cwd: this.dir,
      env: this.env,
    });
    this.checkStatus(result.status, result.startError, "terraform apply", [0]);
  }

  /** `terraform output -json`: every output of the stack's state, sensitive ones included. */
  outputs(): Record<string, TerraformOutput> {
    const result = this.run(this.binary, ["output", "-json"], { cwd: this.dir, env: this.env, capture: true });
    this.checkStatus(result.status, result.startError, "terraform output", [0]);
    let parsed: unknown;
    try {
      parsed = JSON.parse(result.stdout);
    } catch {
      throw new CommandError(`terraform output -json for stack "${this.stack}" did not print JSON`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new CommandError(`terraform output -json for stack "${this.stack}" did not print an object`);
    }
    return Object.fromEntries(
      Object.entries(parsed as Record<string, { value?: unknown; sensitive?: unknown }>).map(([name, entry]) => [
        name,
        { value: entry?.value, sensitive: entry?.sensitive === true },
      ]),
    );
  }

  private exec(args: string[], what: string, okStatuses: readonly number[] = [0]): number {
    const result = this.run(this.binary, args, { cwd: this.dir, env: this.env });
    return this.checkStatus(result.status, result.startError, what, okStatuses);
  }

  private checkStatus(
    status: number | null,
    startError: string | undefined,
    what: string,
    ok: readonly number[],
  ): number {
    if (startError !== undefined) {
      throw new CommandError(
        `Could not run ${this.binary} for stack "${this.stack}": ${startError}. Is Terraform installed and on PATH?`,
      );
    }
    if (status === null || !ok.includes(status)) {
      throw new CommandError(
        `${what} failed for stack "${this.stack}" in ${this.dir} (exit code ${status}); see its output above.`,
      );
    }
    return status;
  }
}
