import * as fs from "fs";
import * as path from "path";
import { Runner } from "../../commands/pipeline/run";
import { synth } from "../../commands/pipeline/synth";
import { fakeCdktf, tempProject } from "./support";

describe("synth", () => {
  it("fails, recording nothing, when cdktf synth fails", async () => {
    const project = tempProject();
    fs.mkdirSync(project.outDir);
    fs.writeFileSync(path.join(project.outDir, "build-info.json"), "{} from an earlier synth");
    const { run } = fakeCdktf(project, [], 1);
    await expect(synth({ ...project.context(), run })).rejects.toThrow(
      "cdktf synth failed (exit code 1); see its output above.",
    );
    expect(fs.existsSync(path.join(project.outDir, "build-info.json"))).toBe(false);
  });

  it("fails when an environment got no stack", async () => {
    const project = tempProject({ dev: {}, prod: {} });
    const { run } = fakeCdktf(project, ["dev"]);
    await expect(synth({ ...project.context(), run })).rejects.toThrow(`cdktf synth wrote no stack for "prod"`);
    expect(fs.existsSync(path.join(project.outDir, "build-info.json"))).toBe(false);
  });

  it("explains a missing cdktf (no npm ci yet)", async () => {
    const project = tempProject();
    const run: Runner = () => ({ status: null, stdout: "", startError: "spawnSync cdktf ENOENT" });
    await expect(synth({ ...project.context(), run })).rejects.toThrow(`Run "npm ci" first.`);
  });
});
