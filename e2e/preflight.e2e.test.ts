/**
 * `npm run test:e2e` on a machine without terraform must stop at once with one line that says
 * what to install, not with a wall of failed tests.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { MISSING_TERRAFORM } from "./global-setup";
import { run } from "./support/run";

test("without a working terraform on PATH, npm run test:e2e fails fast with one clear line", () => {
  const bin = mkdtempSync(join(tmpdir(), "gc-e2e-bin-"));
  try {
    // PATH keeps node, npm and sh wherever they live; a stub that fails like a missing command
    // (127) shadows the real terraform. A non-executable file would not: spawn skips it and
    // keeps searching PATH.
    writeFileSync(join(bin, "terraform"), "#!/bin/sh\nexit 127\n", { mode: 0o755 });
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: [bin, process.env.PATH ?? ""].join(delimiter) };
    delete env.E2E_TIMINGS_FILE;

    const result = run("npm run test:e2e (no terraform)", "npm", ["run", "--silent", "test:e2e"], env);

    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split("\n")).toEqual([MISSING_TERRAFORM]);
    expect(result.stdout.trim()).toBe("");
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
});
