import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { CommandError } from "../core/errors";
import { realPath } from "../../lib/real-path";

/** `status` is null when git could not be run at all. */
function git(cwd: string, args: readonly string[]): { status: number | null; stdout: string } {
  // env given: under jest, child_process's default is not the process.env this module sees.
  const result = spawnSync("git", [...args], {
    cwd,
    env: process.env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return { status: result.error ? null : result.status, stdout: (result.stdout ?? "").trim() };
}

/** False when no `.git` is found from `dir` up and no GIT_DIR / GIT_WORK_TREE is set: git need not start. */
function mayBeInWorkTree(dir: string): boolean {
  if (process.env.GIT_DIR || process.env.GIT_WORK_TREE) return true;
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, ".git"))) return true;
    if (path.dirname(current) === current) return false;
  }
}

/**
 * True inside a git work tree, false outside one, null when git cannot tell. Fails closed: "outside" needs
 * no repository to be findable at all (mayBeInWorkTree); once one may be, any git error (git missing, a bad
 * GIT_DIR, "dubious ownership"…) is null, which the secret-write guard treats as inside.
 */
function insideWorkTree(dir: string): boolean | null {
  if (!mayBeInWorkTree(dir)) return false;
  const result = git(dir, ["rev-parse", "--is-inside-work-tree"]);
  return result.status === 0 ? result.stdout === "true" : null;
}

/** The checked-out commit, or null outside a git work tree (e.g. an unpacked tarball). */
export function headCommit(dir: string): string | null {
  if (!mayBeInWorkTree(dir)) return null;
  const result = git(dir, ["rev-parse", "--verify", "--quiet", "HEAD"]);
  return result.status === 0 && /^[0-9a-f]{40}$/.test(result.stdout) ? result.stdout : null;
}

/** Whether any of `paths` (relative to `dir`) has uncommitted changes: false outside a work tree, null when unknown. */
export function hasUncommittedChanges(dir: string, paths: readonly string[]): boolean | null {
  const inside = insideWorkTree(dir);
  if (inside !== true) return inside;
  const result = git(dir, ["status", "--porcelain", "--untracked-files=all", "--", ...paths]);
  return result.status === 0 ? result.stdout !== "" : null;
}

export type GitFileState = "outside-repository" | "tracked" | "ignored" | "committable" | "unknown";

/** How git sees `file` (which need not exist; its folder must); "committable": `git add .` would pick it up. */
export function fileState(file: string): GitFileState {
  // By real path: a folder outside the repository can be a symbolic link into it.
  const real = realPath(file);
  const cwd = path.dirname(real);
  const name = path.basename(real);
  const inside = insideWorkTree(cwd);
  if (inside === null) return "unknown";
  if (!inside) return "outside-repository";
  // Exit 0 and 1 are answers; anything else is git failing, which must not read as "not tracked".
  const tracked = git(cwd, ["ls-files", "--error-unmatch", "--", name]).status;
  if (tracked === 0) return "tracked";
  if (tracked !== 1) return "unknown";
  const ignored = git(cwd, ["check-ignore", "--quiet", "--", name]).status;
  if (ignored === 0) return "ignored";
  return ignored === 1 ? "committable" : "unknown";
}

/** The usual advice of assertNotCommittable: a git-ignored place, or outside the repository. */
export function ignoredPathAdvice(ignored: string): string {
  return `Write it to a git-ignored path (${ignored} is ignored) or outside the repository.`;
}

/** Refuses to write `what` (a secret) to `file` when git tracks it, would commit it, or cannot tell (fails closed). */
export function assertNotCommittable(
  file: string,
  what: string,
  advice: string,
  state: (file: string) => GitFileState = fileState,
): void {
  const reasons: Partial<Record<GitFileState, string>> = {
    tracked: "git tracks that file",
    committable: "git does not ignore that file",
    unknown: "git could not be run to check whether it would commit that file",
  };
  const reason = reasons[state(file)];
  if (reason !== undefined) throw new CommandError(`Refusing to write ${what} to ${file}: ${reason}. ${advice}`);
}
