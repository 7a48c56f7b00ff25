import * as fs from "fs";
import * as path from "path";
import { diff } from "../../scripts/pipeline/diff";
import { credentialsEnv, fakeSynth, goodOutputs, literalStack, tempProject } from "./support";

function synthesized() {
  const project = tempProject({ dev: {}, prod: {} });
  fakeSynth(project, {
    dev: literalStack(project, "dev", goodOutputs()),
    prod: literalStack(project, "prod", goodOutputs("prod")),
  });
  return project;
}

describe("diff", () => {
  it("skips, successfully, without credentials when asked to", () => {
    const project = synthesized();
    const env = credentialsEnv({ GENESYSCLOUD_OAUTHCLIENT_ID: "", GENESYSCLOUD_OAUTHCLIENT_SECRET: "" });
    expect(diff(project.context(env), { environment: "prod", ifCredentials: true })).toBe("skipped");
    expect(project.log).toEqual([`Skipped the diff of "prod": no Genesys Cloud credentials are set for it.`]);
    expect(() => diff(project.context(env), { environment: "prod", ifCredentials: false })).toThrow(
      `No Genesys Cloud credentials for environment "prod"`,
    );
  });

  it("refuses an unknown environment, a missing and a stale cdktf.out", () => {
    const project = synthesized();
    expect(() => diff(project.context(), { environment: "qa", ifCredentials: true })).toThrow(
      `Unknown environment "qa"`,
    );
    fs.writeFileSync(path.join(project.dir, "lib", "stack.ts"), "// changed after synth\n");
    expect(() => diff(project.context(), { environment: "dev", ifCredentials: true })).toThrow(
      "lib/stack.ts (changed)",
    );
    fs.rmSync(project.outDir, { recursive: true });
    expect(() => diff(project.context(), { environment: "dev", ifCredentials: true })).toThrow("No synthesized output");
  });
});
