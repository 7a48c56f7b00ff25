// The unit suite starts no process. These need real git repositories.
import * as fs from "fs";
import * as path from "path";
import { captureBuildInfo, sourceDigests } from "../../commands/pipeline/build-info";
import { commitAll, tempProject, tempDir, withoutGit } from "../../test/pipeline/support";

describe("build info", () => {
  it("records commit, time and a digest of every source and config file", () => {
    const project = tempProject({ dev: {}, prod: {} }, { git: true });
    const info = captureBuildInfo(project.dir, project.configDir);
    expect(info.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(info.uncommittedChanges).toBe(false);
    expect(Date.parse(info.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(Object.keys(info.files)).toEqual(["config/dev.json", "config/prod.json", "lib/stack.ts", "main.ts"]);
    expect(Object.values(info.files).every((digest) => /^[0-9a-f]{64}$/.test(digest))).toBe(true);
  });

  it("notes uncommitted source changes", () => {
    const project = tempProject({ dev: {} }, { git: true });
    fs.appendFileSync(path.join(project.dir, "main.ts"), "// edited\n");
    expect(captureBuildInfo(project.dir, project.configDir).uncommittedChanges).toBe(true);
  });

  it("notes uncommitted source changes when the config folder is outside the repository", () => {
    const project = tempProject({ dev: {} }, { git: true });
    const elsewhere = tempDir("pipeline-config-");
    fs.writeFileSync(path.join(elsewhere, "dev.json"), "{}");
    expect(captureBuildInfo(project.dir, elsewhere).uncommittedChanges).toBe(false);
    fs.appendFileSync(path.join(project.dir, "main.ts"), "// edited\n");
    expect(captureBuildInfo(project.dir, elsewhere).uncommittedChanges).toBe(true);
  });

  it("notes uncommitted changes of a config folder inside the project", () => {
    const project = tempProject({ dev: {} }, { git: true });
    fs.appendFileSync(path.join(project.configDir, "dev.json"), "\n");
    expect(captureBuildInfo(project.dir, project.configDir).uncommittedChanges).toBe(true);
  });

  it("records that it cannot tell about uncommitted changes when git cannot run", () => {
    const project = tempProject({ dev: {} }, { git: true });
    const info = withoutGit(() => captureBuildInfo(project.dir, project.configDir));
    expect(info).toMatchObject({ commit: null, uncommittedChanges: null });
  });
});

describe("sourceDigests", () => {
  it("is the same after a commit that changes no source", () => {
    const project = tempProject({ dev: {} }, { git: true });
    const before = sourceDigests(project.dir, project.configDir);
    fs.writeFileSync(path.join(project.dir, "README.md"), "docs\n");
    commitAll(project.dir, "docs");
    expect(sourceDigests(project.dir, project.configDir)).toEqual(before);
  });
});
