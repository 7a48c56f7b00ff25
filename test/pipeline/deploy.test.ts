import * as fs from "fs";
import * as path from "path";
import { readBuildInfo, writeBuildInfo } from "../../commands/pipeline/build-info";
import { deploy } from "../../commands/pipeline/deploy";
import { Runner } from "../../commands/pipeline/run";
import { credentialsEnv, deployOptions, goodOutputs, synthesizedProject, tempProject } from "./support";

describe("deploy", () => {
  describe("refuses before touching terraform", () => {
    it("an unknown environment", async () => {
      const project = synthesizedProject();
      await expect(deploy(project.context(), deployOptions(project, { environment: "qa" }))).rejects.toThrow(
        `Unknown environment "qa": ${project.configDir} has dev, prod.`,
      );
    });

    it("a missing cdktf.out", async () => {
      const project = tempProject();
      await expect(deploy(project.context(), deployOptions(project))).rejects.toThrow(
        `No synthesized output at ${project.outDir}.`,
      );
    });

    it("an environment added to the config after synthesis", async () => {
      const project = synthesizedProject();
      fs.writeFileSync(
        path.join(project.configDir, "qa.json"),
        fs.readFileSync(path.join(project.configDir, "dev.json")),
      );
      await expect(deploy(project.context(), deployOptions(project, { environment: "qa" }))).rejects.toThrow(
        `Stack "qa" is not in ${project.outDir} (it has dev, prod)`,
      );
    });

    it("missing credentials", async () => {
      const project = synthesizedProject();
      const env = credentialsEnv({ GENESYSCLOUD_OAUTHCLIENT_SECRET: "" });
      await expect(deploy(project.context(env), deployOptions(project))).rejects.toThrow(
        `No Genesys Cloud credentials for environment "dev"`,
      );
    });
  });

  it("leaves the outputs of an earlier deploy untouched when this one fails, and says they are from then", async () => {
    const project = synthesizedProject();
    const outputsFile = path.join(project.outDir, "outputs", "dev.json");
    fs.mkdirSync(path.dirname(outputsFile));
    const earlier = JSON.stringify({ dev: goodOutputs() });
    fs.writeFileSync(outputsFile, earlier);
    const failingPlan: Runner = (_command, args) => ({ status: args[0] === "plan" ? 1 : 0, stdout: "" });
    await expect(deploy({ ...project.context(), run: failingPlan }, deployOptions(project))).rejects.toThrow(
      `terraform plan failed for stack "dev"`,
    );
    await expect(deploy({ ...project.context(), run: failingPlan }, deployOptions(project))).rejects.toThrow(
      `${outputsFile} was not updated: it still holds the outputs of an earlier deploy.`,
    );
    expect(fs.readFileSync(outputsFile, "utf8")).toBe(earlier);
  });

  it("warns when git could not tell whether the output was synthesized from uncommitted changes", async () => {
    const project = synthesizedProject();
    writeBuildInfo(project.outDir, { ...readBuildInfo(project.outDir), uncommittedChanges: null });
    const failingInit: Runner = () => ({ status: 1, stdout: "" });
    await expect(deploy({ ...project.context(), run: failingInit }, deployOptions(project))).rejects.toThrow(
      "terraform init failed",
    );
    expect(project.log[0]).toContain("was synthesized from sources git could not check for uncommitted changes");
  });
});
