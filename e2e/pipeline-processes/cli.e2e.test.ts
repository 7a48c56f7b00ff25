// The unit suite starts no terraform process. These run the real
// terraform on provider-less stacks, offline.
import * as fs from "fs";
import * as path from "path";
import { cli, readJson, synthesizedThreeEnvironments } from "../../test/pipeline/support";

describe("pipeline CLI", () => {
  it("deploys, verifies and writes the app config of one environment, as CI does", async () => {
    const project = synthesizedThreeEnvironments();
    const deployed = await cli(["deploy", "test", "--auto-approve"], project.dir);
    expect(deployed).toMatchObject({ code: 0, err: "" });
    const outputsFile = path.join(project.outDir, "outputs", "test.json");
    expect(deployed.out).toContain(`Deployed "test"; outputs written to ${outputsFile}.`);

    expect((await cli(["verify", "test"], project.dir)).out).toContain(`Verified "test" (deployed state)`);
    expect((await cli(["verify", "test", "--outputs-file", outputsFile], project.dir)).out).toContain(
      `Verified "test" (${outputsFile})`,
    );

    const written = await cli(["app-config", "test"], project.dir);
    expect(written.out).toBe(`Wrote ${path.join(project.dir, "app-config", "test.json")} for "test".`);
    expect(readJson(path.join(project.dir, "app-config", "test.json"))).toMatchObject({
      organizationName: "Acme test",
      region: "us-east-1",
    });
  });

  it("does not apply changes without --auto-approve when nobody can confirm", async () => {
    const project = synthesizedThreeEnvironments();
    const result = await cli(["deploy", "dev"], project.dir);
    expect(result.code).toBe(1);
    expect(result.err).toContain("re-run with --auto-approve");
  });

  it("keeps the folders given on the command line in its Next: hint", async () => {
    const project = synthesizedThreeEnvironments();
    const outDir = path.join(project.dir, "build");
    fs.renameSync(project.outDir, outDir);
    const deployed = await cli(["deploy", "dev", "--auto-approve", "--output", outDir], project.dir);
    expect(deployed.err).toBe("");
    expect(deployed.out).toContain(
      `Next: npm run pipeline:verify -- dev --project-dir ${project.dir} --output ${outDir}`,
    );
  });
});
