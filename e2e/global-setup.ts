/**
 * Runs once before the end-to-end suite: fails fast, with one line, when terraform is missing,
 * installs the real provider where it can be built or is cached (npm run provider:install; one line when it
 * cannot), and builds the emulator bundle so test files do not race to build it.
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
  installRealProvider();
  buildEmulator();
}

function installRealProvider(): void {
  const { install } = require("../scripts/install-provider") as { install(options: object): { reused: boolean } };
  try {
    const result = install({});
    process.stderr.write(
      `\ne2e: real genesyscloud provider ${result.reused ? "reused from" : "built into"} .cache/provider\n`,
    );
  } catch (error) {
    const lines = (error as Error).message.split("\n");
    const reason = (lines.find((line) => /\b403\b|not on PATH/.test(line)) ?? lines[0]).trim();
    process.stderr.write(`\ne2e: the real provider is not installed, its tests are skipped: ${reason}\n`);
  }
}
