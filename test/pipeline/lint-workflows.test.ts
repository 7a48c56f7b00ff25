import * as path from "path";
import { formatProblem, lintWorkflows, policyProblems } from "../../commands/pipeline/lint-workflows";
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
