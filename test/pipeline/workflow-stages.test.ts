import {
  DEPLOY_ENVIRONMENT_WORKFLOW,
  deployStages,
  PromotedEnvironment,
  stageProblems,
} from "../../scripts/pipeline/workflow-stages";

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
  ["deploy-dev", "dev", "build"],
  ["deploy-test", "test", "deploy-dev"],
  ["deploy-prod", "prod", ["deploy-test"]],
);

describe("deployStages", () => {
  it("finds the jobs that call the deploy-environment workflow and the stages they wait for", () => {
    expect(deployStages(CHAIN)).toEqual([
      { job: "deploy-dev", environment: "dev", after: [] },
      { job: "deploy-test", environment: "test", after: ["deploy-dev"] },
      { job: "deploy-prod", environment: "prod", after: ["deploy-test"] },
    ]);
  });

  it("finds none in other workflows", () => {
    expect(deployStages({ jobs: { test: { steps: [] } } })).toEqual([]);
    expect(deployStages(null)).toEqual([]);
  });
});

describe("stageProblems", () => {
  it("accepts one chain in promotion order", () => {
    expect(stageProblems(deployStages(CHAIN), [env("dev", 1), env("test", 2), env("prod", 3)], "config")).toEqual([]);
  });

  it("accepts any chain when the config gives no promotion order", () => {
    expect(stageProblems(deployStages(CHAIN), [env("dev"), env("prod"), env("test")], "config")).toEqual([]);
  });

  it("asks for a stage for a new environment, and names a stage without one", () => {
    const problems = stageProblems(deployStages(CHAIN), [env("dev"), env("staging"), env("test")], "config");
    expect(problems).toEqual([
      `job "deploy-prod" deploys "prod", but config has no such environment (it has dev, staging, test)`,
      `config/staging.json has no deploy stage: add a job that calls ${DEPLOY_ENVIRONMENT_WORKFLOW} with environment: staging (docs/pipeline.md, "Adding an environment")`,
    ]);
  });

  it("names stages out of promotion order", () => {
    expect(stageProblems(deployStages(CHAIN), [env("dev", 1), env("prod", 2), env("test", 3)], "config")).toEqual([
      "the deploy stages run dev → test → prod, but promotionOrder in config says dev (1) → prod (2) → test (3): reorder the jobs' needs",
    ]);
  });

  it("rejects stages that run side by side or wait for two others", () => {
    const forked = workflow(
      ["deploy-dev", "dev", "build"],
      ["deploy-test", "test", "deploy-dev"],
      ["deploy-prod", "prod", ["deploy-dev", "deploy-test"]],
    );
    expect(stageProblems(deployStages(forked), [env("dev"), env("test"), env("prod")], "config")).toEqual([
      `deploy stages "deploy-test", "deploy-prod" all follow "deploy-dev"; promotion is one environment at a time`,
      `job "deploy-prod" waits for 2 deploy stages; it must need only the one before it`,
    ]);
    const parallel = workflow(["deploy-dev", "dev", "build"], ["deploy-test", "test", "build"]);
    expect(stageProblems(deployStages(parallel), [env("dev"), env("test")], "config")).toEqual([
      `exactly one deploy stage must come first (need no other deploy stage); "deploy-dev", "deploy-test" all do`,
    ]);
  });

  it("rejects two environments with one promotionOrder, and an environment deployed twice", () => {
    const twice = workflow(["deploy-dev", "dev", "build"], ["deploy-dev-again", "dev", "deploy-dev"]);
    expect(stageProblems(deployStages(twice), [env("dev", 1), env("test", 1)], "config")).toEqual([
      `environment "dev" is deployed by 2 jobs; it needs exactly one`,
      `config/test.json has no deploy stage: add a job that calls ${DEPLOY_ENVIRONMENT_WORKFLOW} with environment: test (docs/pipeline.md, "Adding an environment")`,
      "config/test.json and config/dev.json both have promotionOrder 1; promotion is one environment at a time",
    ]);
  });

  it("names a stage without an environment input", () => {
    const missing = { jobs: { "deploy-x": { uses: DEPLOY_ENVIRONMENT_WORKFLOW } } };
    expect(stageProblems(deployStages(missing), [], "config")[0]).toContain(
      `job "deploy-x" deploys no environment (with.environment is missing)`,
    );
  });
});
