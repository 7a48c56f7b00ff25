import * as fs from "fs";
import * as path from "path";
import { freshStack } from "../../scripts/pipeline/artifact";
import { readBuildInfo } from "../../scripts/pipeline/build-info";
import { environmentNames } from "../../scripts/pipeline/environments";
import { createRunner, Runner, RunOptions } from "../../scripts/pipeline/run";
import { synth } from "../../scripts/pipeline/synth";
import { PROJECT_ROOT, SHIPPED_CONFIG_DIR } from "../support/config-dir";
import { goodOutputs, literalStack, tempProject, TempProject, writeSynthOutput, tempDir, withoutGit } from "./support";

/** Stands in for `cdktf synth`: writes the given stacks where it was told to. */
function fakeCdktf(
  project: TempProject,
  stacks: string[],
  status = 0,
): { run: Runner; calls: { command: string; args: readonly string[]; options: RunOptions }[] } {
  const calls: { command: string; args: readonly string[]; options: RunOptions }[] = [];
  const run: Runner = (command, args, options) => {
    calls.push({ command, args, options });
    if (status === 0)
      writeSynthOutput(
        args[2],
        Object.fromEntries(stacks.map((name) => [name, literalStack(project, name, goodOutputs(name))])),
      );
    return { status, stdout: "" };
  };
  return { run, calls };
}

describe("synth", () => {
  it("runs cdktf synth with the config folder and output folder, then records the build", () => {
    const project = tempProject({ dev: {}, prod: {} }, { git: true });
    const { run, calls } = fakeCdktf(project, ["dev", "prod"]);
    const info = synth({ ...project.context({ PATH: process.env.PATH }), run });

    expect(calls).toHaveLength(1);
    expect(calls[0].command).toBe(path.join(project.dir, "node_modules", ".bin", "cdktf"));
    expect(calls[0].args).toEqual(["synth", "--output", path.resolve(project.outDir)]);
    expect(calls[0].options.cwd).toBe(project.dir);
    expect(calls[0].options.env).toMatchObject({ PARTNER_OAUTH_CONFIG_DIR: path.resolve(project.configDir) });
    expect(readBuildInfo(project.outDir)).toEqual(info);
    expect(project.log[0]).toMatch(/^Synthesized dev, prod into .*cdktf\.out from commit [0-9a-f]{12}\.$/);
  });

  it("warns when git cannot tell whether the sources have uncommitted changes", () => {
    const project = tempProject({ dev: {} }, { git: true });
    const { run } = fakeCdktf(project, ["dev"]);
    expect(withoutGit(() => synth({ ...project.context(), run })).uncommittedChanges).toBeNull();
    expect(project.log[0]).toContain("(warning: git could not tell whether the sources have uncommitted changes)");
  });

  it("fails, recording nothing, when cdktf synth fails", () => {
    const project = tempProject();
    fs.mkdirSync(project.outDir);
    fs.writeFileSync(path.join(project.outDir, "build-info.json"), "{} from an earlier synth");
    const { run } = fakeCdktf(project, [], 1);
    expect(() => synth({ ...project.context(), run })).toThrow(
      "cdktf synth failed (exit code 1); see its output above.",
    );
    expect(fs.existsSync(path.join(project.outDir, "build-info.json"))).toBe(false);
  });

  it("fails when an environment got no stack", () => {
    const project = tempProject({ dev: {}, prod: {} });
    const { run } = fakeCdktf(project, ["dev"]);
    expect(() => synth({ ...project.context(), run })).toThrow(`cdktf synth wrote no stack for "prod"`);
    expect(fs.existsSync(path.join(project.outDir, "build-info.json"))).toBe(false);
  });

  it("explains a missing cdktf (no npm ci yet)", () => {
    const project = tempProject();
    const run: Runner = () => ({ status: null, stdout: "", startError: "spawnSync cdktf ENOENT" });
    expect(() => synth({ ...project.context(), run })).toThrow(`Run "npm ci" first.`);
  });
});

describe("synth of this project", () => {
  it("synthesizes every shipped environment with the real cdktf CLI into a fresh folder that deploy accepts", () => {
    const outDir = path.join(tempDir("pipeline-real-synth-"), "cdktf.out");
    const log: string[] = [];
    const context = {
      projectDir: PROJECT_ROOT,
      configDir: SHIPPED_CONFIG_DIR,
      outDir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CI: "1" },
      run: createRunner("quiet"),
      log: (line: string) => log.push(line),
    };
    synth(context);
    const environments = environmentNames(SHIPPED_CONFIG_DIR);
    expect(environments.length).toBeGreaterThan(0);
    for (const name of environments) {
      expect(fs.existsSync(path.join(outDir, "stacks", name, "cdk.tf.json"))).toBe(true);
      expect(freshStack({ ...context, name }).name).toBe(name);
    }
  }, 120_000);
});
