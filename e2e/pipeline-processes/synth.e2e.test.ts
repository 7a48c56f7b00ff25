// The unit suite starts no cdktf process. The real cdktf CLI
// synthesizes whatever environments are shipped.
import * as fs from "fs";
import * as path from "path";
import { freshStack } from "../../commands/pipeline/build-info";
import { environmentNames } from "../../commands/core/environments";
import { createRunner } from "../../commands/core/run";
import { synth } from "../../commands/pipeline/synth";
import { PROJECT_ROOT, SHIPPED_CONFIG_DIR } from "../../test/support/config-dir";
import { tempDir } from "../../test/pipeline/support";

describe("synth of this project", () => {
  it("synthesizes every shipped environment with the real cdktf CLI into a fresh folder that deploy accepts", async () => {
    const outDir = path.join(tempDir("pipeline-real-synth-"), "cdktf.out");
    const log: string[] = [];
    const context = {
      projectDir: PROJECT_ROOT,
      configDir: SHIPPED_CONFIG_DIR,
      outDir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CI: "1" },
      run: createRunner("quiet"),
      log: (line: string) => log.push(line),
    };
    await synth(context);
    const environments = environmentNames(SHIPPED_CONFIG_DIR);
    expect(environments.length).toBeGreaterThan(0);
    for (const name of environments) {
      expect(fs.existsSync(path.join(outDir, "stacks", name, "cdk.tf.json"))).toBe(true);
      expect(freshStack({ ...context, name }).name).toBe(name);
    }
  }, 120_000);
});
