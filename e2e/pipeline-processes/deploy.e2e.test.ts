// Moved from test/pipeline/deploy.test.ts: the unit suite starts no terraform process. These run the real
// terraform on provider-less stacks, offline.
import * as fs from "fs";
import * as path from "path";
import { deploy, DeployOptions } from "../../scripts/pipeline/deploy";
import { PipelineError } from "../../scripts/pipeline/errors";
import {
  fakeSynth,
  goodOutputs,
  literalStack,
  readJson,
  SECRET,
  tempProject,
  TempProject,
} from "../../test/pipeline/support";

/** A synthesized project whose dev stack real terraform can deploy offline (literal outputs). */
function deployable(options: { git?: boolean; secret?: boolean } = {}): TempProject {
  const project = tempProject({ dev: {}, prod: {} }, options);
  const devOutputs = options.secret ? goodOutputs("dev", { oauth_client_secret: SECRET }) : goodOutputs();
  fakeSynth(project, {
    dev: literalStack(project, "dev", devOutputs, ["oauth_client_secret"]),
    prod: literalStack(project, "prod", goodOutputs("prod")),
  });
  return project;
}

function options(project: TempProject, overrides: Partial<DeployOptions> = {}): DeployOptions {
  return {
    environment: "dev",
    autoApprove: true,
    outputsFile: path.join(project.outDir, "outputs", "dev.json"),
    includeSensitiveOutputs: false,
    ...overrides,
  };
}

describe("deploy", () => {
  it("applies the synthesized stack and writes its outputs like cdktf, without sensitive ones", async () => {
    const project = deployable({ secret: true });
    const outputsFile = path.join(project.dir, "elsewhere", "dev-outputs.json");
    await deploy(project.context(), options(project, { outputsFile }));
    expect(readJson(outputsFile)).toEqual({ dev: goodOutputs() });
    expect(fs.statSync(outputsFile).mode & 0o777).toBe(0o644);
    expect(fs.existsSync(path.join(project.dir, "terraform.dev.tfstate"))).toBe(true);
    expect(fs.readdirSync(path.join(project.outDir, "stacks", "dev")).filter((f) => f.startsWith(".pipeline"))).toEqual(
      [],
    );
    expect(project.log.join("\n")).toContain(
      `Deployed "dev"; outputs written to ${outputsFile}. Next: npm run pipeline:verify -- dev`,
    );
    expect(project.log.join("\n")).not.toContain(SECRET);
  });

  it("writes sensitive outputs into a private file when asked", async () => {
    const project = deployable({ secret: true });
    const outputsFile = path.join(project.outDir, "outputs", "dev.json");
    await deploy(project.context(), options(project, { includeSensitiveOutputs: true }));
    expect(readJson(outputsFile)).toEqual({ dev: goodOutputs("dev", { oauth_client_secret: SECRET }) });
    expect(fs.statSync(outputsFile).mode & 0o777).toBe(0o600);
  });

  describe("without --auto-approve", () => {
    it("applies only after a person says yes", async () => {
      const project = deployable();
      const questions: string[] = [];
      await deploy(
        project.context(),
        options(project, { autoApprove: false, confirm: async (q) => (questions.push(q), true) }),
      );
      expect(questions).toEqual([`Apply the plan above to "dev"? Only "yes" applies: `]);
      expect(fs.existsSync(path.join(project.dir, "terraform.dev.tfstate"))).toBe(true);
    });

    it("applies nothing when the person declines", async () => {
      const project = deployable();
      await expect(
        deploy(project.context(), options(project, { autoApprove: false, confirm: async () => false })),
      ).rejects.toThrow(`Deploy of "dev" cancelled; nothing was applied.`);
      expect(fs.existsSync(path.join(project.dir, "terraform.dev.tfstate"))).toBe(false);
    });

    it("refuses when nobody can be asked (CI without the flag)", async () => {
      const project = deployable();
      const error = await deploy(project.context(), options(project, { autoApprove: false })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PipelineError);
      expect((error as Error).message).toContain("Review the plan above and re-run with --auto-approve");
      expect(fs.existsSync(path.join(project.dir, "terraform.dev.tfstate"))).toBe(false);
    });

    it("does not ask when there is nothing to change", async () => {
      const project = deployable();
      await deploy(project.context(), options(project));
      await deploy(project.context(), options(project, { autoApprove: false }));
    });
  });

  it("warns when the output was synthesized from uncommitted changes", async () => {
    const project = tempProject({ dev: {} }, { git: true });
    fs.appendFileSync(path.join(project.dir, "main.ts"), "// work in progress\n");
    fakeSynth(project, { dev: literalStack(project, "dev", goodOutputs()) });
    await deploy(project.context(), options(project));
    expect(project.log[0]).toContain("was synthesized from uncommitted changes");
  });
});
