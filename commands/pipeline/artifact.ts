import * as fs from "fs";
import * as path from "path";
import { assertOutputUnchanged, BuildInfo, readBuildInfo, sourceDigests, stalenessReasons } from "./build-info";
import { CommandError } from "../core/errors";
import { headCommit } from "./git";
import { isInsideRealPath } from "../../lib/real-path";
import { sweepStaleRuns } from "../core/terraform";
import { z } from "zod";

const RESYNTH = `Run "npm run pipeline:synth" (in CI the deploy jobs use the artifact of the build job of the same run).`;

export interface SynthesizedStack {
  readonly name: string;
  /** Terraform working directory of the stack (holds cdk.tf.json). */
  readonly dir: string;
  readonly buildInfo: BuildInfo;
}

const manifestSchema = z.object({
  stacks: z.record(z.string(), z.object({ workingDirectory: z.string().optional() })).default({}),
});

/** The stacks that cdktf's manifest.json in `outDir` lists; undefined when there is no readable manifest. */
export function manifestStacks(outDir: string): Record<string, { workingDirectory?: string }> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(path.join(outDir, "manifest.json"), "utf8"));
  } catch {
    return undefined;
  }
  return manifestSchema.safeParse(json).data?.stacks;
}

/** The stack `name` in `outDir`, without checking that the output matches the checkout. */
export function findStack(outDir: string, name: string): Omit<SynthesizedStack, "buildInfo"> {
  if (!fs.existsSync(outDir)) {
    throw new CommandError(`No synthesized output at ${outDir}. ${RESYNTH}`);
  }
  const stacks = manifestStacks(outDir);
  if (!stacks) {
    throw new CommandError(
      `${path.join(outDir, "manifest.json")} is missing or not valid JSON, so ${outDir} is not a cdktf output. ${RESYNTH}`,
    );
  }
  const stack = Object.hasOwn(stacks, name) ? stacks[name] : undefined;
  if (!stack) {
    throw new CommandError(
      `Stack "${name}" is not in ${outDir} (it has ${Object.keys(stacks).join(", ") || "no stacks"}): ` +
        `the environment was added after synthesis. ${RESYNTH}`,
    );
  }
  const dir = path.join(outDir, stack.workingDirectory ?? path.join("stacks", name));
  if (path.relative(outDir, dir) === "" || !isInsideRealPath(outDir, dir)) {
    throw new CommandError(
      `Refusing the working directory of stack "${name}" in manifest.json: ${dir} is outside ${outDir}. ${RESYNTH}`,
    );
  }
  sweepStaleRuns(dir);
  if (!fs.existsSync(path.join(dir, "cdk.tf.json"))) {
    throw new CommandError(`${path.join(dir, "cdk.tf.json")} is missing: ${outDir} is incomplete. ${RESYNTH}`);
  }
  return { name, dir };
}

/** The stack `name` in `outDir`, checked to be synthesized from exactly this checkout (commit, sources, config). */
export function freshStack(options: {
  readonly outDir: string;
  readonly name: string;
  readonly projectDir: string;
  readonly configDir: string;
}): SynthesizedStack {
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
