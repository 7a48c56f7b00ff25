// Moved from test/pipeline/cli.test.ts: the unit suite starts no terraform process. These run the real
// terraform on provider-less stacks, offline.
import * as fs from "fs";
import * as path from "path";
import { CliIo, main } from "../../scripts/pipeline/cli";
import { createRunner } from "../../scripts/pipeline/run";
import {
  credentialsEnv,
  fakeSynth,
  goodOutputs,
  literalStack,
  readJson,
  tempProject,
  TempProject,
} from "../../test/pipeline/support";

interface Captured {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in-process on the project `projectDir` (absolute paths then show in messages). */
async function cli(argv: string[], projectDir?: string, env: NodeJS.ProcessEnv = credentialsEnv()): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    env,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    interactive: false,
    run: createRunner("quiet"),
  };
  const code = await main(projectDir ? [...argv, "--project-dir", projectDir] : argv, io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function synthesized(): TempProject {
  const project = tempProject({ dev: { promotionOrder: 1 }, prod: { promotionOrder: 3 }, test: { promotionOrder: 2 } });
  fakeSynth(
    project,
    Object.fromEntries(["dev", "test", "prod"].map((name) => [name, literalStack(project, name, goodOutputs(name))])),
  );
  return project;
}

describe("pipeline CLI", () => {
  it("deploys, verifies and writes the app config of one environment, as CI does", async () => {
    const project = synthesized();
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
    const project = synthesized();
    const result = await cli(["deploy", "dev"], project.dir);
    expect(result.code).toBe(1);
    expect(result.err).toContain("re-run with --auto-approve");
  });

  it("keeps the folders given on the command line in its Next: hint", async () => {
    const project = synthesized();
    const outDir = path.join(project.dir, "build");
    fs.renameSync(project.outDir, outDir);
    const deployed = await cli(["deploy", "dev", "--auto-approve", "--output", outDir], project.dir);
    expect(deployed.err).toBe("");
    expect(deployed.out).toContain(
      `Next: npm run pipeline:verify -- dev --project-dir ${project.dir} --output ${outDir}`,
    );
  });
});
