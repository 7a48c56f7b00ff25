import fs = require("fs");
import * as path from "path";
import { BUILD_INFO_FILE, readBuildInfo, writeBuildInfo } from "../../commands/pipeline/build-info";
import { deploy } from "../../commands/pipeline/deploy";
import { diff } from "../../commands/pipeline/diff";
import { CommandError } from "../../commands/core/errors";
import { writeFileAtomically } from "../../commands/core/files";
import { LOCK_FILE } from "../../commands/pipeline/lock";
import { Runner, RunOptions } from "../../commands/pipeline/run";
import { deployOptions, goodOutputs, synthesizedProject, TempProject } from "./support";

/**
 * The pipeline's hostile-input corpus: what someone could leave in cdktf.out, point an option at,
 * or do at the same time, and what each command must do instead of failing open. In-process:
 * terraform is faked here; e2e/pipeline-safety.e2e.test.ts does the same with real processes.
 */

interface Call {
  readonly args: readonly string[];
  readonly options: RunOptions;
}

/** A terraform stand-in: records calls, plans changes, prints the outputs of a healthy stack. */
function fakeTerraform(during?: (call: Call) => Partial<{ status: number }> | void): { run: Runner; calls: Call[] } {
  const calls: Call[] = [];
  const run: Runner = (_command, args, options) => {
    const call = { args, options };
    calls.push(call);
    const answer = during?.(call) ?? {};
    if (args[0] === "output") {
      const outputs = Object.fromEntries(
        Object.entries(goodOutputs()).map(([name, value]) => [name, { value, sensitive: false }]),
      );
      return { status: 0, stdout: JSON.stringify(outputs) };
    }
    return { status: answer.status ?? (args[0] === "plan" ? 2 : 0), stdout: "" };
  };
  return { run, calls };
}

const stackDir = (project: TempProject) => path.join(project.outDir, "stacks", "dev");
const planArgument = (calls: Call[]) =>
  calls.find((c) => c.args[0] === "plan")!.args.find((a) => a.startsWith("-out="))!;

describe("deploy and diff run terraform only on what synth built", () => {
  it.each([
    [
      "a hand-edited cdk.tf.json (the org guard's postcondition removed)",
      (project: TempProject) => {
        const file = path.join(stackDir(project), "cdk.tf.json");
        fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("organization_id", "organization_idx"));
      },
      "stacks/dev/cdk.tf.json (changed)",
    ],
    [
      "one changed byte",
      (project: TempProject) => {
        const file = path.join(stackDir(project), "cdk.tf.json");
        const bytes = fs.readFileSync(file);
        bytes[bytes.length - 1] ^= 1;
        fs.writeFileSync(file, bytes);
      },
      "stacks/dev/cdk.tf.json (changed)",
    ],
    [
      "an added *.tf file terraform would load",
      (project: TempProject) => fs.writeFileSync(path.join(stackDir(project), "override.tf"), 'output "x" {}'),
      "stacks/dev/override.tf (added)",
    ],
    [
      "a missing stack file of another environment",
      (project: TempProject) => fs.rmSync(path.join(project.outDir, "stacks", "prod", "cdk.tf.json")),
      "stacks/prod/cdk.tf.json (missing)",
    ],
    [
      "an edited manifest",
      (project: TempProject) => fs.appendFileSync(path.join(project.outDir, "manifest.json"), " "),
      "manifest.json (changed)",
    ],
  ])("refuses %s, naming the file, before terraform runs", async (_title, tamper, named) => {
    for (const command of ["deploy", "diff"] as const) {
      const project = synthesizedProject();
      tamper(project);
      const { run, calls } = fakeTerraform();
      const running =
        command === "deploy"
          ? deploy({ ...project.context(), run }, deployOptions(project))
          : diff({ ...project.context(), run }, { environment: "dev", ifCredentials: false });
      await expect(running).rejects.toThrow(named);
      expect(calls).toEqual([]);
    }
  });

  it("refuses a build record without output digests (an older or hand-written build-info.json)", async () => {
    const project = synthesizedProject();
    const { output: _dropped, ...older } = readBuildInfo(project.outDir);
    fs.writeFileSync(path.join(project.outDir, BUILD_INFO_FILE), JSON.stringify(older));
    const { run, calls } = fakeTerraform();
    await expect(deploy({ ...project.context(), run }, deployOptions(project))).rejects.toThrow(
      "is not a build-info file of this pipeline",
    );
    expect(calls).toEqual([]);
  });

  it("refuses a stack working directory outside cdktf.out, even when recorded", async () => {
    const project = synthesizedProject();
    const manifestFile = path.join(project.outDir, "manifest.json");
    const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
    manifest.stacks.dev.workingDirectory = "../../elsewhere";
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    writeBuildInfo(project.outDir, readBuildInfo(project.outDir));
    const { run, calls } = fakeTerraform();
    await expect(deploy({ ...project.context(), run }, deployOptions(project))).rejects.toThrow(
      `Refusing the working directory of stack "dev" in manifest.json`,
    );
    expect(calls).toEqual([]);
  });

  it("refuses a stack folder that is a symbolic link out of cdktf.out", async () => {
    const project = synthesizedProject();
    const elsewhere = path.join(project.dir, "elsewhere");
    fs.renameSync(stackDir(project), elsewhere);
    fs.symlinkSync(elsewhere, stackDir(project));
    writeBuildInfo(project.outDir, readBuildInfo(project.outDir));
    const { run, calls } = fakeTerraform();
    await expect(deploy({ ...project.context(), run }, deployOptions(project))).rejects.toThrow(
      /is outside .*cdktf\.out/,
    );
    expect(calls).toEqual([]);
  });
});

describe("the plan file", () => {
  it("is private (0600 in a 0700 folder), unique per run and removed after success", async () => {
    const project = synthesizedProject();
    const seen: { file: string; mode: number; folderMode: number }[] = [];
    const { run, calls } = fakeTerraform(({ args, options: runOptions }) => {
      const out = args.find((a) => a.startsWith("-out="));
      if (!out) return;
      const file = path.join(runOptions.cwd, out.slice("-out=".length));
      seen.push({
        file,
        mode: fs.statSync(file).mode & 0o777,
        folderMode: fs.statSync(path.dirname(file)).mode & 0o777,
      });
    });
    await deploy({ ...project.context(), run }, deployOptions(project));
    await deploy({ ...project.context(), run }, deployOptions(project));
    expect(seen.map(({ mode, folderMode }) => [mode, folderMode])).toEqual([
      [0o600, 0o700],
      [0o600, 0o700],
    ]);
    expect(seen[0].file).not.toBe(seen[1].file);
    expect(planArgument(calls)).not.toContain("pipeline.tfplan");
    for (const { file } of seen) expect(fs.existsSync(path.dirname(file))).toBe(false);
  });

  it.each([
    ["plan fails", { plan: 1 }],
    ["apply fails", { apply: 1 }],
  ])("is removed when %s, and the lock released", async (_title, statuses: Record<string, number>) => {
    const project = synthesizedProject();
    const { run } = fakeTerraform(({ args }) => ({ status: statuses[args[0]] }));
    await expect(deploy({ ...project.context(), run }, deployOptions(project))).rejects.toThrow(CommandError);
    expect(fs.readdirSync(stackDir(project)).filter((f) => f.startsWith(".pipeline"))).toEqual([]);
  });

  it("is removed when the runner throws (an exception, not a failed command)", async () => {
    const project = synthesizedProject();
    const { run } = fakeTerraform(({ args }) => {
      if (args[0] === "apply") throw new Error("boom");
    });
    await expect(deploy({ ...project.context(), run }, deployOptions(project))).rejects.toThrow("boom");
    expect(fs.readdirSync(stackDir(project)).filter((f) => f.startsWith(".pipeline"))).toEqual([]);
  });
});

describe("signals", () => {
  it.each([
    [
      "SIGINT",
      "apply",
      130,
      /Interrupted \(SIGINT\): terraform apply of "dev" was stopped; part of the plan may be applied/,
    ],
    ["SIGTERM", "apply", 143, /Interrupted \(SIGTERM\): terraform apply of "dev" was stopped/],
    ["SIGINT", "plan", 130, /Interrupted \(SIGINT\): nothing was applied to "dev"/],
  ] as const)(
    "%s during %s: waits for terraform, cleans up, fails with one line",
    async (signal, step, code, message) => {
      const project = synthesizedProject();
      const { run, calls } = fakeTerraform(({ args }) => {
        if (args[0] !== step) return;
        // What the terminal or CI does; terraform (here: this fake) then stops and exits non-zero.
        process.emit(signal, signal);
        return { status: 1 };
      });
      const error = await deploy({ ...project.context(), run }, deployOptions(project)).catch((e: CommandError) => e);
      expect(error).toBeInstanceOf(CommandError);
      expect((error as CommandError).message).toMatch(message);
      expect((error as CommandError).message.split("\n")).toHaveLength(1);
      expect((error as CommandError).exitCode).toBe(code);
      expect(calls.map((c) => c.args[0])).toEqual(step === "plan" ? ["init", "plan"] : ["init", "plan", "apply"]);
      expect(fs.readdirSync(stackDir(project)).filter((f) => f.startsWith(".pipeline"))).toEqual([]);
      expect(process.listenerCount("SIGINT") + process.listenerCount("SIGTERM")).toBe(0);
    },
  );

  it("SIGTERM while waiting for approval: nothing applied, one line, even with an earlier outputs file", async () => {
    const project = synthesizedProject();
    const outputsFile = path.join(project.outDir, "outputs", "dev.json");
    fs.mkdirSync(path.dirname(outputsFile));
    fs.writeFileSync(outputsFile, JSON.stringify({ dev: goodOutputs() }));
    const { run, calls } = fakeTerraform();
    const confirm = () => {
      setImmediate(() => process.emit("SIGTERM", "SIGTERM"));
      return new Promise<boolean>(() => undefined);
    };
    const error = await deploy(
      { ...project.context(), run },
      deployOptions(project, { autoApprove: false, confirm }),
    ).catch((e: CommandError) => e);
    expect((error as CommandError).message).toMatch(/^Interrupted \(SIGTERM\): nothing was applied to "dev"\. /);
    expect((error as CommandError).message).toContain(
      "was not updated: it still holds the outputs of an earlier deploy",
    );
    expect((error as CommandError).message.split("\n")).toHaveLength(1);
    expect((error as CommandError).exitCode).toBe(143);
    expect(calls.map((c) => c.args[0])).toEqual(["init", "plan"]);
    expect(fs.readdirSync(stackDir(project)).filter((f) => f.startsWith(".pipeline"))).toEqual([]);
  });

  it("a signal during the diff: nothing to clean, one line", async () => {
    const project = synthesizedProject();
    const { run } = fakeTerraform(({ args }) => {
      if (args[0] === "plan") process.emit("SIGINT", "SIGINT");
    });
    await expect(diff({ ...project.context(), run }, { environment: "dev", ifCredentials: false })).rejects.toThrow(
      /^Interrupted \(SIGINT\): the diff of "dev" was stopped; a diff changes nothing/,
    );
  });
});

describe("two deploys of one environment at once", () => {
  it("the second stops with a lock message and never touches the first one's plan", async () => {
    const project = synthesizedProject();
    let second: Promise<unknown> | undefined;
    let winnersPlan = "";
    const { run } = fakeTerraform(({ args, options: runOptions }) => {
      if (args[0] !== "plan" || second) return;
      winnersPlan = path.join(runOptions.cwd, args.find((a) => a.startsWith("-out="))!.slice("-out=".length));
      fs.writeFileSync(winnersPlan, "the winner's plan");
      const loser = fakeTerraform();
      second = deploy({ ...project.context(), run: loser.run }, deployOptions(project)).then(
        () => "succeeded",
        (error: Error) => ({
          message: error.message,
          calls: loser.calls.length,
          plan: fs.readFileSync(winnersPlan, "utf8"),
        }),
      );
    });
    await deploy({ ...project.context(), run }, deployOptions(project));
    expect(await second).toEqual({
      message: expect.stringMatching(
        new RegExp(
          `^Another deploy of "dev" holds the lock .*${LOCK_FILE} \\(pid ${process.pid} on .*\\); nothing was done`,
        ),
      ),
      calls: 0,
      plan: "the winner's plan",
    });
  });

  it("a lock left by a process that no longer runs is taken over", async () => {
    const project = synthesizedProject();
    const host = require("os").hostname();
    fs.writeFileSync(
      path.join(stackDir(project), LOCK_FILE),
      JSON.stringify({ pid: 2 ** 22 + 12345, host, startedAt: "2020-01-01T00:00:00.000Z" }),
    );
    const { run } = fakeTerraform();
    await deploy({ ...project.context(), run }, deployOptions(project));
    expect(fs.existsSync(path.join(stackDir(project), LOCK_FILE))).toBe(false);
  });
});

describe("outputs files", () => {
  it("a Terraform state given as --outputs-file is refused before anything runs, and kept", async () => {
    const project = synthesizedProject();
    const state = path.join(project.dir, "terraform.dev.tfstate");
    const content = JSON.stringify({ version: 4, serial: 3, lineage: "x", outputs: {}, resources: [] });
    fs.writeFileSync(state, content);
    const copy = path.join(project.dir, "state-copy.json");
    fs.writeFileSync(copy, content);
    for (const target of [state, copy]) {
      const { run, calls } = fakeTerraform();
      await expect(
        deploy({ ...project.context(), run }, deployOptions(project, { outputsFile: target })),
      ).rejects.toThrow(`Refusing to write outputs to ${target}`);
      expect(calls).toEqual([]);
      expect(fs.readFileSync(target, "utf8")).toBe(content);
    }
  });

  it("are written through a temporary file created with the final mode, never chmod-ed later", () => {
    const folder = path.join(synthesizedProject().dir, "private");
    fs.mkdirSync(folder);
    const chmod = jest.spyOn(fs, "chmodSync");
    try {
      writeFileAtomically(path.join(folder, "secret.json"), "{}", 0o600);
      expect(chmod).not.toHaveBeenCalled();
    } finally {
      chmod.mockRestore();
    }
    expect(fs.statSync(path.join(folder, "secret.json")).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(folder)).toEqual(["secret.json"]);
  });
});
