import type { EnvironmentConfig } from "../../lib/config/schema";

/** The reusable workflow that deploys, verifies and writes the app config of one environment. */
export const DEPLOY_ENVIRONMENT_WORKFLOW = "./.github/workflows/deploy-environment.yml";

export interface DeployStage {
  readonly job: string;
  readonly environment: string;
  /** The other deploy stages this one waits for. */
  readonly after: readonly string[];
}

export type PromotedEnvironment = Pick<EnvironmentConfig, "name" | "promotionOrder" | "file">;

/** Jobs of a parsed workflow that call the deploy-environment workflow, with their environment. */
export function deployStages(workflow: unknown): DeployStage[] {
  const jobs = (workflow as { jobs?: Record<string, unknown> } | null)?.jobs;
  if (typeof jobs !== "object" || jobs === null) return [];
  const calls = Object.entries(jobs).filter(
    ([, job]) => (job as { uses?: unknown } | null)?.uses === DEPLOY_ENVIRONMENT_WORKFLOW,
  );
  const stageJobs = new Set(calls.map(([id]) => id));
  return calls.map(([id, job]) => {
    const { with: inputs, needs } = job as { with?: { environment?: unknown }; needs?: unknown };
    const needed = typeof needs === "string" ? [needs] : Array.isArray(needs) ? needs.map(String) : [];
    return {
      job: id,
      environment: typeof inputs?.environment === "string" ? inputs.environment : "",
      after: needed.filter((name) => stageJobs.has(name)),
    };
  });
}

/**
 * Problems with a workflow's deploy stages against the config: one stage per environment, in one
 * chain (each stage waits for the one before), and in promotion order where the config gives one.
 */
export function stageProblems(
  stages: readonly DeployStage[],
  environments: readonly PromotedEnvironment[],
  configDir: string,
): string[] {
  const problems: string[] = [];
  const names = environments.map((environment) => environment.name);

  for (const stage of stages) {
    if (!names.includes(stage.environment)) {
      problems.push(
        `job "${stage.job}" deploys ${
          stage.environment ? `"${stage.environment}"` : "no environment (with.environment is missing)"
        }, ` + `but ${configDir} has no such environment (it has ${names.join(", ")})`,
      );
    }
  }
  for (const name of names) {
    const count = stages.filter((stage) => stage.environment === name).length;
    if (count === 0)
      problems.push(
        `${configDir}/${name}.json has no deploy stage: add a job that calls ${DEPLOY_ENVIRONMENT_WORKFLOW} with environment: ${name} (docs/pipeline.md, "Adding an environment")`,
      );
    if (count > 1) problems.push(`environment "${name}" is deployed by ${count} jobs; it needs exactly one`);
  }

  const seen = new Map<number, PromotedEnvironment>();
  for (const environment of environments) {
    if (typeof environment.promotionOrder !== "number") continue;
    const other = seen.get(environment.promotionOrder);
    if (other)
      problems.push(
        `${environment.file} and ${other.file} both have promotionOrder ${environment.promotionOrder}; promotion is one environment at a time`,
      );
    seen.set(environment.promotionOrder, environment);
  }

  const chain = chainOf(stages, problems);
  if (chain && problems.length === 0) {
    const ordered = chain.flatMap((stage) =>
      environments.filter((environment) => environment.name === stage.environment),
    );
    const ranked = ordered.filter((environment) => typeof environment.promotionOrder === "number");
    const expected = [...ranked].sort((a, b) => a.promotionOrder! - b.promotionOrder!);
    if (ranked.some((environment, i) => environment !== expected[i])) {
      problems.push(
        `the deploy stages run ${ordered.map((e) => e.name).join(" → ")}, but promotionOrder in ${configDir} says ` +
          `${expected.map((e) => `${e.name} (${e.promotionOrder})`).join(" → ")}: reorder the jobs' needs`,
      );
    }
  }
  return problems;
}

/** The stages as one chain, first to last; null (with problems added) when they do not form one. */
function chainOf(stages: readonly DeployStage[], problems: string[]): DeployStage[] | null {
  if (stages.length === 0) return [];
  const before = problems.length;
  const first = stages.filter((stage) => stage.after.length === 0);
  if (first.length !== 1) {
    problems.push(
      `exactly one deploy stage must come first (need no other deploy stage); ${
        first.length === 0 ? "none does" : `${first.map((s) => `"${s.job}"`).join(", ")} all do`
      }`,
    );
  }
  for (const stage of stages) {
    if (stage.after.length > 1)
      problems.push(
        `job "${stage.job}" waits for ${stage.after.length} deploy stages; it must need only the one before it`,
      );
    const next = stages.filter((other) => other.after.includes(stage.job));
    if (next.length > 1)
      problems.push(
        `deploy stages ${next.map((s) => `"${s.job}"`).join(", ")} all follow "${
          stage.job
        }"; promotion is one environment at a time`,
      );
  }
  if (problems.length > before) return null;
  const chain = [first[0]];
  for (;;) {
    const next = stages.find((stage) => stage.after[0] === chain[chain.length - 1].job);
    if (!next || chain.includes(next)) break;
    chain.push(next);
  }
  if (chain.length !== stages.length) {
    problems.push(`the deploy stages do not form one chain from "${first[0].job}" (a cycle in their needs?)`);
    return null;
  }
  return chain;
}
