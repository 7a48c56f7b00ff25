// What the project's own workflows promise, read from the parsed files.
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { PROJECT_ROOT } from "../support/config-dir";

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly steps?: Step[];
  readonly uses?: string;
  readonly needs?: string | string[];
  readonly with?: Record<string, unknown>;
  readonly outputs?: Record<string, string>;
}

const DIR = path.join(PROJECT_ROOT, ".github", "workflows");
const workflow = (name: string) =>
  parse(fs.readFileSync(path.join(DIR, name), "utf8")) as { jobs: Record<string, Job>; on: unknown };
const ALL = fs.readdirSync(DIR).filter((file) => file.endsWith(".yml"));
const steps = (name: string) => Object.values(workflow(name).jobs).flatMap((job) => job.steps ?? []);

describe("the shipped workflows", () => {
  it.each(ALL)("%s installs without install scripts and runs the bindings step by name", (file) => {
    const runs = steps(file).map((step) => step.run ?? "");
    const installs = runs.filter((run) => /\bnpm (ci|install|i)\b/.test(run));
    for (const install of installs) expect(install).toBe("npm ci --ignore-scripts");
    for (const [index, run] of runs.entries()) {
      if (run === "npm ci --ignore-scripts") expect(runs[index + 1]).toBe("npm run get");
    }
  });

  it.each(ALL)("%s takes Node.js from .nvmrc, the version .ci/run also tests", (file) => {
    for (const step of steps(file).filter((s) => s.uses?.startsWith("actions/setup-node@"))) {
      expect(step.with).toMatchObject({ "node-version-file": ".nvmrc" });
      expect(step.with).not.toHaveProperty("node-version");
    }
  });

  it(".nvmrc names one exact Node.js 24 (LTS) release", () => {
    expect(fs.readFileSync(path.join(PROJECT_ROOT, ".nvmrc"), "utf8")).toMatch(/^24\.\d+\.\d+\n$/);
  });

  it("the pull-request workflow runs the end-to-end tier, with terraform installed", () => {
    const jobs = Object.values(workflow("pull-request.yml").jobs);
    const e2e = jobs.find((job) => job.steps?.some((step) => step.run === "npm run test:e2e"));
    expect(e2e).toBeDefined();
    expect(e2e!.steps!.some((step) => step.uses?.startsWith("hashicorp/setup-terraform@"))).toBe(true);
  });

  // The first deploy into an org is phase "role": app-config writes no file, and the run must go on to the next stage.
  it("a deploy stage does not fail when app-config wrote no file (deploy phase role)", () => {
    const upload = steps("deploy-environment.yml").find((step) => step.uses?.startsWith("actions/upload-artifact@"));
    expect(upload?.with?.path).toBe("app-config/${{ inputs.environment }}.json");
    expect(upload!.if !== undefined || upload!.with!["if-no-files-found"] !== "error").toBe(true);
  });

  it("every deploy and diff job checks the artifact against the build job's digest of build-info.json", () => {
    const check = /sha256sum --check --strict -$/;
    const reusable = steps("deploy-environment.yml");
    const download = reusable.findIndex((step) => step.uses?.startsWith("actions/download-artifact@"));
    expect(reusable[download + 1]?.run).toMatch(check);
    const deploy = workflow("deploy.yml");
    expect(deploy.jobs.build!.outputs?.["build-info-sha256"]).toBe("${{ steps.digest.outputs.sha256 }}");
    for (const job of Object.values(deploy.jobs).filter(
      (j) => j.uses === "./.github/workflows/deploy-environment.yml",
    )) {
      expect(job.with?.["build-info-sha256"]).toBe("${{ needs.build.outputs.build-info-sha256 }}");
      expect([job.needs].flat()).toContain("build");
    }
    const diff = workflow("pull-request.yml").jobs.diff!.steps!;
    const diffDownload = diff.findIndex((step) => step.uses?.startsWith("actions/download-artifact@"));
    expect(diff[diffDownload + 1]?.run).toMatch(check);
  });
});
