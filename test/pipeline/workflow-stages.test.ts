import {
  DEPLOY_ENVIRONMENT_WORKFLOW,
  deployStages,
  PromotedEnvironment,
  stageProblems,
} from "../../commands/pipeline/workflow-stages";

/** A parsed deploy workflow with one stage per [job, environment, needs]. */
function workflow(...stages: [string, string, string | string[]][]): unknown {
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

const CHAIN = workflow(
  ["deploy-alpha", "alpha", "build"],
  ["deploy-beta", "beta", "deploy-alpha"],
  ["deploy-gamma", "gamma", ["deploy-beta"]],
);

describe("deployStages", () => {
  it("finds the jobs that call the deploy-environment workflow and the stages they wait for", () => {
    expect(deployStages(CHAIN)).toEqual([
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
    expect(stageProblems(deployStages(CHAIN), [env("alpha", 1), env("beta", 2), env("gamma", 3)], "config")).toEqual(
      [],
    );
  });

  it("accepts any chain when the config gives no promotion order", () => {
    expect(stageProblems(deployStages(CHAIN), [env("alpha"), env("gamma"), env("beta")], "config")).toEqual([]);
  });

  it("asks for a stage for a new environment, and names a stage without one", () => {
    const problems = stageProblems(deployStages(CHAIN), [env("alpha"), env("delta"), env("beta")], "config");
    expect(problems).toEqual([
      `job "deploy-gamma" deploys "gamma", but config has no such environment (it has alpha, delta, beta)`,
      `config/delta.json has no deploy stage: add a job that calls ${DEPLOY_ENVIRONMENT_WORKFLOW} with environment: delta (docs/pipeline.md, "Adding an environment")`,
    ]);
  });

  it("names stages out of promotion order", () => {
    expect(stageProblems(deployStages(CHAIN), [env("alpha", 1), env("gamma", 2), env("beta", 3)], "config")).toEqual([
      "the deploy stages run alpha → beta → gamma, but promotionOrder in config says alpha (1) → gamma (2) → beta (3): reorder the jobs' needs",
    ]);
  });

  it("rejects stages that run side by side or wait for two others", () => {
    const forked = workflow(
      ["deploy-alpha", "alpha", "build"],
      ["deploy-beta", "beta", "deploy-alpha"],
      ["deploy-gamma", "gamma", ["deploy-alpha", "deploy-beta"]],
    );
    expect(stageProblems(deployStages(forked), [env("alpha"), env("beta"), env("gamma")], "config")).toEqual([
      `deploy stages "deploy-beta", "deploy-gamma" all follow "deploy-alpha"; promotion is one environment at a time`,
      `job "deploy-gamma" waits for 2 deploy stages; it must need only the one before it`,
    ]);
    const parallel = workflow(["deploy-alpha", "alpha", "build"], ["deploy-beta", "beta", "build"]);
    expect(stageProblems(deployStages(parallel), [env("alpha"), env("beta")], "config")).toEqual([
      `exactly one deploy stage must come first (need no other deploy stage); "deploy-alpha", "deploy-beta" all do`,
    ]);
  });

  it("rejects two environments with one promotionOrder, and an environment deployed twice", () => {
    const twice = workflow(["deploy-alpha", "alpha", "build"], ["deploy-alpha-again", "alpha", "deploy-alpha"]);
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
