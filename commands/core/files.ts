import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { JsonSyntaxError, parseStrictJson } from "../../lib/config/strict-json";
import { CommandError } from "./errors";

/**
 * Writes via a temporary file and a rename, so a reader never sees half a file. The temporary file is created
 * with `mode`, never chmod-ed afterwards: a secret is never readable by others, not even for a moment.
 */
export function writeFileAtomically(file: string, content: string, mode: number): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  let renamed = false;
  try {
    const descriptor = fs.openSync(temporary, "wx", mode);
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

/** `target` relative to `base` when inside it ("." for `base` itself), else absolute: messages show "config/dev.json". */
export function displayPath(target: string, base = process.cwd()): string {
  const absolute = path.resolve(target);
  const relative = path.relative(path.resolve(base), absolute);
  if (relative === "") return ".";
  return relative.startsWith("..") || path.isAbsolute(relative) ? absolute : relative;
}

export interface JsonFileMessages {
  /** The file does not exist. */
  readonly missing: () => string;
  /** It is not JSON; `message` names a line and column, never the file's content. */
  readonly invalid?: (message: string) => string;
}

/** The JSON in `file`, duplicate keys refused; errors never quote it (a secret passed by mistake stays out of logs). */
export function readJsonFile(file: string, messages: JsonFileMessages): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new CommandError(messages.missing());
    throw new CommandError(`Could not read ${file}: ${(error as Error).message}`);
  }
  try {
    return parseStrictJson(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw new CommandError(messages.invalid?.(error.message) ?? `${file} is not valid JSON: ${error.message}`);
  }
}
