import { assertOutputUnchanged, BuildInfo, readBuildInfo, sourceDigests, stalenessReasons } from "./build-info";
import { CommandError } from "../core/errors";
import { headCommit } from "./git";
import { type SynthesizedStack, synthesizedStack } from "../core/manifest";
import { sweepStaleRuns } from "../core/terraform";

const RESYNTH = `Run "npm run pipeline:synth" (in CI the deploy jobs use the artifact of the build job of the same run).`;

export interface FreshStack extends SynthesizedStack {
  readonly buildInfo: BuildInfo;
}

/** The stack `name` in `outDir`, without checking that the output matches the checkout. */
export function findStack(outDir: string, name: string): SynthesizedStack {
  const stack = synthesizedStack(outDir, name, RESYNTH);
  sweepStaleRuns(stack.dir);
  return stack;
}

/** The stack `name` in `outDir`, checked to be synthesized from exactly this checkout (commit, sources, config). */
export function freshStack(options: {
  readonly outDir: string;
  readonly name: string;
  readonly projectDir: string;
  readonly configDir: string;
}): FreshStack {
  const stack = findStack(options.outDir, options.name);
  const buildInfo = readBuildInfo(options.outDir);
  assertOutputUnchanged(options.outDir, buildInfo, RESYNTH);
  const reasons = stalenessReasons(buildInfo, {
    commit: headCommit(options.projectDir),
    files: sourceDigests(options.projectDir, options.configDir),
  });
  if (reasons.length > 0) {
    throw new CommandError(
      `${options.outDir} is stale for stack "${options.name}": ${reasons.join("; ")}. ` +
        `It was synthesized at ${buildInfo.createdAt}. ${RESYNTH}`,
    );
  }
  return { ...stack, buildInfo };
}
