/**
 * The folders' import direction: the product (lib/) imports no command, and among the commands fleet and the
 * pipeline may use the doctor, every command may use core, and core uses only the product; the local Genesys
 * sandbox imports of the commands only core's command line and error type, and none of the product's tables of
 * Genesys facts, so a wrong table in lib/ is caught by the sandbox instead of mirrored.
 * `npx jest test/architecture.test.ts` is the check.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");

/** Folder → the folders its files may import from (besides its own and node_modules). */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  lib: [".gen"],
  "commands/core": ["lib"],
  "commands/doctor": ["commands/core", "lib"],
  "commands/pipeline": ["commands/doctor", "commands/core", "lib"],
  "commands/fleet": ["commands/doctor", "commands/core", "lib"],
  sandbox: [
    "commands/core/cli.ts",
    "commands/core/errors.ts",
    "lib/config",
    "lib/real-path.ts",
    "lib/app.ts",
    "lib/cli.ts",
    "scripts",
  ],
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|js)$/.test(entry.name) ? [full] : [];
  });
}

function relativeImports(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:from\s+|require\(|import\()\s*["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]);
  return specifiers.map((specifier) => path.relative(ROOT, path.resolve(path.dirname(file), specifier)));
}

function ownerOf(target: string): string | undefined {
  return Object.keys(ALLOWED)
    .sort((a, b) => b.length - a.length)
    .find((folder) => target === folder || target.startsWith(`${folder}/`));
}

describe("import direction between the folders", () => {
  it.each(Object.keys(ALLOWED))("%s imports only what it may", (folder) => {
    const own = (target: string) => ownerOf(target) === folder;
    const allowed = (target: string) =>
      ALLOWED[folder].some((other) => target === other || target.startsWith(`${other}/`) || `${target}.ts` === other);
    const offending = sourceFiles(path.join(ROOT, folder)).flatMap((file) =>
      relativeImports(file)
        .filter((target) => !own(target) && !allowed(target))
        .map((target) => `${path.relative(ROOT, file)} imports ${target}`),
    );
    expect(offending).toEqual([]);
  });
});
