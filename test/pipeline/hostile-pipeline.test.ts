import fs = require("fs");
import * as os from "os";
import * as path from "path";
import { BUILD_INFO_FILE, readBuildInfo, writeBuildInfo } from "../../commands/pipeline/build-info";
import { deploy, diff } from "../../commands/pipeline/deploy";
import { CommandError } from "../../commands/core/errors";
import { writeFileAtomically } from "../../commands/core/files";
import { Runner, RunOptions } from "../../commands/core/run";
import { verify } from "../../commands/pipeline/verify";
import {
  deployOptions,
  fakeSynth,
  goodOutputs,
  literalStack,
  synthesizedProject,
  TempProject,
  tempProject,
} from "./support";

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
function fakeTerraform(
  during?: (call: Call) => Partial<{ status: number; stderr: string }> | void,
  plan: unknown = { format_version: "1.2", resource_changes: [] },
): { run: Runner; calls: Call[] } {
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
    if (args[0] === "show") return { status: 0, stdout: JSON.stringify(plan) };
    return { status: answer.status ?? (args[0] === "plan" ? 2 : 0), stdout: "", stderr: answer.stderr };
  };
  return { run, calls };
}

const stackDir = (project: TempProject) => path.join(project.outDir, "stacks", "dev");
/** This process's private terraform folders (TF_DATA_DIR, plan) that still exist. */
const runFolders = () =>
  fs.readdirSync(os.tmpdir()).filter((entry) => entry.startsWith(`pipeline-run-${process.pid}-`));
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
    expect(() => writeBuildInfo(project.outDir, readBuildInfo(project.outDir))).toThrow(
      "an artifact holds no symbolic links",
    );
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
      const file = path.resolve(runOptions.cwd, out.slice("-out=".length));
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
    expect(runFolders()).toEqual([]);
  });

  it.each([
    ["plan fails", { plan: 1 }],
    ["apply fails", { apply: 1 }],
  ])("is removed when %s", async (_title, statuses: Record<string, number>) => {
    const project = synthesizedProject();
    const { run } = fakeTerraform(({ args }) => ({ status: statuses[args[0]] }));
    await expect(deploy({ ...project.context(), run }, deployOptions(project))).rejects.toThrow(CommandError);
    expect(fs.readdirSync(stackDir(project)).filter((f) => f.startsWith(".pipeline"))).toEqual([]);
    expect(runFolders()).toEqual([]);
  });

  it("is removed when the runner throws (an exception, not a failed command)", async () => {
    const project = synthesizedProject();
    const { run } = fakeTerraform(({ args }) => {
      if (args[0] === "apply") throw new Error("boom");
    });
    await expect(deploy({ ...project.context(), run }, deployOptions(project))).rejects.toThrow("boom");
    expect(fs.readdirSync(stackDir(project)).filter((f) => f.startsWith(".pipeline"))).toEqual([]);
    expect(runFolders()).toEqual([]);
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
      expect(calls.map((c) => c.args[0])).toEqual(
        step === "plan" ? ["init", "plan"] : ["init", "plan", "show", "apply"],
      );
      expect(fs.readdirSync(stackDir(project)).filter((f) => f.startsWith(".pipeline"))).toEqual([]);
      expect(runFolders()).toEqual([]);
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
    expect(calls.map((c) => c.args[0])).toEqual(["init", "plan", "show"]);
    expect(fs.readdirSync(stackDir(project)).filter((f) => f.startsWith(".pipeline"))).toEqual([]);
    expect(runFolders()).toEqual([]);
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
  it("the second stops at terraform's state lock with one message, and never touches the first one's plan", async () => {
    const project = synthesizedProject();
    let second: Promise<unknown> | undefined;
    let winnersPlan = "";
    const { run } = fakeTerraform(({ args, options: runOptions }) => {
      if (args[0] !== "plan" || second) return;
      winnersPlan = path.resolve(runOptions.cwd, args.find((a) => a.startsWith("-out="))!.slice("-out=".length));
      fs.writeFileSync(winnersPlan, "the winner's plan");
      const held = "Error: Error acquiring the state lock\n  Who:       me@here\n  Created:   today\n";
      const loser = fakeTerraform(({ args: loserArgs }) =>
        loserArgs[0] === "plan" ? { status: 1, stderr: held } : {},
      );
      second = deploy({ ...project.context(), run: loser.run }, deployOptions(project)).then(
        () => "succeeded",
        (error: Error) => ({
          message: error.message,
          calls: loser.calls.map((call) => call.args[0]),
          plan: fs.readFileSync(winnersPlan, "utf8"),
        }),
      );
    });
    await deploy({ ...project.context(), run }, deployOptions(project));
    expect(await second).toEqual({
      message: expect.stringMatching(
        /^The state of "dev" is locked by another terraform run \(held by me@here since today\); terraform plan did not start/,
      ),
      calls: ["init", "plan"],
      plan: "the winner's plan",
    });
  });

  it("waits for the lock as long as --lock-timeout says", async () => {
    const project = synthesizedProject();
    const { run, calls } = fakeTerraform();
    await deploy({ ...project.context(), run }, deployOptions(project, { lockTimeout: "2m" }));
    expect(calls.filter((call) => call.args.includes("-lock-timeout=2m")).map((call) => call.args[0])).toEqual([
      "init",
      "plan",
      "apply",
    ]);
  });

  it("stale run folders of processes that no longer run, and plan folders of older versions, are swept", async () => {
    const project = synthesizedProject();
    const dead = path.join(os.tmpdir(), `pipeline-run-${2 ** 22 + 12345}-stale`);
    fs.mkdirSync(path.join(dead, "data"), { recursive: true });
    const old = path.join(stackDir(project), ".pipeline-plan-abc123");
    fs.mkdirSync(old);
    fs.writeFileSync(path.join(old, "plan.tfplan"), "an old plan with secrets");
    const { run } = fakeTerraform();
    await deploy({ ...project.context(), run }, deployOptions(project));
    expect(fs.existsSync(dead)).toBe(false);
    expect(fs.existsSync(old)).toBe(false);
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

describe("the seal: terraform runs exactly what synth built", () => {
  const refusedBeforeTerraform = async (project: TempProject, expected: string | RegExp) => {
    const { run, calls } = fakeTerraform();
    await expect(deploy({ ...project.context(), run }, deployOptions(project))).rejects.toThrow(expected);
    expect(calls).toEqual([]);
  };

  it("a planted .terraform/ with a provider binary is refused, not used as installed", async () => {
    const project = synthesizedProject();
    const plugins = path.join(stackDir(project), ".terraform", "providers", "registry.terraform.io", "x");
    fs.mkdirSync(plugins, { recursive: true });
    fs.writeFileSync(path.join(plugins, "terraform-provider-genesyscloud"), "#!/bin/sh\necho planted\n");
    await refusedBeforeTerraform(project, "terraform's data is never taken from an artifact");
  });

  it("a planted .terraform.lock.hcl is refused, even with a recomputed build-info.json", async () => {
    const project = synthesizedProject();
    fs.writeFileSync(path.join(stackDir(project), ".terraform.lock.hcl"), 'provider "x" { hashes = ["h1:planted"] }');
    expect(() => writeBuildInfo(project.outDir, readBuildInfo(project.outDir))).toThrow(
      "terraform's data is never taken from an artifact",
    );
    await refusedBeforeTerraform(project, /\.terraform\.lock\.hcl: terraform's data is never taken/);
  });

  it("a symlinked output folder is recorded file by file, so a later change behind the link is refused", async () => {
    const project = synthesizedProject();
    const real = path.join(project.dir, "real-out");
    fs.renameSync(project.outDir, real);
    fs.symlinkSync(real, project.outDir);
    const record = writeBuildInfo(project.outDir, readBuildInfo(project.outDir));
    expect(Object.keys(record.output)).toEqual(
      expect.arrayContaining(["manifest.json", "stacks/dev/cdk.tf.json", "stacks/prod/cdk.tf.json"]),
    );
    fs.writeFileSync(path.join(real, "stacks", "dev", "override.tf"), 'output "x" { value = 1 }');
    await refusedBeforeTerraform(project, "stacks/dev/override.tf (added)");
  });

  it("a symbolic link inside the artifact is refused", async () => {
    const project = synthesizedProject();
    fs.symlinkSync(path.join(project.dir, "main.ts"), path.join(stackDir(project), "extra.tf.json"));
    await refusedBeforeTerraform(project, /extra\.tf\.json: an artifact holds no symbolic links/);
  });
});

describe("terraform's environment", () => {
  it.each([
    ["TF_CLI_ARGS_plan", "-destroy"],
    ["TF_CLI_ARGS_init", "-plugin-dir=/tmp/planted"],
    ["TF_WORKSPACE", "other"],
    ["TF_DATA_DIR", "/tmp/planted"],
    ["TF_LOG", "trace"],
  ])("%s=%s is refused with one line before terraform runs", async (name, value) => {
    const project = synthesizedProject();
    const { run, calls } = fakeTerraform();
    const env = { ...project.context().env, [name]: value };
    const error = await deploy({ ...project.context(env), run }, deployOptions(project)).catch((e: Error) => e);
    expect((error as Error).message).toMatch(new RegExp(`^Refusing to run terraform with ${name} set: it changes`));
    expect((error as Error).message.split("\n")).toHaveLength(1);
    expect(calls).toEqual([]);
  });

  it("verify reads the state without any Genesys Cloud secret; plan and apply get the deployer's credentials", async () => {
    const project = synthesizedProject();
    const env = { ...project.context().env, PARTNER_OAUTHCLIENT_SECRET: "partner-secret" };
    const { run, calls } = fakeTerraform();
    await deploy({ ...project.context(env), run }, deployOptions(project));
    await verify({ ...project.context(env), run }, { environment: "dev" });
    const secretsOf = (call: Call) =>
      Object.keys(call.options.env).filter((name) => /GENESYSCLOUD_|PARTNER_/.test(name));
    expect(calls.map((call) => [call.args[0], secretsOf(call)])).toEqual([
      ["init", []],
      ["plan", ["GENESYSCLOUD_OAUTHCLIENT_ID", "GENESYSCLOUD_OAUTHCLIENT_SECRET"]],
      ["show", []],
      ["apply", ["GENESYSCLOUD_OAUTHCLIENT_ID", "GENESYSCLOUD_OAUTHCLIENT_SECRET"]],
      ["output", []],
      ["init", []],
      ["output", []],
    ]);
    expect(calls.every((call) => call.options.privateFiles === true)).toBe(true);
  });
});

describe("a plan that deletes what the app stands on", () => {
  const planOf = (type: string, actions: string[]) => ({
    resource_changes: [{ address: `${type}.x`, type, change: { actions } }],
  });

  it.each([
    [
      "destroys the OAuth client",
      planOf("genesyscloud_oauth_client", ["delete"]),
      "genesyscloud_oauth_client.x (destroyed)",
    ],
    ["replaces the OAuth client", planOf("genesyscloud_oauth_client", ["delete", "create"]), "(replaced)"],
    [
      "destroys the bot-session role",
      planOf("genesyscloud_auth_role", ["delete"]),
      "genesyscloud_auth_role.x (destroyed)",
    ],
  ])("%s: stops before apply unless --allow-destroy", async (_title, plan, named) => {
    const project = synthesizedProject();
    const refused = fakeTerraform(undefined, plan);
    await expect(deploy({ ...project.context(), run: refused.run }, deployOptions(project))).rejects.toThrow(named);
    expect(refused.calls.map((call) => call.args[0])).toEqual(["init", "plan", "show"]);
    const allowed = fakeTerraform(undefined, plan);
    await deploy({ ...project.context(), run: allowed.run }, deployOptions(project, { allowDestroy: true }));
    expect(allowed.calls.map((call) => call.args[0])).toContain("apply");
  });

  it("an update in place goes ahead", async () => {
    const project = synthesizedProject();
    const { run, calls } = fakeTerraform(undefined, planOf("genesyscloud_oauth_client", ["update"]));
    await deploy({ ...project.context(), run }, deployOptions(project));
    expect(calls.map((call) => call.args[0])).toContain("apply");
  });
});

describe("local state of a client whose secret is exposed", () => {
  it("an existing world-readable state is made private (0600) before terraform writes the secret into it", async () => {
    const project = tempProject({ dev: { oauthClient: { exposeSecret: true } } });
    fakeSynth(project, { dev: literalStack(project, "dev", goodOutputs()) });
    const state = path.join(project.dir, "terraform.dev.tfstate");
    fs.writeFileSync(state, "{}", { mode: 0o644 });
    fs.chmodSync(state, 0o644);
    const { run } = fakeTerraform(({ args }) => {
      if (args[0] === "apply") expect(fs.statSync(state).mode & 0o777).toBe(0o600);
    });
    await deploy({ ...project.context(), run }, deployOptions(project));
    expect(fs.statSync(state).mode & 0o777).toBe(0o600);
  });
});
