/**
 * `npm run test:e2e` on a machine without terraform must stop at once with one line that says
 * what to install, not with a wall of failed tests.
 */
import { accessSync, constants, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { MISSING_TERRAFORM } from "./global-setup";
import { run } from "./support/run";

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

test("without terraform on PATH, npm run test:e2e fails fast with one clear line", () => {
  const bin = mkdtempSync(join(tmpdir(), "gc-e2e-bin-"));
  try {
    // PATH minus every folder holding terraform; node and npm stay reachable through `bin`.
    const kept = (process.env.PATH ?? "").split(delimiter).filter((dir) => dir && !isExecutable(join(dir, "terraform")));
    symlinkSync(process.execPath, join(bin, "node"));
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: [bin, ...kept].join(delimiter) };
    delete env.E2E_TIMINGS_FILE;

    const started = Date.now();
    const result = run("npm run test:e2e (no terraform)", "npm", ["run", "--silent", "test:e2e"], env);
    const seconds = (Date.now() - started) / 1000;

    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split("\n")).toEqual([MISSING_TERRAFORM]);
    expect(result.stdout.trim()).toBe("");
    expect(seconds).toBeLessThan(15);
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
});
