// The unit suite starts no terraform process. These run the real
// terraform on provider-less stacks, offline.
import * as fs from "fs";
import * as path from "path";
import { deploy } from "../../commands/pipeline/deploy";
import { CommandError } from "../../commands/core/errors";
import {
  deployOptions,
  fakeSynth,
  goodOutputs,
  literalStack,
  readJson,
  SECRET,
  synthesizedProject,
  tempProject,
} from "../../test/pipeline/support";

describe("deploy", () => {
  it("applies the synthesized stack and writes its outputs like cdktf, without sensitive ones", async () => {
    const project = synthesizedProject({ secret: true });
    const outputsFile = path.join(project.dir, "elsewhere", "dev-outputs.json");
    await deploy(project.context(), deployOptions(project, { outputsFile }));
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
    const project = synthesizedProject({ secret: true });
    const outputsFile = path.join(project.outDir, "outputs", "dev.json");
    await deploy(project.context(), deployOptions(project, { includeSensitiveOutputs: true }));
    expect(readJson(outputsFile)).toEqual({ dev: goodOutputs("dev", { oauth_client_secret: SECRET }) });
    expect(fs.statSync(outputsFile).mode & 0o777).toBe(0o600);
  });

  describe("without --auto-approve", () => {
    it("applies only after a person says yes", async () => {
      const project = synthesizedProject();
      const questions: string[] = [];
      await deploy(
        project.context(),
        deployOptions(project, { autoApprove: false, confirm: async (q) => (questions.push(q), true) }),
      );
      expect(questions).toEqual([`Apply the plan above to "dev"? Only "yes" applies: `]);
      expect(fs.existsSync(path.join(project.dir, "terraform.dev.tfstate"))).toBe(true);
    });

    it("applies nothing when the person declines", async () => {
      const project = synthesizedProject();
      await expect(
        deploy(project.context(), deployOptions(project, { autoApprove: false, confirm: async () => false })),
      ).rejects.toThrow(`Deploy of "dev" cancelled; nothing was applied.`);
      expect(fs.existsSync(path.join(project.dir, "terraform.dev.tfstate"))).toBe(false);
    });

    it("refuses when nobody can be asked (CI without the flag)", async () => {
      const project = synthesizedProject();
      const error = await deploy(project.context(), deployOptions(project, { autoApprove: false })).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CommandError);
      expect((error as Error).message).toContain("Review the plan above and re-run with --auto-approve");
      expect(fs.existsSync(path.join(project.dir, "terraform.dev.tfstate"))).toBe(false);
    });

    it("does not ask when there is nothing to change", async () => {
      const project = synthesizedProject();
      await deploy(project.context(), deployOptions(project));
      await deploy(project.context(), deployOptions(project, { autoApprove: false }));
    });
  });

  it("warns when the output was synthesized from uncommitted changes", async () => {
    const project = tempProject({ dev: {} }, { git: true });
    fs.appendFileSync(path.join(project.dir, "main.ts"), "// work in progress\n");
    fakeSynth(project, { dev: literalStack(project, "dev", goodOutputs()) });
    await deploy(project.context(), deployOptions(project));
    expect(project.log[0]).toContain("was synthesized from uncommitted changes");
  });
});
