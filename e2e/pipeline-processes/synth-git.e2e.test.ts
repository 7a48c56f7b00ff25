// The unit suite starts no process. These need real git repositories.
import * as path from "path";
import { readBuildInfo } from "../../commands/pipeline/build-info";
import { synth } from "../../commands/pipeline/synth";
import { fakeCdktf, tempProject, withoutGit } from "../../test/pipeline/support";

describe("synth", () => {
  it("runs cdktf synth with the config folder and output folder, then records the build", async () => {
    const project = tempProject({ dev: {}, prod: {} }, { git: true });
    const { run, calls } = fakeCdktf(project, ["dev", "prod"]);
    const info = await synth({ ...project.context({ PATH: process.env.PATH }), run });

    expect(calls).toHaveLength(1);
    expect(calls[0].command).toBe(path.join(project.dir, "node_modules", ".bin", "cdktf"));
    expect(calls[0].args).toEqual(["synth", "--output", path.resolve(project.outDir)]);
    expect(calls[0].options.cwd).toBe(project.dir);
    expect(calls[0].options.env).toMatchObject({ PARTNER_OAUTH_CONFIG_DIR: path.resolve(project.configDir) });
    expect(readBuildInfo(project.outDir)).toEqual(info);
    expect(project.log[0]).toMatch(/^Synthesized dev, prod into .*cdktf\.out from commit [0-9a-f]{12}\.$/);
  });

  it("warns when git cannot tell whether the sources have uncommitted changes", async () => {
    const project = tempProject({ dev: {} }, { git: true });
    const { run } = fakeCdktf(project, ["dev"]);
    expect((await withoutGit(() => synth({ ...project.context(), run }))).uncommittedChanges).toBeNull();
    expect(project.log[0]).toContain("(warning: git could not tell whether the sources have uncommitted changes)");
  });
});
