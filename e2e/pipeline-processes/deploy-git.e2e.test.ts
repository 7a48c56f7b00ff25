// The unit suite starts no process. These need real git repositories.
import * as fs from "fs";
import * as path from "path";
import { deploy } from "../../commands/pipeline/deploy";
import { Runner } from "../../commands/core/run";
import { commitAll, deployOptions, synthesizedProject } from "../../test/pipeline/support";

describe("deploy", () => {
  describe("refuses before touching terraform", () => {
    it("a stale cdktf.out synthesized from another commit", async () => {
      const project = synthesizedProject({ git: true });
      fs.writeFileSync(path.join(project.dir, "CHANGELOG.md"), "next\n");
      commitAll(project.dir, "next commit");
      await expect(deploy(project.context(), deployOptions(project))).rejects.toThrow(
        /is stale for stack "dev": it was synthesized from commit/,
      );
      expect(fs.existsSync(path.join(project.outDir, "stacks", "dev", ".terraform"))).toBe(false);
    });

    it("sensitive outputs into a file git would commit", async () => {
      const project = synthesizedProject({ git: true, secret: true });
      const outputsFile = path.join(project.dir, "dev-outputs.json");
      const calls: string[][] = [];
      const run: Runner = (_command, args) => (calls.push([...args]), { status: 0, stdout: "" });
      await expect(
        deploy({ ...project.context(), run }, deployOptions(project, { outputsFile, includeSensitiveOutputs: true })),
      ).rejects.toThrow(`Refusing to write sensitive outputs to ${outputsFile}: git does not ignore that file.`);
      expect(calls).toEqual([]);
    });
  });
});
