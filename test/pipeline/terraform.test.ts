import * as fs from "fs";
import * as path from "path";
import { RunOptions, RunResult, Runner } from "../../commands/pipeline/run";
import { StackTerraform } from "../../commands/pipeline/terraform";
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

describe("StackTerraform", () => {
  const dir = tempDir("pipeline-terraform-");

  it("runs non-interactive commands in the stack folder, without empty credential variables", async () => {
    const { run, calls } = fakeRunner(() => ({}));
    const terraform = new StackTerraform("dev", dir, { PATH: "/bin", AWS_ACCESS_KEY_ID: "" }, run);
    terraform.init();
    await terraform.apply("plan.tfplan");
    expect(calls.map((call) => [call.command, ...call.args])).toEqual([
      ["terraform", "init", "-input=false"],
      ["terraform", "apply", "-input=false", "plan.tfplan"],
    ]);
    expect(calls[0].options).toEqual({ cwd: dir, env: { PATH: "/bin" } });
  });

  it("skips init when asked to and the folder was initialized", () => {
    const { run, calls } = fakeRunner(() => ({}));
    const initialized = tempDir("pipeline-terraform-");
    fs.mkdirSync(path.join(initialized, ".terraform"));
    new StackTerraform("dev", initialized, {}, run).init(true);
    new StackTerraform("dev", dir, {}, run).init(true);
    expect(calls).toHaveLength(1);
  });

  it("reads plan's detailed exit code as changes or none, and passes lock and plan file", async () => {
    const { run, calls } = fakeRunner((args) => ({ status: args.includes("-out=p") ? 2 : 0 }));
    const terraform = new StackTerraform("dev", dir, {}, run, "/opt/terraform");
    expect(await terraform.plan({ planFile: "p", lock: true })).toBe(true);
    expect(await terraform.plan({ lock: false })).toBe(false);
    expect(calls[0].args).toEqual(["plan", "-input=false", "-detailed-exitcode", "-out=p"]);
    expect(calls[1].args).toEqual(["plan", "-input=false", "-detailed-exitcode", "-lock=false"]);
    expect(calls[0].command).toBe("/opt/terraform");
  });

  it("names the stack and the command when terraform fails", async () => {
    const { run } = fakeRunner(() => ({ status: 1 }));
    await expect(new StackTerraform("prod", dir, {}, run).plan({ lock: true })).rejects.toThrow(
      `terraform plan failed for stack "prod" in ${dir} (exit code 1); see its output above.`,
    );
  });

  it("says when terraform cannot be started", () => {
    const { run } = fakeRunner(() => ({ status: null, startError: "spawnSync terraform ENOENT" }));
    expect(() => new StackTerraform("dev", dir, {}, run).init()).toThrow(
      `Could not run terraform for stack "dev": spawnSync terraform ENOENT. Is Terraform installed and on PATH?`,
    );
  });

  it("parses terraform output -json, keeping the sensitive flag", () => {
    const json = JSON.stringify({
      a: { value: "x", type: "string", sensitive: false },
      b: { value: "y", type: "string", sensitive: true },
    });
    const { run, calls } = fakeRunner(() => ({ stdout: json }));
    expect(new StackTerraform("dev", dir, {}, run).outputs()).toEqual({
      a: { value: "x", sensitive: false },
      b: { value: "y", sensitive: true },
    });
    expect(calls[0].options.capture).toBe(true);
  });

  it.each([
    ["not JSON", "oops", "did not print JSON"],
    ["not an object", "[]", "did not print an object"],
  ])("rejects output that is %s", (_name, stdout, expected) => {
    const { run } = fakeRunner(() => ({ stdout }));
    expect(() => new StackTerraform("dev", dir, {}, run).outputs()).toThrow(
      `terraform output -json for stack "dev" ${expected}`,
    );
  });
});
