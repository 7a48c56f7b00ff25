// Generated folders (.gen/ for the provider bindings, .cache/ for the bundles) are built on this
// machine and never come from git: a committed copy would run code that review never sees, while a
// stamp or inputs list next to it could be recomputed to look fresh. The setup steps refuse them.
"use strict";
const { spawnSync } = require("child_process");

const GENERATED_FOLDERS = [".gen", ".cache"];
const SHOWN = 5;

/**
 * The files git tracks under the generated folders of `root`: [] when none (or `root` is not in a
 * git work tree), undefined when git cannot tell (not installed, failed), so callers build afresh.
 */
function trackedGeneratedFiles(root) {
  // GIT_DIR, GIT_INDEX_FILE and the like would point git at another index than the work tree's.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("GIT_")));
  const result = spawnSync("git", ["ls-files", "-z", "--", ...GENERATED_FOLDERS], { cwd: root, env, encoding: "utf8" });
  if (result.error) return undefined;
  if (result.status === 128 && /not a git repository/i.test(result.stderr)) return [];
  if (result.status !== 0) return undefined;
  return result.stdout.split("\0").filter(Boolean);
}

/** One line naming the tracked generated files, or undefined when there are none. */
function trackedGeneratedProblem(files) {
  if (!files || files.length === 0) return undefined;
  const shown = files.slice(0, SHOWN).join(", ");
  const more = files.length > SHOWN ? ` and ${files.length - SHOWN} more` : "";
  return (
    `error: git tracks generated files, which are built here and never taken from git: ${shown}${more}; ` +
    `delete them with "git rm -r ${GENERATED_FOLDERS.join(" ")}" and commit that.\n`
  );
}

module.exports = { trackedGeneratedFiles, trackedGeneratedProblem };
