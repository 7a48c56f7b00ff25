import * as fs from "fs";
import * as path from "path";
import { findStack, freshStack } from "../../commands/pipeline/artifact";
import { goodOutputs, literalStack, synthesizedProject, tempProject, writeSynthOutput } from "./support";

describe("findStack", () => {
  it("finds the stack's working directory through the manifest", () => {
    const project = synthesizedProject();
    expect(findStack(project.outDir, "prod")).toEqual({
      name: "prod",
      dir: path.join(project.outDir, "stacks", "prod"),
    });
  });

  it("explains a missing output folder", () => {
    const project = tempProject();
    expect(() => findStack(project.outDir, "dev")).toThrow(
      `No synthesized output at ${project.outDir}. Run "npm run pipeline:synth"`,
    );
  });

  it("explains a folder that is not a cdktf output", () => {
    const project = tempProject();
    fs.mkdirSync(project.outDir);
    expect(() => findStack(project.outDir, "dev")).toThrow("manifest.json is missing or not valid JSON");
  });

  it("names the stacks it has when the environment was added after synthesis", () => {
    const project = synthesizedProject();
    expect(() => findStack(project.outDir, "qa")).toThrow(`Stack "qa" is not in ${project.outDir} (it has dev, prod)`);
  });

  it("explains a stack folder without cdk.tf.json", () => {
    const project = synthesizedProject();
    fs.rmSync(path.join(project.outDir, "stacks", "dev", "cdk.tf.json"));
    expect(() => findStack(project.outDir, "dev")).toThrow("cdk.tf.json is missing");
  });
});

describe("freshStack", () => {
  it("refuses an output whose config changed since synthesis", () => {
    const project = synthesizedProject();
    fs.writeFileSync(path.join(project.configDir, "dev.json"), JSON.stringify({ changed: true }));
    expect(() => freshStack({ ...project.context(), name: "dev" })).toThrow(
      "files changed since synthesis: config/dev.json (changed)",
    );
  });

  it("refuses a plain cdktf synth output (no build-info.json)", () => {
    const project = tempProject();
    writeSynthOutput(project.outDir, { dev: literalStack(project, "dev", goodOutputs()) });
    expect(() => freshStack({ ...project.context(), name: "dev" })).toThrow('plain "cdktf synth" does not record it');
  });
});
