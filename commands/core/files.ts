import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";

/**
 * Writes via a temporary file in the same folder and a rename, so a reader never sees half a file
 * and an existing file is replaced only once the new one is complete. The temporary file is
 * created with `mode` (exclusively, under a random name), never widened or chmod-ed afterwards:
 * a secret is never readable by others, not even for a moment.
 */
export function writeFileAtomically(file: string, content: string, mode: number): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  let renamed = false;
  try {
    const descriptor = fs.openSync(temporary, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, mode);
    try {
      fs.writeFileSync(descriptor, content);
      fs.fsyncSync(descriptor);
    } finally {
      fs.closeSync(descriptor);
    }
    fs.renameSync(temporary, file);
    renamed = true;
  } finally {
    if (!renamed) fs.rmSync(temporary, { force: true });
  }
}
