// The GitHub workflows (.github/workflows/): the lint the pipeline runs on them (actionlint, the supply-chain
// policy, deploy stages matching the config) and what the shipped ones must do.

import * as path from "path";
import * as fs from "fs";
import { parse } from "yaml";
import { formatProblem, lintWorkflows, policyProblems } from "../../commands/pipeline/lint-workflows";
import {
  DEPLOY_ENVIRONMENT_WORKFLOW,
  deployStages,
  PromotedEnvironment,
  stageProblems,
} from "../../commands/pipeline/workflow-stages";
import { minimalEnvironment, PROJECT_ROOT, SHIPPED_CONFIG_DIR, tempConfigDir } from "../support/config-dir";
import { BROKEN_WORKFLOW, PINNED_CHECKOUT, workflowsDir } from "./support";

const WORKFLOWS_DIR = path.join(PROJECT_ROOT, ".github", "workflows");

/** Environments alpha → beta in promotion order, and `extra` ones. */
function configDir(extra: Record<string, number> = {}): string {
  const orders: Record<string, number> = { alpha: 10, beta: 20, ...extra };
  return tempConfigDir(
    Object.fromEntries(
      Object.entries(orders).map(([name, order]) => [
        `${name}.json`,
        { ...minimalEnvironment(name), promotionOrder: order },
      ]),
    ),
  );
}

const REUSABLE = `name: Deploy one environment
on:
  workflow_call:
    inputs:
      environment:
        type: string
        required: true
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ inputs.environment }}"
`;

const CHAIN = `name: Deploy
on: push
jobs:
  deploy-alpha:
    uses: ./.github/workflows/deploy-environment.yml
    with:
      environment: alpha
  deploy-beta:
    needs: deploy-alpha
    uses: ./.github/workflows/deploy-environment.yml
    with:
      environment: beta
`;

describe("lintWorkflows", () => {
  // The shipped project, whatever environments it has: the check that tells a maintainer which stage to add.
  it("finds no problem in this project's workflows", async () => {
    const problems = await lintWorkflows({
      workflowsDir: WORKFLOWS_DIR,
      configDir: SHIPPED_CONFIG_DIR,
      projectDir: PROJECT_ROOT,
    });
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it("fails a deliberately broken workflow", async () => {
    const dir = workflowsDir({ "broken.yml": BROKEN_WORKFLOW });
    const problems = await lintWorkflows({
      workflowsDir: dir,
      configDir: configDir(),
      projectDir: path.dirname(path.dirname(dir)),
    });
    expect(problems.map((problem) => [problem.line, problem.kind])).toEqual([
      [2, "events"],
      [4, "job-needs"],
      [11, "expression"],
    ]);
    expect(formatProblem(problems[1])).toBe(
      `.github/workflows/broken.yml:4:3: job "deploy" needs job "biuld" which does not exist in this workflow [job-needs]`,
    );
  });

  it("fails a folder without workflows, and a call to a missing reusable workflow", async () => {
    const empty = workflowsDir({});
    expect(
      (await lintWorkflows({ workflowsDir: empty, configDir: configDir(), projectDir: PROJECT_ROOT }))[0].message,
    ).toBe("no workflow files (*.yml, *.yaml) found");
    const caller = workflowsDir({ "caller.yml": "on: push\njobs:\n  x:\n    uses: ./.github/workflows/gone.yml\n" });
    const problems = await lintWorkflows({
      workflowsDir: caller,
      configDir: configDir(),
      projectDir: PROJECT_ROOT,
    });
    expect(problems.map((problem) => problem.kind)).toContain("reference");
  });

  it("accepts deploy stages that match the config, and fails them once an environment has none", async () => {
    const dir = workflowsDir({ "deploy.yml": CHAIN, "deploy-environment.yml": REUSABLE });
    const projectDir = path.dirname(path.dirname(dir));
    expect((await lintWorkflows({ workflowsDir: dir, configDir: configDir(), projectDir })).map(formatProblem)).toEqual(
      [],
    );
    const problems = await lintWorkflows({ workflowsDir: dir, configDir: configDir({ gamma: 15 }), projectDir });
    expect(problems.map((problem) => problem.kind)).toEqual(["stages"]);
    expect(problems[0].message).toContain("gamma.json has no deploy stage");
  });
});

const SHA = "0c45773b623bea8c8e75f6c82b208c3cf94ea4f9";
const DIGEST = `sha256:${"a".repeat(64)}`;

/** [line, kind, message] of each policy problem of `source`. */
function policy(source: string): [number | undefined, string, string][] {
  return policyProblems(source, "w.yml").map((problem) => [problem.line, problem.kind, problem.message]);
}

describe("policyProblems", () => {
  it("are found by lintWorkflows: the holes a hostile workflow change would use", async () => {
    const hostile = `on: pull_request_target
permissions: write-all
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: ${PINNED_CHECKOUT}
      - { uses: tj-actions/changed-files@v45 }
      - uses: docker://alpine:latest
`;
    const dir = workflowsDir({ "hostile.yml": hostile });
    const problems = await lintWorkflows({ workflowsDir: dir, configDir: configDir(), projectDir: PROJECT_ROOT });
    expect(problems.filter((p) => p.kind !== "stages").map((p) => [p.line, p.kind])).toEqual([
      [1, "trigger"],
      [2, "permissions"],
      [7, "checkout"],
      [8, "pinning"],
      [9, "pinning"],
    ]);
  });

  it("accepts a workflow that follows every rule", () => {
    const source = `on: pull_request
permissions:
  contents: read
jobs:
  a:
    runs-on: ubuntu-latest
    container: node@${DIGEST}
    services:
      db:
        image: postgres@${DIGEST}
    steps:
      - uses: ${PINNED_CHECKOUT}
        with:
          persist-credentials: false
      - uses: docker://alpine@${DIGEST}
      - { uses: actions/cache@${SHA} } # v4.2.0
  b:
    uses: ./.github/workflows/deploy-environment.yml
`;
    expect(policy(source)).toEqual([]);
  });

  it("wants every uses: pinned to a commit SHA with a version comment, flow syntax too", () => {
    const source = `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-node@v4
      - { uses: tj-actions/changed-files@v45 }
      - uses: 'actions/cache@${SHA}'
      - uses: actions/cache@${SHA.slice(0, 39)}g # v4.2.0
  b:
    uses: octo/workflows/.github/workflows/x.yml@main
`;
    expect(policy(source)).toEqual([
      [6, "pinning", `"actions/setup-node@v4" must be pinned to a full commit SHA (owner/repo@<40 hex> # vX.Y.Z)`],
      [
        7,
        "pinning",
        `"tj-actions/changed-files@v45" must be pinned to a full commit SHA (owner/repo@<40 hex> # vX.Y.Z)`,
      ],
      [8, "pinning", `"actions/cache@${SHA}" needs a version comment after the SHA, e.g. "# v4.2.2"`],
      [9, "pinning", expect.stringContaining("must be pinned to a full commit SHA")],
      [11, "pinning", expect.stringContaining('"octo/workflows/.github/workflows/x.yml@main" must be pinned')],
    ]);
  });

  it("wants container images by digest", () => {
    const source = `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    container:
      image: node:24
    services:
      db: postgres:16
    steps:
      - uses: docker://alpine:latest
`;
    expect(policy(source).map(([line, , message]) => [line, message])).toEqual([
      [6, 'job "a" container image "node:24" must be pinned by digest (image@sha256:<64 hex>)'],
      [8, 'service "db" image "postgres:16" must be pinned by digest (image@sha256:<64 hex>)'],
      [10, '"docker://alpine:latest" must name its image by digest (docker://image@sha256:<64 hex>)'],
    ]);
  });

  it.each([
    ["a name", "on: pull_request_target\njobs: {}\n", 1],
    ["a list", "on: [push, pull_request_target]\njobs: {}\n", 1],
    ["a map", "on:\n  push:\n  pull_request_target:\n    types: [opened]\njobs: {}\n", 3],
  ])("refuses pull_request_target given as %s", (_label, source, line) => {
    expect(policy(source)).toEqual([[line, "trigger", expect.stringContaining("use pull_request")]]);
  });

  it("refuses write-all, for the workflow and for a job", () => {
    const source = `on: push
permissions: write-all
jobs:
  a:
    runs-on: ubuntu-latest
    permissions: write-all
    steps:
      - run: "true"
`;
    expect(policy(source).map(([line, kind]) => [line, kind])).toEqual([
      [2, "permissions"],
      [6, "permissions"],
    ]);
  });

  it("wants every checkout with persist-credentials: false", () => {
    const source = `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: ${PINNED_CHECKOUT}
      - uses: ${PINNED_CHECKOUT}
        with:
          persist-credentials: true
      - uses: ${PINNED_CHECKOUT}
        with: { persist-credentials: false }
`;
    expect(policy(source).map(([line, kind]) => [line, kind])).toEqual([
      [6, "checkout"],
      [7, "checkout"],
    ]);
  });
});

/** A parsed deploy workflow with one stage per [job, environment, needs]. */
function parsedWorkflow(...stages: [string, string, string | string[]][]): unknown {
  return {
    jobs: {
      build: { "runs-on": "ubuntu-latest", steps: [] },
      ...Object.fromEntries(
        stages.map(([job, environment, needs]) => [
          job,
          { needs, uses: DEPLOY_ENVIRONMENT_WORKFLOW, with: { environment } },
        ]),
      ),
    },
  };
}

const env = (name: string, promotionOrder?: number): PromotedEnvironment => ({
  name,
  file: `config/${name}.json`,
  ...(promotionOrder === undefined ? {} : { promotionOrder }),
});

const PARSED_CHAIN = parsedWorkflow(
  ["deploy-alpha", "alpha", "build"],
  ["deploy-beta", "beta", "deploy-alpha"],
  ["deploy-gamma", "gamma", ["deploy-beta"]],
);

describe("deployStages", () => {
  it("finds the jobs that call the deploy-environment workflow and the stages they wait for", () => {
    expect(deployStages(PARSED_CHAIN)).toEqual([
      { job: "deploy-alpha", environment: "alpha", after: [] },
      { job: "deploy-beta", environment: "beta", after: ["deploy-alpha"] },
      { job: "deploy-gamma", environment: "gamma", after: ["deploy-beta"] },
    ]);
  });

  it("finds none in other workflows", () => {
    expect(deployStages({ jobs: { beta: { steps: [] } } })).toEqual([]);
    expect(deployStages(null)).toEqual([]);
  });
});

describe("stageProblems", () => {
  it("accepts one chain in promotion order", () => {
    expect(
      stageProblems(deployStages(PARSED_CHAIN), [env("alpha", 1), env("beta", 2), env("gamma", 3)], "config"),
    ).toEqual([]);
  });

  it("accepts any chain when the config gives no promotion order", () => {
    expect(stageProblems(deployStages(PARSED_CHAIN), [env("alpha"), env("gamma"), env("beta")], "config")).toEqual([]);
  });

  it("asks for a stage for a new environment, and names a stage without one", () => {
    const problems = stageProblems(deployStages(PARSED_CHAIN), [env("alpha"), env("delta"), env("beta")], "config");
    expect(problems).toEqual([
      `job "deploy-gamma" deploys "gamma", but config has no such environment (it has alpha, delta, beta)`,
      `config/delta.json has no deploy stage: add a job that calls ${DEPLOY_ENVIRONMENT_WORKFLOW} with environment: delta (docs/pipeline.md, "Adding an environment")`,
    ]);
  });

  it("names stages out of promotion order", () => {
    expect(
      stageProblems(deployStages(PARSED_CHAIN), [env("alpha", 1), env("gamma", 2), env("beta", 3)], "config"),
    ).toEqual([
      "the deploy stages run alpha → beta → gamma, but promotionOrder in config says alpha (1) → gamma (2) → beta (3): reorder the jobs' needs",
    ]);
  });

  it("rejects stages that run side by side or wait for two others", () => {
    const forked = parsedWorkflow(
      ["deploy-alpha", "alpha", "build"],
      ["deploy-beta", "beta", "deploy-alpha"],
      ["deploy-gamma", "gamma", ["deploy-alpha", "deploy-beta"]],
    );
    expect(stageProblems(deployStages(forked), [env("alpha"), env("beta"), env("gamma")], "config")).toEqual([
      `deploy stages "deploy-beta", "deploy-gamma" all follow "deploy-alpha"; promotion is one environment at a time`,
      `job "deploy-gamma" waits for 2 deploy stages; it must need only the one before it`,
    ]);
    const parallel = parsedWorkflow(["deploy-alpha", "alpha", "build"], ["deploy-beta", "beta", "build"]);
    expect(stageProblems(deployStages(parallel), [env("alpha"), env("beta")], "config")).toEqual([
      `exactly one deploy stage must come first (need no other deploy stage); "deploy-alpha", "deploy-beta" all do`,
    ]);
  });

  it("rejects two environments with one promotionOrder, and an environment deployed twice", () => {
    const twice = parsedWorkflow(["deploy-alpha", "alpha", "build"], ["deploy-alpha-again", "alpha", "deploy-alpha"]);
    expect(stageProblems(deployStages(twice), [env("alpha", 1), env("beta", 1)], "config")).toEqual([
      `environment "alpha" is deployed by 2 jobs; it needs exactly one`,
      `config/beta.json has no deploy stage: add a job that calls ${DEPLOY_ENVIRONMENT_WORKFLOW} with environment: beta (docs/pipeline.md, "Adding an environment")`,
      "config/beta.json and config/alpha.json both have promotionOrder 1; promotion is one environment at a time",
    ]);
  });

  it("names a stage without an environment input", () => {
    const missing = { jobs: { "deploy-x": { uses: DEPLOY_ENVIRONMENT_WORKFLOW } } };
    expect(stageProblems(deployStages(missing), [], "config")[0]).toContain(
      `job "deploy-x" deploys no environment (with.environment is missing)`,
    );
  });
});

// What the project's own workflows promise, read from the parsed files.

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
