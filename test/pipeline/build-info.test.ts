import * as fs from "fs";
import * as path from "path";
import {
  BuildInfo,
  captureBuildInfo,
  readBuildInfo,
  sourceDigests,
  stalenessReasons,
  writeBuildInfo,
} from "../../commands/pipeline/build-info";
import { tempProject, tempDir } from "./support";

describe("build info", () => {
  it("has no commit outside git and keys a config folder outside the project by its absolute path", () => {
    const project = tempProject();
    const elsewhere = tempDir("pipeline-config-");
    fs.writeFileSync(path.join(elsewhere, "dev.json"), "{}");
    const info = captureBuildInfo(project.dir, elsewhere);
    expect(info.commit).toBeNull();
    expect(info.uncommittedChanges).toBe(false);
    expect(Object.keys(info.files)).toContain(path.join(elsewhere, "dev.json"));
  });

  it("round-trips through build-info.json, leaving no temporary file", () => {
    const project = tempProject();
    fs.mkdirSync(project.outDir);
    const info = captureBuildInfo(project.dir, project.configDir);
    writeBuildInfo(project.outDir, info);
    writeBuildInfo(project.outDir, info);
    expect(readBuildInfo(project.outDir)).toEqual({ ...info, output: {} });
    expect(fs.readdirSync(project.outDir)).toEqual(["build-info.json"]);
  });

  it.each([
    ["missing", undefined, `has no build-info.json, so nothing says which commit it was synthesized from`],
    ["not JSON", "{", "build-info.json is not valid JSON"],
    ["of another shape", JSON.stringify({ formatVersion: 2 }), "is not a build-info file of this pipeline"],
    [
      "without a creation time",
      JSON.stringify({ formatVersion: 1, commit: null, uncommittedChanges: false, files: {} }),
      "is not a build-info file of this pipeline",
    ],
  ])("explains a build-info.json that is %s", (_name, content, expected) => {
    const outDir = tempDir("pipeline-out-");
    if (content !== undefined) fs.writeFileSync(path.join(outDir, "build-info.json"), content);
    expect(() => readBuildInfo(outDir)).toThrow(expected);
  });
});

describe("stalenessReasons", () => {
  const recorded: BuildInfo = {
    formatVersion: 1,
    commit: "a".repeat(40),
    uncommittedChanges: false,
    files: { "main.ts": "1", "config/dev.json": "2", "lib/old.ts": "3" },
    createdAt: "2025-01-01T00:00:00.000Z",
    output: {},
  };

  it("is empty when commit and files match", () => {
    expect(stalenessReasons(recorded, { commit: recorded.commit, files: recorded.files })).toEqual([]);
  });

  it("names the two commits", () => {
    expect(stalenessReasons(recorded, { commit: "b".repeat(40), files: recorded.files })).toEqual([
      `it was synthesized from commit ${"a".repeat(12)} but the checkout is at ${"b".repeat(12)}`,
    ]);
  });

  it("names changed, added and removed files", () => {
    const files = { "main.ts": "1", "config/dev.json": "changed", "config/qa.json": "4" };
    expect(stalenessReasons(recorded, { commit: recorded.commit, files })).toEqual([
      "files changed since synthesis: config/dev.json (changed), config/qa.json (added), lib/old.ts (removed)",
    ]);
  });

  it("skips the commit check when either side is not a git checkout", () => {
    expect(stalenessReasons({ ...recorded, commit: null }, { commit: "b".repeat(40), files: recorded.files })).toEqual(
      [],
    );
    expect(stalenessReasons(recorded, { commit: null, files: recorded.files })).toEqual([]);
  });
});

describe("sourceDigests", () => {
  it("changes with a source file and ignores non-JSON files in the config folder", () => {
    const project = tempProject();
    const before = sourceDigests(project.dir, project.configDir);
    fs.writeFileSync(path.join(project.configDir, "notes.txt"), "not config");
    expect(sourceDigests(project.dir, project.configDir)).toEqual(before);
    fs.writeFileSync(path.join(project.dir, "lib", "stack.ts"), "// changed\n");
    expect(sourceDigests(project.dir, project.configDir)["lib/stack.ts"]).not.toBe(before["lib/stack.ts"]);
  });

  it("covers the provider schema the bindings are generated from", () => {
    const project = tempProject();
    fs.mkdirSync(path.join(project.dir, "provider-schema"));
    const schema = path.join(project.dir, "provider-schema", "genesyscloud@1.0.0.json");
    fs.writeFileSync(schema, "{}");
    const before = sourceDigests(project.dir, project.configDir);
    expect(Object.keys(before)).toContain("provider-schema/genesyscloud@1.0.0.json");
    fs.writeFileSync(schema, '{"changed":true}');
    expect(sourceDigests(project.dir, project.configDir)).not.toEqual(before);
  });
});
