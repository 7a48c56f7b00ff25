/**
 * The paths a newcomer takes, on a copy of the project (e2e/support/project-copy.ts):
 * - adding an environment exactly as the README and docs/pipeline.md say, after which `npm test`
 *   passes with no test file edited;
 * - provider bindings that heal themselves: `npm run synth` after `.gen/` was deleted or damaged.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { listEnvironments } from "../lib/config/load";
import { deployStages } from "../commands/pipeline/workflow-stages";
import { projectCopy, removeProjectCopies } from "./support/project-copy";
import { run } from "./support/run";

afterAll(removeProjectCopies);

const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  CHECKPOINT_DISABLE: "1",
  CI: "true",
  ...extra,
});

/** The job that docs/pipeline.md ("Adding an environment", step 3) shows, as YAML lines. */
function documentedStage(): string[] {
  const docs = readFileSync(join(__dirname, "..", "docs", "pipeline.md"), "utf8");
  const section = docs.slice(docs.indexOf("## Adding an environment"));
  const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  const lines = block.split("\n").map((line) => line.replace(/^ {3}/, ""));
  return lines.slice(0, lines.indexOf(""));
}

describe("adding an environment as the README says", () => {
  it("needs a config file, a deploy stage and npm run test:update; then npm test passes", () => {
    const root = projectCopy();
    const configDir = join(root, "config");
    const shipped = listEnvironments(configDir);
    expect(shipped).not.toContain("staging");

    // 1. config/staging.json, after the last environment in promotion order.
    const configs = shipped.map((name) => JSON.parse(readFileSync(join(configDir, `${name}.json`), "utf8")));
    const lastOrder = Math.max(0, ...configs.map((c) => Number(c.promotionOrder ?? 0)));
    const staging = {
      $schema: "./config.schema.json",
      region: "eu-west-1",
      organization: { name: "Acme Partner Staging" },
      oauthClient: { name: "Acme Bot Partner (staging)" },
      promotionOrder: lastOrder + 10,
    };
    writeFileSync(join(configDir, "staging.json"), `${JSON.stringify(staging, null, 2)}\n`);

    // 2. Its stage in deploy.yml, as docs/pipeline.md shows it, after the last stage.
    const workflowFile = join(root, ".github", "workflows", "deploy.yml");
    const workflow = readFileSync(workflowFile, "utf8");
    const stages = deployStages(parse(workflow));
    const last = stages.find((stage) => !stages.some((other) => other.after.includes(stage.job)));
    const stage = documentedStage();
    expect(stage[0]).toBe("deploy-staging:");
    const job = stage.map((line) => `  ${line.replace(/needs: .*/, `needs: [build, ${last?.job}]`)}`).join("\n");
    writeFileSync(workflowFile, `${workflow.trimEnd()}\n\n${job}\n`);

    // Before the snapshot is written, CI's npm test says what is missing.
    const before = run("npm test", "npm", ["test", "--silent"], env(), root, 300_000);
    expect(before.code).not.toBe(0);
    expect(before.output).toContain("New snapshot was not written");

    // 3. npm run test:update writes the new environment's snapshot (commit it), then npm test passes.
    const update = run("npm run test:update", "npm", ["run", "--silent", "test:update"], env(), root, 300_000);
    expect({ code: update.code, tail: update.code === 0 ? "" : update.output.slice(-4000) }).toEqual({
      code: 0,
      tail: "",
    });
    expect(readFileSync(join(root, "test", "__snapshots__", "partner-oauth-stack.test.ts.snap"), "utf8")).toContain(
      "the staging stack",
    );
    const after = run("npm test", "npm", ["test", "--silent"], env(), root, 300_000);
    expect(after.stderr).not.toMatch(/✕|FAIL/);
    expect(after.code).toBe(0);
  }, 600_000);
});

describe("provider bindings", () => {
  it("are generated again, offline, by npm run synth when .gen/ is missing or damaged", () => {
    const root = projectCopy({ withBindings: false });
    const outdir = join(root, "try.out");
    const synth = () =>
      run("npm run synth", "npm", ["run", "--silent", "synth", "--", "--output", outdir], env(), root, 120_000);

    const fresh = synth();
    expect(fresh.output).toContain("Generated provider bindings in .gen/");
    expect(fresh.code).toBe(0);
    const stacks = listEnvironments(join(root, "config"));
    for (const name of stacks)
      expect(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8")).toContain("genesyscloud");

    const generated = join(root, ".gen", "providers", "genesyscloud", "index.ts");
    writeFileSync(generated, "export {};\n");
    const damaged = synth();
    expect(damaged.output).toContain("Generated provider bindings in .gen/");
    expect(damaged.code).toBe(0);

    rmSync(join(root, ".gen"), { recursive: true });
    const missing = synth();
    expect(missing.code).toBe(0);
  }, 300_000);
});
