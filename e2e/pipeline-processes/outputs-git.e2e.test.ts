// The unit suite starts no process. These need real git repositories.
import * as fs from "fs";
import * as path from "path";
import { writeOutputsFile } from "../../commands/pipeline/outputs";
import { commitAll, git, goodOutputs, SECRET, tempDir, withoutGit } from "../../test/pipeline/support";

describe("outputs files", () => {
  const dir = tempDir("pipeline-outputs-");

  describe("with secrets", () => {
    const repo = tempDir("pipeline-outputs-repo-");
    git(repo, "init", "--quiet");
    fs.writeFileSync(path.join(repo, ".gitignore"), "cdktf.out/\n");
    commitAll(repo, "initial");
    const secrets = { dev: goodOutputs("dev", { oauth_client_secret: SECRET }) };

    it("are never written to a file git would commit", () => {
      const file = path.join(repo, "outputs", "dev.json");
      expect(() => writeOutputsFile(file, secrets, true)).toThrow(
        `Refusing to write sensitive outputs to ${file}: git does not ignore that file.`,
      );
      expect(fs.existsSync(file)).toBe(false);
      writeOutputsFile(file, { dev: goodOutputs() }, false);
    });

    it("are never written through a symbolic link from outside the repository into it", () => {
      fs.mkdirSync(path.join(repo, "lib"), { recursive: true });
      const link = path.join(tempDir("pipeline-outputs-link-"), "link");
      fs.symlinkSync(path.join(repo, "lib"), link);
      const file = path.join(link, "dev.json");
      expect(() => writeOutputsFile(file, secrets, true)).toThrow(
        `Refusing to write sensitive outputs to ${file}: git does not ignore that file.`,
      );
      expect(fs.existsSync(path.join(repo, "lib", "dev.json"))).toBe(false);
    });

    it("are written to an ignored file, or outside any repository", () => {
      writeOutputsFile(path.join(repo, "cdktf.out", "outputs", "dev.json"), secrets, true);
      writeOutputsFile(path.join(dir, "dev.json"), secrets, true);
    });

    it("are not written when git cannot be asked", () => {
      const file = path.join(repo, "cdktf.out", "outputs", "dev.json");
      expect(() => withoutGit(() => writeOutputsFile(file, secrets, true))).toThrow(
        "git could not be run to check whether it would commit that file",
      );
    });
  });
});
