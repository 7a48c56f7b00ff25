import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import type { PipelineContext } from "./context";
import { CommandError } from "../core/errors";
import { hasUncommittedChanges, headCommit } from "./git";
import { readJsonFile, writeFileAtomically } from "../core/files";
import { isInsideRealPath, realPath } from "../../lib/real-path";
import { type SynthesizedStack, synthesizedStack } from "../core/manifest";
import { sweepStaleRuns, TERRAFORM_DATA } from "../core/terraform";

const SYNTH_AGAIN = `Run "npm run pipeline:synth" again.`;
const RESYNTH = `Run "npm run pipeline:synth" (in CI the deploy jobs use the artifact of the build job of the same run).`;

export const BUILD_INFO_FILE = "build-info.json";

/** The files besides the config folder that change the synthesized JSON (`.gen/` comes from cdktf.json and provider-schema/). */
const SOURCE_PATHS = [
  "main.ts",
  "lib",
  "cdktf.json",
  "package-lock.json",
  "tsconfig.json",
  "provider-schema",
  "customers",
];

const digests = z.record(z.string(), z.string());

const buildInfoSchema = z.object({
  formatVersion: z.literal(1),
  /** Commit the output was synthesized from; null outside a git work tree. */
  commit: z.string().nullable(),
  /** The sources had uncommitted changes at synthesis; null when git could not tell. */
  uncommittedChanges: z.boolean().nullable(),
  /** sha256 of each source and config file, keyed by its path (see `sourceDigests`). */
  files: digests,
  /** When it was synthesized (ISO 8601), shown when the output is stale. */
  createdAt: z.string(),
  /** sha256 of every file synthesis left in the output folder, by relative path: terraform runs on exactly these. */
  output: digests,
});

export type BuildInfo = z.infer<typeof buildInfoSchema>;

/** What is known before synthesis: everything but the output's digests. */
export type SourceInfo = Omit<BuildInfo, "output">;

/** What the pipeline itself adds to the output folder after synthesis: the outputs files of deploy. */
const OUTPUTS_FOLDER = "outputs";

export function captureBuildInfo(projectDir: string, configDir: string): SourceInfo {
  // git status fails on a path outside the work tree, and a config folder outside the project is not in its commits.
  const config = projectPath(projectDir, configDir);
  return {
    formatVersion: 1,
    commit: headCommit(projectDir),
    uncommittedChanges: hasUncommittedChanges(projectDir, config === null ? SOURCE_PATHS : [...SOURCE_PATHS, config]),
    files: sourceDigests(projectDir, configDir),
    createdAt: new Date().toISOString(),
  };
}

/** Records `info` with the digests of what is in `outDir` now; returns the record. */
export function writeBuildInfo(outDir: string, info: SourceInfo): BuildInfo {
  const record: BuildInfo = { ...info, output: outputDigests(outDir) };
  writeFileAtomically(path.join(outDir, BUILD_INFO_FILE), `${JSON.stringify(record, null, 2)}\n`, 0o644);
  return record;
}

/**
 * sha256 of every file under `outDir` (a symlinked --output followed once, at the top) but the record and the
 * outputs folder; a symbolic link, a special file and terraform's own data are refused, never recorded.
 */
export function outputDigests(outDir: string): Record<string, string> {
  const root = realPath(outDir);
  const digests: Record<string, string> = {};
  const refuse = (relative: string, why: string): never => {
    throw new CommandError(`Refusing ${path.join(outDir, relative)}: ${why}. Nothing was run. ${SYNTH_AGAIN}`);
  };
  const walk = (relative: string) => {
    const full = path.join(root, relative);
    const stat = fs.lstatSync(full);
    if (TERRAFORM_DATA.includes(path.basename(full)))
      refuse(relative, "terraform's data is never taken from an artifact");
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(full).sort()) {
        const child = relative === "" ? entry : `${relative}/${entry}`;
        if (child !== BUILD_INFO_FILE && child !== OUTPUTS_FOLDER) walk(child);
      }
    } else if (stat.isFile()) {
      digests[relative] = sha256(full);
    } else {
      refuse(relative, stat.isSymbolicLink() ? "an artifact holds no symbolic links" : "not a regular file or folder");
    }
  };
  walk("");
  return digests;
}

/** Every file added, changed or gone between two digest records, sorted. */
function compare(recorded: Record<string, string>, current: Record<string, string>, gone: string): string[] {
  return [
    ...Object.entries(current).flatMap(([file, digest]) =>
      !Object.hasOwn(recorded, file) ? [`${file} (added)`] : recorded[file] !== digest ? [`${file} (changed)`] : [],
    ),
    ...Object.keys(recorded).flatMap((file) => (Object.hasOwn(current, file) ? [] : [`${file} (${gone})`])),
  ].sort();
}

export function readBuildInfo(outDir: string): BuildInfo {
  const file = path.join(outDir, BUILD_INFO_FILE);
  const parsed = buildInfoSchema.safeParse(
    readJsonFile(file, {
      missing: () =>
        `${outDir} has no ${BUILD_INFO_FILE}, so nothing says which commit it was synthesized from ` +
        `(plain "cdktf synth" does not record it). Run "npm run pipeline:synth".`,
      invalid: (message) => `${file} is not valid JSON (${message}). ${SYNTH_AGAIN}`,
    }),
  );
  if (!parsed.success) throw new CommandError(`${file} is not a build-info file of this pipeline. ${SYNTH_AGAIN}`);
  return parsed.data;
}

/** Human-readable reasons why `recorded` no longer matches the checkout; empty when fresh. */
export function stalenessReasons(recorded: BuildInfo, current: Pick<BuildInfo, "commit" | "files">): string[] {
  const reasons: string[] = [];
  const [was, is] = [recorded.commit?.slice(0, 12), current.commit?.slice(0, 12)];
  if (was && is && recorded.commit !== current.commit) {
    reasons.push(`it was synthesized from commit ${was} but the checkout is at ${is}`);
  }
  const changed = compare(recorded.files, current.files, "removed");
  if (changed.length > 0) reasons.push(`files changed since synthesis: ${changed.join(", ")}`);
  return reasons;
}

export function sourceDigests(projectDir: string, configDir: string): Record<string, string> {
  const digests: Record<string, string> = {};
  const add = (file: string) => {
    // Project-relative; absolute for a config folder outside the project.
    digests[projectPath(projectDir, file) ?? path.resolve(file)] = sha256(file);
  };
  for (const source of SOURCE_PATHS) filesUnder(path.join(projectDir, source)).forEach(add);
  filesUnder(configDir)
    .filter((file) => file.endsWith(".json"))
    .forEach(add);
  return Object.fromEntries(Object.entries(digests).sort(([a], [b]) => a.localeCompare(b)));
}

/** `target` relative to the project with forward slashes ("." for the project itself), both by real path; null outside it. */
function projectPath(projectDir: string, target: string): string | null {
  if (!isInsideRealPath(projectDir, target)) return null;
  const relative = path.relative(realPath(projectDir), realPath(target));
  return relative === "" ? "." : relative.split(path.sep).join("/");
}

function filesUnder(target: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    return [];
  }
  if (stat.isFile()) return [target];
  if (!stat.isDirectory()) return [];
  return fs
    .readdirSync(target)
    .sort()
    .flatMap((entry) => filesUnder(path.join(target, entry)));
}

function sha256(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** The stack `name` in `outDir`, without checking that the output matches the checkout. */
export function findStack(outDir: string, name: string): SynthesizedStack {
  const stack = synthesizedStack(outDir, name, RESYNTH);
  sweepStaleRuns(stack.dir);
  return stack;
}

/**
 * The stack `name` in `outDir`, checked to be synthesized from exactly this checkout (commit, sources, config),
 * and the output folder to be what synthesis recorded (no hand-edited cdk.tf.json, no added *.tf file).
 */
export function freshStack(
  options: Pick<PipelineContext, "outDir" | "projectDir" | "configDir"> & { readonly name: string },
): SynthesizedStack & { readonly buildInfo: BuildInfo } {
  const stack = findStack(options.outDir, options.name);
  const buildInfo = readBuildInfo(options.outDir);
  const differences = compare(buildInfo.output, outputDigests(options.outDir), "missing");
  if (differences.length > 0) {
    throw new CommandError(
      `Refusing to use ${options.outDir}: it is not what "pipeline:synth" wrote at ${buildInfo.createdAt}; ` +
        `${differences.join(", ")}. Nothing was run. ${RESYNTH}`,
    );
  }
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
