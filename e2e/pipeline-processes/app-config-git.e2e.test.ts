// The unit suite starts no process. These need real git repositories.
import * as fs from "fs";
import * as path from "path";
import { writeAppConfig } from "../../commands/pipeline/app-config";
import {
  commitAll,
  EXPECTED_APP_CONFIG,
  git,
  goodOutputs,
  readJson,
  SECRET,
  tempDir,
  withoutGit,
  writeOutputsFile,
} from "../../test/pipeline/support";

/** A git repository that ignores app-config/*.json, as this project does. */
function repository(): string {
  const dir = tempDir("pipeline-app-config-repo-");
  git(dir, "init", "--quiet");
  fs.writeFileSync(path.join(dir, ".gitignore"), "app-config/*.json\n");
  fs.mkdirSync(path.join(dir, "app-config"));
  commitAll(dir, "initial");
  return dir;
}

describe("writeAppConfig", () => {
  describe("the client secret", () => {
    it("is written to an ignored file, readable by the owner only, when asked for", () => {
      const repo = repository();
      const target = path.join(repo, "app-config", "dev.json");
      const file = writeOutputsFile(tempDir("pipeline-outputs-"), {
        dev: goodOutputs("dev", { oauth_client_secret: SECRET }),
      });
      writeAppConfig({ environment: "dev", outputsFile: file, target, includeSecret: true });
      expect(readJson(target)).toEqual({ ...EXPECTED_APP_CONFIG, oauthClientSecret: SECRET });
      expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    });

    it("is never written through a symbolic link from outside the repository into it", () => {
      const repo = repository();
      fs.mkdirSync(path.join(repo, "lib"));
      const link = path.join(tempDir("pipeline-link-"), "link");
      fs.symlinkSync(path.join(repo, "lib"), link);
      const file = writeOutputsFile(tempDir("pipeline-outputs-"), {
        dev: goodOutputs("dev", { oauth_client_secret: SECRET }),
      });
      const target = path.join(link, "x.json");
      expect(() => writeAppConfig({ environment: "dev", outputsFile: file, target, includeSecret: true })).toThrow(
        /Refusing to write the OAuth client secret to .*x\.json: git does not ignore that file/,
      );
      expect(fs.existsSync(path.join(repo, "lib", "x.json"))).toBe(false);
    });

    it("is never written to a file git would commit or already tracks", () => {
      const repo = repository();
      const file = writeOutputsFile(tempDir("pipeline-outputs-"), {
        dev: goodOutputs("dev", { oauth_client_secret: SECRET }),
      });
      const committable = path.join(repo, "settings.json");
      expect(() =>
        writeAppConfig({ environment: "dev", outputsFile: file, target: committable, includeSecret: true }),
      ).toThrow(/Refusing to write the OAuth client secret to .*settings\.json: git does not ignore that file/);
      expect(fs.existsSync(committable)).toBe(false);

      const tracked = path.join(repo, "app-config", "dev.json");
      fs.writeFileSync(tracked, "{}\n");
      git(repo, "add", "--force", "app-config/dev.json");
      commitAll(repo, "track it by mistake");
      expect(() =>
        writeAppConfig({ environment: "dev", outputsFile: file, target: tracked, includeSecret: true }),
      ).toThrow("git tracks that file");
      expect(fs.readFileSync(tracked, "utf8")).toBe("{}\n");
    });

    it("is not written when git cannot be asked whether it would commit the file", () => {
      const repo = repository();
      const target = path.join(repo, "app-config", "dev.json");
      const file = writeOutputsFile(tempDir("pipeline-outputs-"), {
        dev: goodOutputs("dev", { oauth_client_secret: SECRET }),
      });
      expect(() =>
        withoutGit(() => writeAppConfig({ environment: "dev", outputsFile: file, target, includeSecret: true })),
      ).toThrow("git could not be run to check whether it would commit that file");
      expect(fs.existsSync(target)).toBe(false);
    });
  });
});
