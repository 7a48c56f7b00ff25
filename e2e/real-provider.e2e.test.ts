/**
 * The real genesyscloud provider, installed by `npm run provider:install` into the project's filesystem mirror:
 * terraform takes it from there, offline, and its schema is the one the bindings are generated from. Skipped, with
 * the reason in the test name, where no build is installed (the Go module proxy may refuse the provider's module).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../sandbox/emulator/start";
import { PROVIDER_SOURCE, providerSchemaDifferences } from "./support/provider-schema-diff";
import { run } from "./support/run";

interface InstalledProvider {
  readonly cliConfig: string;
  readonly binary: string;
  readonly record: { readonly version: string; readonly sha256: string };
}

const installer = require("../scripts/install-provider") as {
  installed(): InstalledProvider | null;
  pinnedVersion(): string;
};
const provider = installer.installed();
const version = installer.pinnedVersion();
const describeInstalled = provider ? describe : describe.skip;

describeInstalled(`the real provider ${version} ${provider ? "" : "(not installed: npm run provider:install)"}`, () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "real-provider-"));
    writeFileSync(
      join(dir, "main.tf"),
      `terraform {\n  required_providers {\n    genesyscloud = { source = "mypurecloud/genesyscloud", version = "${version}" }\n  }\n}\n`,
    );
    env = { PATH: process.env.PATH, HOME: dir, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: provider!.cliConfig };
    const init = run("terraform init", "terraform", [`-chdir=${dir}`, "init", "-input=false", "-backend=false"], env);
    expect(init.code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is what terraform selects, from the project's mirror", () => {
    const selected = run("terraform version", "terraform", [`-chdir=${dir}`, "version", "-json"], env);
    expect(JSON.parse(selected.stdout).provider_selections).toEqual({ [PROVIDER_SOURCE]: version });
    const lock = readFileSync(join(dir, ".terraform.lock.hcl"), "utf8");
    expect(lock).toContain(`provider "${PROVIDER_SOURCE}"`);
  });

  it("has the pinned schema for the provider block and every resource and data source the bindings know", () => {
    const schema = run(
      "terraform providers schema",
      "terraform",
      [`-chdir=${dir}`, "providers", "schema", "-json"],
      env,
    );
    expect(schema.code).toBe(0);
    const pinned = JSON.parse(
      readFileSync(join(PROJECT_ROOT, "provider-schema", `genesyscloud@${version}.json`), "utf8"),
    );
    expect(providerSchemaDifferences(pinned, JSON.parse(schema.stdout))).toEqual([]);
  });
});
