import * as fs from "fs";
import * as path from "path";
import { readBuildInfo, writeBuildInfo } from "../../scripts/pipeline/build-info";
import { deploy, DeployOptions } from "../../scripts/pipeline/deploy";
import { PipelineError } from "../../scripts/pipeline/errors";
import { Runner } from "../../scripts/pipeline/run";
import {
  commitAll,
  credentialsEnv,
  fakeSynth,
  goodOutputs,
  literalStack,
  readJson,
  SECRET,
  tempProject,
  TempProject,
  itWithTerraform,
} from "./support";

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
  describe("refuses before touching terraform", () => {
    it("an unknown environment", async () => {
      const project = deployable();
      await expect(deploy(project.context(), options(project, { environment: "qa" }))).rejects.toThrow(
        `Unknown environment "qa": ${project.configDir} has dev, prod.`,
      );
    });

    it("a missing cdktf.out", async () => {
      const project = tempProject();
      await expect(deploy(project.context(), options(project))).rejects.toThrow(
        `No synthesized output at ${project.outDir}.`,
      );
    });

    it("a stale cdktf.out synthesized from another commit", async () => {
      const project = deployable({ git: true });
      fs.writeFileSync(path.join(project.dir, "CHANGELOG.md"), "next\n");
      commitAll(project.dir, "next commit");
      await expect(deploy(project.context(), options(project))).rejects.toThrow(
        /is stale for stack "dev": it was synthesized from commit/,
      );
      expect(fs.existsSync(path.join(project.outDir, "stacks", "dev", ".terraform"))).toBe(false);
    });

    it("an environment added to the config after synthesis", async () => {
      const project = deployable();
      fs.writeFileSync(
        path.join(project.configDir, "qa.json"),
        fs.readFileSync(path.join(project.configDir, "dev.json")),
      );
      await expect(deploy(project.context(), options(project, { environment: "qa" }))).rejects.toThrow(
        `Stack "qa" is not in ${project.outDir} (it has dev, prod)`,
      );
    });

    it("sensitive outputs into a file git would commit", async () => {
      const project = deployable({ git: true, secret: true });
      const outputsFile = path.join(project.dir, "dev-outputs.json");
      const calls: string[][] = [];
      const run: Runner = (_command, args) => (calls.push([...args]), { status: 0, stdout: "" });
      await expect(
        deploy({ ...project.context(), run }, options(project, { outputsFile, includeSensitiveOutputs: true })),
      ).rejects.toThrow(`Refusing to write sensitive outputs to ${outputsFile}: git does not ignore that file.`);
      expect(calls).toEqual([]);
    });

    it("missing credentials", async () => {
      const project = deployable();
      const env = credentialsEnv({ GENESYSCLOUD_OAUTHCLIENT_SECRET: "" });
      await expect(deploy(project.context(env), options(project))).rejects.toThrow(
        `No Genesys Cloud credentials for environment "dev"`,
      );
    });
  });

  itWithTerraform(
    "applies the synthesized stack and writes its outputs like cdktf, without sensitive ones",
    async () => {
      const project = deployable({ secret: true });
      const outputsFile = path.join(project.dir, "elsewhere", "dev-outputs.json");
      await deploy(project.context(), options(project, { outputsFile }));
      expect(readJson(outputsFile)).toEqual({ dev: goodOutputs() });
      expect(fs.statSync(outputsFile).mode & 0o777).toBe(0o644);
      expect(fs.existsSync(path.join(project.dir, "terraform.dev.tfstate"))).toBe(true);
      expect(
        fs.readdirSync(path.join(project.outDir, "stacks", "dev")).filter((f) => f.startsWith(".pipeline")),
      ).toEqual([]);
      expect(project.log.join("\n")).toContain(
        `Deployed "dev"; outputs written to ${outputsFile}. Next: npm run pipeline:verify -- dev`,
      );
      expect(project.log.join("\n")).not.toContain(SECRET);
    },
  );

  itWithTerraform("writes sensitive outputs into a private file when asked", async () => {
    const project = deployable({ secret: true });
    const outputsFile = path.join(project.outDir, "outputs", "dev.json");
    await deploy(project.context(), options(project, { includeSensitiveOutputs: true }));
    expect(readJson(outputsFile)).toEqual({ dev: goodOutputs("dev", { oauth_client_secret: SECRET }) });
    expect(fs.statSync(outputsFile).mode & 0o777).toBe(0o600);
  });

  describe("without --auto-approve", () => {
    itWithTerraform("applies only after a person says yes", async () => {
      const project = deployable();
      const questions: string[] = [];
      await deploy(
        project.context(),
        options(project, { autoApprove: false, confirm: async (q) => (questions.push(q), true) }),
      );
      expect(questions).toEqual([`Apply the plan above to "dev"? Only "yes" applies: `]);
      expect(fs.existsSync(path.join(project.dir, "terraform.dev.tfstate"))).toBe(true);
    });

    itWithTerraform("applies nothing when the person declines", async () => {
      const project = deployable();
      await expect(
        deploy(project.context(), options(project, { autoApprove: false, confirm: async () => false })),
      ).rejects.toThrow(`Deploy of "dev" cancelled; nothing was applied.`);
      expect(fs.existsSync(path.join(project.dir, "terraform.dev.tfstate"))).toBe(false);
    });

    itWithTerraform("refuses when nobody can be asked (CI without the flag)", async () => {
      const project = deployable();
      const error = await deploy(project.context(), options(project, { autoApprove: false })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PipelineError);
      expect((error as Error).message).toContain("Review the plan above and re-run with --auto-approve");
      expect(fs.existsSync(path.join(project.dir, "terraform.dev.tfstate"))).toBe(false);
    });

    itWithTerraform("does not ask when there is nothing to change", async () => {
      const project = deployable();
      await deploy(project.context(), options(project));
      await deploy(project.context(), options(project, { autoApprove: false }));
    });
  });

  it("leaves the outputs of an earlier deploy untouched when this one fails, and says they are from then", async () => {
    const project = deployable();
    const outputsFile = path.join(project.outDir, "outputs", "dev.json");
    fs.mkdirSync(path.dirname(outputsFile));
    const earlier = JSON.stringify({ dev: goodOutputs() });
    fs.writeFileSync(outputsFile, earlier);
    const failingPlan: Runner = (_command, args) => ({ status: args[0] === "plan" ? 1 : 0, stdout: "" });
    await expect(deploy({ ...project.context(), run: failingPlan }, options(project))).rejects.toThrow(
      `terraform plan failed for stack "dev"`,
    );
    await expect(deploy({ ...project.context(), run: failingPlan }, options(project))).rejects.toThrow(
      `${outputsFile} was not updated: it still holds the outputs of an earlier deploy.`,
    );
    expect(fs.readFileSync(outputsFile, "utf8")).toBe(earlier);
  });

  it("warns when git could not tell whether the output was synthesized from uncommitted changes", async () => {
    const project = deployable();
    writeBuildInfo(project.outDir, { ...readBuildInfo(project.outDir), uncommittedChanges: null });
    const failingInit: Runner = () => ({ status: 1, stdout: "" });
    await expect(deploy({ ...project.context(), run: failingInit }, options(project))).rejects.toThrow(
      "terraform init failed",
    );
    expect(project.log[0]).toContain("was synthesized from sources git could not check for uncommitted changes");
  });

  itWithTerraform("warns when the output was synthesized from uncommitted changes", async () => {
    const project = tempProject({ dev: {} }, { git: true });
    fs.appendFileSync(path.join(project.dir, "main.ts"), "// work in progress\n");
    fakeSynth(project, { dev: literalStack(project, "dev", goodOutputs()) });
    await deploy(project.context(), options(project));
    expect(project.log[0]).toContain("was synthesized from uncommitted changes");
  });
});
