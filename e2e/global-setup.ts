/**
 * Runs once before the end-to-end suite: fails fast, with one line, when terraform is missing,
 * and builds the emulator bundle so test files do not race to build it.
 */
import { spawnSync } from "node:child_process";
import { buildEmulator } from "../sandbox/emulator/start";

export const MISSING_TERRAFORM =
  "e2e: terraform is not on PATH; install Terraform 1.11 or later (https://developer.hashicorp.com/terraform/install) and run `npm run test:e2e` again.";

export default function globalSetup(): void {
  const probe = spawnSync("terraform", ["version", "-json"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    process.stderr.write(`\n${MISSING_TERRAFORM}\n`);
    // Exit here rather than throw: jest would add a stack trace to the one line that matters.
    process.exit(1);
  }
  buildEmulator();
}
