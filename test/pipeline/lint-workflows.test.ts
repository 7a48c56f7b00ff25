import * as path from "path";
import { formatProblem, lintWorkflows, pinningProblems } from "../../commands/pipeline/lint-workflows";
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
      [9, "expression"],
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

describe("pinningProblems", () => {
  it("wants third-party actions pinned to a SHA with a version comment, and leaves local ones alone", () => {
    const source = [
      `      - uses: ${PINNED_CHECKOUT}`,
      "      - uses: actions/setup-node@v4",
      "      - uses: 'actions/cache@0c45773b623bea8c8e75f6c82b208c3cf94ea4f9'",
      "    uses: ./.github/workflows/deploy-environment.yml",
      "      - uses: docker://alpine:3.20",
    ].join("\n");
    expect(pinningProblems(source, "w.yml").map((problem) => [problem.line, problem.message])).toEqual([
      [2, `"actions/setup-node@v4" must be pinned to a full commit SHA (owner/repo@<40 hex> # vX.Y.Z)`],
      [
        3,
        `"actions/cache@0c45773b623bea8c8e75f6c82b208c3cf94ea4f9" needs a version comment after the SHA, e.g. "# v4.2.2"`,
      ],
    ]);
  });
});
