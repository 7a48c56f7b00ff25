import * as fs from "node:fs";
import * as path from "node:path";

/**
 * `target` with every symbolic link resolved, also when it does not exist yet: the longest existing prefix is
 * resolved and the rest appended. A check on the path as written can be walked around with one symlink.
 */
export function realPath(target: string): string {
  const absolute = path.resolve(target);
  const missing: string[] = [];
  let existing = absolute;
  for (;;) {
    try {
      return path.join(fs.realpathSync(existing), ...missing.reverse());
    } catch (error) {
      const parent = path.dirname(existing);
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || parent === existing) throw error;
      missing.push(path.basename(existing));
      existing = parent;
    }
  }
}

/** Whether `target` is `folder` or lies below it, both compared by their real paths. */
export function isInsideRealPath(folder: string, target: string): boolean {
  const relative = path.relative(realPath(folder), realPath(target));
  return relative === "" || (relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
