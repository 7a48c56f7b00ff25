/**
 * A copy of the project as a fresh clone has it: every file git tracks or would add (`git ls-files`,
 * so uncommitted work is included), `node_modules` linked rather than copied, `.gen/` copied (or left
 * out, to test its regeneration). Nothing in the copy can write to the project.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PROJECT_ROOT } from "../../sandbox/emulator/start";

const copies: string[] = [];

export function projectCopy(options: { withBindings?: boolean } = {}): string {
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
  });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  const root = mkdtempSync(join(tmpdir(), "partner-oauth-project-"));
  copies.push(root);
  for (const file of listed.stdout.split("\0").filter(Boolean)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    try {
      cpSync(join(PROJECT_ROOT, file), join(root, file));
    } catch (error) {
      // A file deleted in the working tree but not yet in git's index.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  symlinkSync(join(PROJECT_ROOT, "node_modules"), join(root, "node_modules"));
  if (options.withBindings !== false) cpSync(join(PROJECT_ROOT, ".gen"), join(root, ".gen"), { recursive: true });
  return root;
}

export function removeProjectCopies(): void {
  for (const root of copies.splice(0)) rmSync(root, { recursive: true, force: true });
}
