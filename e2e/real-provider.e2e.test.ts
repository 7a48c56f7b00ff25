/**
 * The real genesyscloud provider, installed by `npm run provider:install` into the project's filesystem mirror:
 * terraform takes it from there, offline, its schema is the one the bindings are generated from, and it deploys the
 * project's dev stack through both phases against the Genesys API stand-in. Skipped, with the reason in the test
 * name, where no build is installed (the Go module proxy may refuse the provider's module).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ApiStubProcess, startApiStubProcess } from "../sandbox/api/start";
import { PROJECT_ROOT } from "../sandbox/emulator/start";
import { projectCopy, removeProjectCopies } from "./support/project-copy";
import { PROVIDER_SOURCE, providerSchemaDifferences } from "./support/provider-schema-diff";
import { type RunResult, run } from "./support/run";

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

const NOT_INSTALLED = provider ? "" : " (not installed: npm run provider:install)";

describeInstalled(`the real provider ${version}${NOT_INSTALLED}`, () => {
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

describeInstalled(`the real provider ${version} against the API stand-in${NOT_INSTALLED}`, () => {
  let root: string;
  let home: string;
  let world: string;
  let stub: ApiStubProcess;

  beforeAll(async () => {
    root = projectCopy();
    home = mkdtempSync(join(tmpdir(), "real-provider-home-"));
    world = join(home, "world.json");
    copyFileSync(join(PROJECT_ROOT, "sandbox", "emulator", "fixtures", "default.json"), world);
    stub = await startApiStubProcess({ worldFile: world, region: "us-east-1" });
  });
  afterAll(async () => {
    await stub?.stop();
    removeProjectCopies();
    rmSync(home, { recursive: true, force: true });
  });

  /** Only what terraform needs: the mirror's CLI config, the dev deployer, and a HOME without an SDK config. */
  function env(): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: home,
      CHECKPOINT_DISABLE: "1",
      TF_CLI_CONFIG_FILE: provider!.cliConfig,
      GENESYSCLOUD_OAUTHCLIENT_ID: "dev-deployer-client",
      GENESYSCLOUD_OAUTHCLIENT_SECRET: "fake.dev.deployer.secret",
    };
  }

  /** Synthesizes dev and points its provider at the stand-in with an override file (test-only: the stacks are real). */
  function synthDev(): string {
    const synth = run("npm run synth", "npm", ["run", "--silent", "synth"], { ...process.env, CI: "true" }, root);
    expect({ code: synth.code, output: synth.code === 0 ? "" : synth.output }).toEqual({ code: 0, output: "" });
    const stackDir = join(root, "cdktf.out", "stacks", "dev");
    const port = new URL(stub.url).port;
    const gateway = {
      protocol: "http",
      host: "127.0.0.1",
      port,
      path_params: [
        { path_name: "login", path_value: "login" },
        { path_name: "api", path_value: "api" },
      ],
    };
    const provider = { genesyscloud: { token_pool_size: 1, custom_retry_timeout: "5s", gateway: [gateway] } };
    writeFileSync(join(stackDir, "sandbox_override.tf.json"), JSON.stringify({ provider }));
    return stackDir;
  }

  function terraform(stackDir: string, ...args: string[]): RunResult {
    return run(`terraform ${args[0]}`, "terraform", [`-chdir=${stackDir}`, ...args], env(), root, 300_000);
  }

  function outputs(stackDir: string): Record<string, { value: unknown }> {
    return JSON.parse(terraform(stackDir, "output", "-json").stdout);
  }

  it("deploys phase role, then phase client after the admin's grant, and the next plan has no changes", () => {
    let stackDir = synthDev();
    expect(terraform(stackDir, "init", "-input=false").code).toBe(0);
    const role = terraform(stackDir, "apply", "-input=false", "-auto-approve");
    expect({ code: role.code, output: role.code === 0 ? "" : role.output }).toEqual({ code: 0, output: "" });
    expect(outputs(stackDir).deploy_phase.value).toBe("role");

    const grant = run(
      "sandbox grant-role",
      "npm",
      ["run", "--silent", "sandbox", "--", "grant-role", "--world", world, "--client", "dev-deployer-client"].concat([
        "--role",
        "Acme Bot Partner (dev) bot sessions",
      ]),
      { ...process.env, CI: "true" },
      root,
    );
    expect(grant.code).toBe(0);
    const configFile = join(root, "config", "dev.json");
    const config = JSON.parse(readFileSync(configFile, "utf8"));
    config.oauthClient.botSessionRole = { ...config.oauthClient.botSessionRole, heldByDeployer: true };
    writeFileSync(configFile, JSON.stringify(config, null, 2));

    stackDir = synthDev();
    const client = terraform(stackDir, "apply", "-input=false", "-auto-approve");
    expect({ code: client.code, output: client.code === 0 ? "" : client.output }).toEqual({ code: 0, output: "" });
    expect(outputs(stackDir).deploy_phase.value).toBe("client");
    expect(outputs(stackDir).oauth_client_id.value).toMatch(/^[0-9a-f-]{36}$/);
    expect(terraform(stackDir, "plan", "-input=false", "-detailed-exitcode").code).toBe(0);
  });

  // Uses the client the test above deployed.
  it("refuses a token validity below 300 s with the provider's own validation message", () => {
    const stackDir = join(root, "cdktf.out", "stacks", "dev");
    const stack = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
    const [clientName] = Object.keys(stack.resource.genesyscloud_oauth_client);
    const resource = { genesyscloud_oauth_client: { [clientName!]: { access_token_validity_seconds: 100 } } };
    writeFileSync(join(stackDir, "validity_override.tf.json"), JSON.stringify({ resource }));
    const plan = terraform(stackDir, "plan", "-input=false");
    expect(plan.code).toBe(1);
    expect(plan.output).toContain(
      "expected access_token_validity_seconds to be in the range (300 - 38880000), got 100",
    );
  });
});
