import { spawnSync } from "child_process";
import * as path from "path";

function git(cwd: string, args: readonly string[]): { status: number | null; stdout: string } {
  const result = spawnSync("git", [...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return { status: result.error ? null : result.status, stdout: (result.stdout ?? "").trim() };
}

/** The checked-out commit, or null outside a git work tree (e.g. an unpacked tarball). */
export function headCommit(dir: string): string | null {
  const result = git(dir, ["rev-parse", "--verify", "--quiet", "HEAD"]);
  return result.status === 0 && /^[0-9a-f]{40}$/.test(result.stdout) ? result.stdout : null;
}

/** Whether any of `paths` (relative to `dir` or absolute) has uncommitted changes; false outside git. */
export function hasUncommittedChanges(dir: string, paths: readonly string[]): boolean {
  const result = git(dir, ["status", "--porcelain", "--untracked-files=all", "--", ...paths]);
  return result.status === 0 && result.stdout !== "";
}

export type GitFileState = "outside-repository" | "tracked" | "ignored" | "committable";

/**
 * How git sees `file` (which need not exist; its folder must): tracked, ignored, or an untracked
 * file that `git add .` would pick up.
 */
export function fileState(file: string): GitFileState {
  const cwd = path.dirname(path.resolve(file));
  const name = path.basename(file);
  if (git(cwd, ["rev-parse", "--is-inside-work-tree"]).stdout !== "true") return "outside-repository";
  if (git(cwd, ["ls-files", "--error-unmatch", "--", name]).status === 0) return "tracked";
  if (git(cwd, ["check-ignore", "--quiet", "--", name]).status === 0) return "ignored";
  return "committable";
}
