import * as fs from "fs";
import * as path from "path";
import { RunOptions, RunResult, Runner } from "../../commands/pipeline/run";
import { lockHolder, StackTerraform, StackTerraformProps, withTerraform } from "../../commands/pipeline/terraform";
import { tempDir } from "./support";

interface Call {
  readonly command: string;
  readonly args: readonly string[];
  readonly options: RunOptions;
}

function fakeRunner(answer: (args: readonly string[]) => Partial<RunResult>): { run: Runner; calls: Call[] } {
  const calls: Call[] = [];
  const run: Runner = (command, args, options) => {
    calls.push({ command, args, options });
    return { status: 0, stdout: "", ...answer(args) };
  };
  return { run, calls };
}

/** What terraform 1.11 prints on stderr when another run holds the state lock of a local backend. */
const LOCK_ERROR = `
╷
│ Error: Error acquiring the state lock
│
│ Error message: resource temporarily unavailable
│ Lock Info:
│   ID:        5b1a9b6e-2c1f-7d0a-3e4b-8f9a0b1c2d3e
│   Path:      /work/terraform.dev.tfstate
│   Operation: OperationTypeApply
│   Who:       runner@build-host
│   Version:   1.11.4
│   Created:   2026-12-01 20:01:02.123 +0000 UTC
│   Info:
│
│ Terraform acquires a state lock to protect the state from being written
│ by multiple users at the same time.
╵
`;

describe("StackTerraform", () => {
  const dir = tempDir("pipeline-terraform-");
  const props = (run: Runner, extra: Partial<StackTerraformProps> = {}): StackTerraformProps => ({
    stack: "dev",
    dir,
    env: { PATH: "/bin" },
    run,
    ...extra,
  });

  it("runs non-interactive commands in the stack folder, with a lock timeout, private files and its own data dir", async () => {
    const { run, calls } = fakeRunner(() => ({}));
    const terraform = new StackTerraform(props(run, { env: { PATH: "/bin", AWS_ACCESS_KEY_ID: "" } }));
    await terraform.init();
    await terraform.apply("plan.tfplan");
    expect(calls.map((call) => [call.command, ...call.args])).toEqual([
      ["terraform", "init", "-input=false", "-lock-timeout=0s"],
      ["terraform", "apply", "-input=false", "-lock-timeout=0s", "plan.tfplan"],
    ]);
    const dataDir = path.join(terraform.runDir, "data");
    expect(calls[0].options).toEqual({
      cwd: dir,
      env: { PATH: "/bin", CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_DATA_DIR: dataDir },
      capture: false,
      privateFiles: true,
    });
    expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(terraform.runDir).mode & 0o777).toBe(0o700);
    terraform.dispose();
    expect(fs.existsSync(terraform.runDir)).toBe(false);
  });

  it("gets a fresh data dir each session, removed however the session ends", async () => {
    const { run, calls } = fakeRunner(() => ({}));
    const dirs: string[] = [];
    await withTerraform(props(run), async (terraform) => void dirs.push(terraform.runDir));
    await expect(
      withTerraform(props(run), async (terraform) => {
        dirs.push(terraform.runDir);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(dirs[0]).not.toBe(dirs[1]);
    for (const folder of dirs) expect(fs.existsSync(folder)).toBe(false);
    expect(calls).toHaveLength(0);
  });

  it("reads plan's detailed exit code as changes or none, and passes lock and plan file", async () => {
    const { run, calls } = fakeRunner((args) => ({ status: args.includes("-out=p") ? 2 : 0 }));
    const terraform = new StackTerraform(props(run, { binary: "/opt/terraform", lockTimeout: "5m" }));
    expect(await terraform.plan({ planFile: "p", lock: true })).toBe(true);
    expect(await terraform.plan({ lock: false })).toBe(false);
    expect(calls[0].args).toEqual(["plan", "-input=false", "-detailed-exitcode", "-lock-timeout=5m", "-out=p"]);
    expect(calls[1].args).toEqual(["plan", "-input=false", "-detailed-exitcode", "-lock=false"]);
    expect(calls[0].command).toBe("/opt/terraform");
    terraform.dispose();
  });

  it("names the stack and the command when terraform fails", async () => {
    const { run } = fakeRunner(() => ({ status: 1 }));
    await expect(withTerraform(props(run), (t) => t.plan({ lock: true }))).rejects.toThrow(
      `terraform plan failed for stack "dev" in ${dir} (exit code 1); see its output above.`,
    );
  });

  it("turns terraform's state lock error into one message naming the environment and the holder", async () => {
    const { run } = fakeRunner(() => ({ status: 1, stderr: LOCK_ERROR }));
    await expect(withTerraform(props(run), (t) => t.plan({ lock: true }))).rejects.toThrow(
      `The state of "dev" is locked by another terraform run (held by runner@build-host since 2026-12-01 20:01:02.123 ` +
        `+0000 UTC); terraform plan did not start. Wait for that run to finish, or give --lock-timeout (e.g. 5m)`,
    );
    expect(lockHolder("Error: Error acquiring the state lock\n")).toBe("terraform printed no lock holder");
    expect(lockHolder("Error: something else")).toBeUndefined();
  });

  it("says how to adopt a hand-made role when the provider cannot create one of that name", async () => {
    const stderr = "Error: Failed to create role  Acme Bot Partner (dev) bot sessions errror: API Error: 409\n";
    const { run } = fakeRunner(() => ({ status: 1, stderr }));
    await expect(withTerraform(props(run), (t) => t.apply("plan.tfplan"))).rejects.toThrow(
      `terraform apply failed for stack "dev" in ${dir} (exit code 1); see its output above. If the org already has a ` +
        `role of that name (made by hand), adopt it: set oauthClient.botSessionRole.adoptId to its id and deploy again`,
    );
  });

  it("says when terraform cannot be started", async () => {
    const { run } = fakeRunner(() => ({ status: null, startError: "spawn terraform ENOENT" }));
    await expect(withTerraform(props(run), (t) => t.init())).rejects.toThrow(
      `Could not run terraform for stack "dev": spawn terraform ENOENT. Is Terraform installed and on PATH?`,
    );
  });

  it("parses terraform output -json with zod, keeping the sensitive flag", async () => {
    const json = JSON.stringify({
      a: { value: "x", type: "string", sensitive: false },
      b: { value: "y", type: "string", sensitive: true },
    });
    const { run, calls } = fakeRunner(() => ({ stdout: json }));
    expect(await withTerraform(props(run), (t) => t.outputs())).toEqual({
      a: { value: "x", sensitive: false },
      b: { value: "y", sensitive: true },
    });
    expect(calls[0].options.capture).toBe(true);
  });

  it.each([
    ["not JSON", "nope", 'terraform output -json for stack "dev" did not print JSON'],
    ["not outputs", "[1]", 'terraform output -json for stack "dev" printed an unexpected shape'],
  ])("refuses output that is %s", async (_what, stdout, message) => {
    const { run } = fakeRunner(() => ({ stdout }));
    await expect(withTerraform(props(run), (t) => t.outputs())).rejects.toThrow(message);
  });

  it("refuses a stack folder that already holds a provider lock file; ignores a .terraform/ (its data dir is elsewhere)", () => {
    const stack = tempDir("pipeline-terraform-planted-");
    const { run } = fakeRunner(() => ({}));
    fs.mkdirSync(path.join(stack, ".terraform"));
    new StackTerraform({ ...props(run), dir: stack }).dispose();
    fs.writeFileSync(path.join(stack, ".terraform.lock.hcl"), "");
    expect(() => new StackTerraform({ ...props(run), dir: stack })).toThrow(
      `Refusing to run terraform for stack "dev": ${path.join(stack, ".terraform.lock.hcl")} is already there`,
    );
  });
});
