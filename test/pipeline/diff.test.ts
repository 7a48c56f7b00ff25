import * as fs from "fs";
import * as path from "path";
import { diff } from "../../commands/pipeline/diff";
import { credentialsEnv, synthesizedProject } from "./support";

describe("diff", () => {
  it("skips, successfully, without credentials when asked to", async () => {
    const project = synthesizedProject();
    const env = credentialsEnv({ GENESYSCLOUD_OAUTHCLIENT_ID: "", GENESYSCLOUD_OAUTHCLIENT_SECRET: "" });
    expect(await diff(project.context(env), { environment: "prod", ifCredentials: true })).toBe("skipped");
    expect(project.log).toEqual([`Skipped the diff of "prod": no Genesys Cloud credentials are set for it.`]);
    await expect(diff(project.context(env), { environment: "prod", ifCredentials: false })).rejects.toThrow(
      `No Genesys Cloud credentials for environment "prod"`,
    );
  });

  it("refuses an unknown environment, a missing and a stale cdktf.out", async () => {
    const project = synthesizedProject();
    await expect(diff(project.context(), { environment: "qa", ifCredentials: true })).rejects.toThrow(
      `Unknown environment "qa"`,
    );
    fs.writeFileSync(path.join(project.dir, "lib", "stack.ts"), "// changed after synth\n");
    await expect(diff(project.context(), { environment: "dev", ifCredentials: true })).rejects.toThrow(
      "lib/stack.ts (changed)",
    );
    fs.rmSync(project.outDir, { recursive: true });
    await expect(diff(project.context(), { environment: "dev", ifCredentials: true })).rejects.toThrow(
      "No synthesized output",
    );
  });
});
