import * as fs from "fs";
import * as path from "path";
import { formatProblem, lintWorkflows, pinningProblems } from "../../scripts/pipeline/lint-workflows";
import { PROJECT_ROOT, SHIPPED_CONFIG_DIR } from "../support/config-dir";
import { tempDir } from "./support";

const WORKFLOWS_DIR = path.join(PROJECT_ROOT, ".github", "workflows");
const CHECKOUT = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2";

/** A temp project folder with .github/workflows holding the given files. */
function workflowsDir(files: Record<string, string>): string {
  const dir = path.join(tempDir("pipeline-workflows-"), ".github", "workflows");
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

const BROKEN = `name: Broken
on: pushh
jobs:
  deploy:
    runs-on: ubuntu-latest
    needs: biuld
    steps:
      - uses: ${CHECKOUT}
      - run: echo "\${{ github.nope }}"
`;

describe("lintWorkflows", () => {
  it("finds no problem in this project's workflows", async () => {
    const problems = await lintWorkflows({
      workflowsDir: WORKFLOWS_DIR,
      configDir: SHIPPED_CONFIG_DIR,
      projectDir: PROJECT_ROOT,
    });
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it("fails a deliberately broken workflow", async () => {
    const dir = workflowsDir({ "broken.yml": BROKEN });
    const problems = await lintWorkflows({
      workflowsDir: dir,
      configDir: SHIPPED_CONFIG_DIR,
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
      (await lintWorkflows({ workflowsDir: empty, configDir: SHIPPED_CONFIG_DIR, projectDir: PROJECT_ROOT }))[0]
        .message,
    ).toBe("no workflow files (*.yml, *.yaml) found");
    const caller = workflowsDir({ "caller.yml": "on: push\njobs:\n  x:\n    uses: ./.github/workflows/gone.yml\n" });
    const problems = await lintWorkflows({
      workflowsDir: caller,
      configDir: SHIPPED_CONFIG_DIR,
      projectDir: PROJECT_ROOT,
    });
    expect(problems.map((problem) => problem.kind)).toContain("reference");
  });

  it("fails deploy stages that no longer match the config", async () => {
    const dir = workflowsDir(
      Object.fromEntries(
        fs.readdirSync(WORKFLOWS_DIR).map((name) => [name, fs.readFileSync(path.join(WORKFLOWS_DIR, name), "utf8")]),
      ),
    );
    const configDir = tempDir("pipeline-config-");
    for (const name of fs.readdirSync(SHIPPED_CONFIG_DIR))
      fs.copyFileSync(path.join(SHIPPED_CONFIG_DIR, name), path.join(configDir, name));
    const staging = { ...JSON.parse(fs.readFileSync(path.join(configDir, "dev.json"), "utf8")), promotionOrder: 25 };
    fs.writeFileSync(path.join(configDir, "staging.json"), JSON.stringify(staging));
    const problems = await lintWorkflows({ workflowsDir: dir, configDir, projectDir: PROJECT_ROOT });
    expect(problems.map((problem) => problem.kind)).toEqual(["stages"]);
    expect(problems[0].message).toContain("staging.json has no deploy stage");
  });
});

describe("pinningProblems", () => {
  it("wants third-party actions pinned to a SHA with a version comment, and leaves local ones alone", () => {
    const source = [
      `      - uses: ${CHECKOUT}`,
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
