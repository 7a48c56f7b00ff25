import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { CommandError } from "../core/errors";
import { hasUncommittedChanges, headCommit } from "./git";
import { writeFileAtomically } from "../core/files";

export const BUILD_INFO_FILE = "build-info.json";

/**
 * What the synthesized output was made from: files outside the config folder that change the
 * synthesized Terraform JSON. `.gen/` is left out because it is generated from cdktf.json and
 * provider-schema/ (scripts/ensure-bindings.js).
 */
const SOURCE_PATHS = ["main.ts", "lib", "cdktf.json", "package-lock.json", "tsconfig.json", "provider-schema"];

export interface BuildInfo {
  readonly formatVersion: 1;
  /** Commit the output was synthesized from; null outside a git work tree. */
  readonly commit: string | null;
  /** The sources had uncommitted changes at synthesis; null when git could not tell. */
  readonly uncommittedChanges: boolean | null;
  /** sha256 of each source and config file, keyed by its path (see `fileKey`). */
  readonly files: Readonly<Record<string, string>>;
  /** When it was synthesized (ISO 8601), shown when the output is stale. */
  readonly createdAt: string;
  /**
   * sha256 of every file synthesis left in the output folder, keyed by its path relative to it
   * (forward slashes): diff and deploy run terraform only on exactly these files.
   */
  readonly output: Readonly<Record<string, string>>;
}

/** What is known before synthesis: everything but the output's digests. */
export type SourceInfo = Omit<BuildInfo, "output">;

/**
 * Files that diff and deploy themselves add to the output folder, and that are therefore not in
 * the record: terraform's working data (.terraform/, its provider lock file), the pipeline's
 * per-run plan folders and locks, outputs files. Terraform reads no configuration from any of them.
 */
const RUNTIME_PATHS = [
  /^outputs(\/|$)/,
  /(^|\/)\.terraform(\/|$)/,
  /(^|\/)\.terraform\.lock\.hcl$/,
  /(^|\/)\.pipeline-(lock|plan-[^/]+)(\/|$)/,
];

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

/** sha256 of every file under `outDir` but the record itself and the runtime paths; symbolic links by target. */
export function outputDigests(outDir: string): Record<string, string> {
  const digests: Record<string, string> = {};
  const walk = (relative: string) => {
    const full = path.join(outDir, relative);
    const stat = fs.lstatSync(full);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(full).sort()) {
        const child = relative === "" ? entry : `${relative}/${entry}`;
        if (child !== BUILD_INFO_FILE && !RUNTIME_PATHS.some((pattern) => pattern.test(child))) walk(child);
      }
    } else if (stat.isSymbolicLink()) {
      digests[relative] = `symlink:${fs.readlinkSync(full)}`;
    } else if (stat.isFile()) {
      digests[relative] = createHash("sha256").update(fs.readFileSync(full)).digest("hex");
    } else {
      digests[relative] = "special-file";
    }
  };
  walk("");
  return digests;
}

/**
 * Refuses an output folder that differs from what synthesis recorded, naming every changed, added
 * and missing file: terraform must never run on a hand-edited cdk.tf.json or an added *.tf file.
 */
export function assertOutputUnchanged(outDir: string, recorded: BuildInfo, resynth: string): void {
  const current = outputDigests(outDir);
  const differences: string[] = [];
  for (const [file, digest] of Object.entries(current)) {
    if (!Object.prototype.hasOwnProperty.call(recorded.output, file)) differences.push(`${file} (added)`);
    else if (recorded.output[file] !== digest) differences.push(`${file} (changed)`);
  }
  for (const file of Object.keys(recorded.output)) {
    if (!Object.prototype.hasOwnProperty.call(current, file)) differences.push(`${file} (missing)`);
  }
  if (differences.length > 0) {
    throw new CommandError(
      `Refusing to use ${outDir}: it is not what "pipeline:synth" wrote at ${recorded.createdAt}; ` +
        `${differences.sort().join(", ")}. Nothing was run. ${resynth}`,
    );
  }
}

export function readBuildInfo(outDir: string): BuildInfo {
  const file = path.join(outDir, BUILD_INFO_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new CommandError(
      missing
        ? `${outDir} has no ${BUILD_INFO_FILE}, so nothing says which commit it was synthesized from ` +
            `(plain "cdktf synth" does not record it). Run "npm run pipeline:synth".`
        : `${file} is not valid JSON (${(error as Error).message}). Run "npm run pipeline:synth" again.`,
    );
  }
  if (!isBuildInfo(parsed)) {
    throw new CommandError(`${file} is not a build-info file of this pipeline. Run "npm run pipeline:synth" again.`);
  }
  return parsed;
}

/** Human-readable reasons why `recorded` no longer matches the checkout; empty when fresh. */
export function stalenessReasons(recorded: BuildInfo, current: Pick<BuildInfo, "commit" | "files">): string[] {
  const reasons: string[] = [];
  if (recorded.commit && current.commit && recorded.commit !== current.commit) {
    reasons.push(
      `it was synthesized from commit ${recorded.commit.slice(0, 12)} but the checkout is at ${current.commit.slice(
        0,
        12,
      )}`,
    );
  }
  const changed: string[] = [];
  for (const [file, digest] of Object.entries(current.files)) {
    if (!(file in recorded.files)) changed.push(`${file} (added)`);
    else if (recorded.files[file] !== digest) changed.push(`${file} (changed)`);
  }
  for (const file of Object.keys(recorded.files)) {
    if (!(file in current.files)) changed.push(`${file} (removed)`);
  }
  if (changed.length > 0) reasons.push(`files changed since synthesis: ${changed.sort().join(", ")}`);
  return reasons;
}

export function sourceDigests(projectDir: string, configDir: string): Record<string, string> {
  const digests: Record<string, string> = {};
  const add = (file: string) => {
    digests[fileKey(projectDir, file)] = createHash("sha256").update(fs.readFileSync(file)).digest("hex");
  };
  for (const source of SOURCE_PATHS) filesUnder(path.join(projectDir, source)).forEach(add);
  filesUnder(configDir)
    .filter((file) => file.endsWith(".json"))
    .forEach(add);
  return Object.fromEntries(Object.entries(digests).sort(([a], [b]) => a.localeCompare(b)));
}

/** Project-relative with forward slashes; absolute for a config folder outside the project. */
function fileKey(projectDir: string, file: string): string {
  return projectPath(projectDir, file) ?? path.resolve(file);
}

/** `target` relative to the project with forward slashes ("." for the project itself); null outside it. */
function projectPath(projectDir: string, target: string): string | null {
  const relative = path.relative(path.resolve(projectDir), path.resolve(target));
  if (relative === ".." || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return null;
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

function isBuildInfo(value: unknown): value is BuildInfo {
  if (typeof value !== "object" || value === null) return false;
  const info = value as Record<string, unknown>;
  return (
    info.formatVersion === 1 &&
    (info.commit === null || typeof info.commit === "string") &&
    (info.uncommittedChanges === null || typeof info.uncommittedChanges === "boolean") &&
    typeof info.createdAt === "string" &&
    typeof info.output === "object" &&
    info.output !== null &&
    Object.values(info.output).every((digest) => typeof digest === "string") &&
    typeof info.files === "object" &&
    info.files !== null &&
    Object.values(info.files).every((digest) => typeof digest === "string")
  );
}
