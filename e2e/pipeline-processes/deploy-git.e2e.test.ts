// Moved from test/pipeline/deploy.test.ts: the unit suite starts no process. These need real git repositories.
import * as fs from "fs";
import * as path from "path";
import { deploy, DeployOptions } from "../../scripts/pipeline/deploy";
import { Runner } from "../../scripts/pipeline/run";
import {
  commitAll,
  fakeSynth,
  goodOutputs,
  literalStack,
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
  describe("refuses before touching terraform", () => {
    it("a stale cdktf.out synthesized from another commit", async () => {
      const project = deployable({ git: true });
      fs.writeFileSync(path.join(project.dir, "CHANGELOG.md"), "next\n");
      commitAll(project.dir, "next commit");
      await expect(deploy(project.context(), options(project))).rejects.toThrow(
        /is stale for stack "dev": it was synthesized from commit/,
      );
      expect(fs.existsSync(path.join(project.outDir, "stacks", "dev", ".terraform"))).toBe(false);
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
  });
});
