import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import Ajv2020 from "ajv/dist/2020";
import { main } from "../../commands/fleet/cli";
import type { RunResult, Runner } from "../../commands/core/run";
import { hasProviderCredentials } from "../../commands/core/credentials";
import { stackCredentials, stackKey } from "../../commands/fleet/stacks";
import { minimalEnvironment, PROJECT_ROOT, tempConfigDir, tempDir } from "../support/config-dir";
import { ENV, type Fixture, ORG_ID, SECRET, fixture } from "../doctor/support";

/** A synthesized output with these stacks (cdk.tf.json content does not matter: terraform is faked). */
function output(names: readonly string[], workingDirectory = (name: string) => `stacks/${name}`): string {
  const dir = tempDir("fleet-out-");
  const stacks: Record<string, unknown> = {};
  for (const name of names) {
    stacks[name] = { name, workingDirectory: workingDirectory(name) };
    fs.mkdirSync(path.join(dir, "stacks", name), { recursive: true });
    fs.writeFileSync(path.join(dir, "stacks", name, "cdk.tf.json"), "{}");
  }
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks }));
  return dir;
}

interface Call {
  readonly stack: string;
  readonly command: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Fake terraform: per stack, the plan's exit status and the state's outputs; records every call. */
function fakeTerraform(
  plans: Record<string, number>,
  outputs: Record<string, Record<string, unknown>> = {},
  options: { stderr?: string; delayMs?: number } = {},
) {
  const calls: Call[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const terraform: Runner = async (_command, args, { cwd, env }) => {
    const stack = path.basename(cwd);
    calls.push({ stack, command: args[0]!, env });
    running += 1;
    mostAtOnce = Math.max(mostAtOnce, running);
    await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 1));
    running -= 1;
    const result = (status: number, stdout = "", stderr = ""): RunResult => ({ status, stdout, stderr });
    if (args[0] === "init") {
      // What terraform init leaves in its working directory whatever TF_DATA_DIR says.
      fs.writeFileSync(path.join(cwd, ".terraform.lock.hcl"), "");
      return result(0);
    }
    if (args[0] === "output") {
      const values = Object.entries(outputs[stack] ?? {})
        .filter(([, value]) => value !== undefined)
        .map(([name, value]) => [name, { value, sensitive: false }]);
      return result(0, JSON.stringify(Object.fromEntries(values)));
    }
    const status = plans[stack] ?? 0;
    return result(status, "", status === 1 ? (options.stderr ?? "Error: boom") : "");
  };
  return { terraform, calls, mostAtOnce: () => mostAtOnce };
}

function credentials(...stacks: string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(
    stacks.flatMap((stack) => [
      [`GENESYSCLOUD_OAUTHCLIENT_ID__${stackKey(stack)}`, `${stack}-deployer`],
      [`GENESYSCLOUD_OAUTHCLIENT_SECRET__${stackKey(stack)}`, `fake.${stack}.deployer.secret`],
    ]),
  );
}

async function fleet(argv: string[], env: NodeJS.ProcessEnv, terraform: Runner) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    env,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    terraform,
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const configDir = () => tempConfigDir({ "dev.json": minimalEnvironment("dev") });

describe("fleet plan", () => {
  it("prints one row per stack and exits 0 when no stack drifts", async () => {
    const out = output(["dev", "customer-acme"]);
    const fake = fakeTerraform({}, { dev: { organization_name: "Acme Dev Org", deploy_phase: "client" } });
    const result = await fleet(
      ["plan", "--output", out, "--config-dir", configDir()],
      credentials("dev", "customer-acme"),
      fake.terraform,
    );
    expect(result.code).toBe(0);
    expect(result.out.split("\n")).toEqual([
      "STACK          ORG           PHASE         DRIFT",
      "customer-acme  -             not deployed  no",
      "dev            Acme Dev Org  client        no",
      "2 stack(s): no drift.",
    ]);
  });

  it("reports drift (plan exit 2) and a failed plan, and exits 1", async () => {
    const out = output(["dev", "prod", "test"]);
    const fake = fakeTerraform(
      { dev: 2, prod: 1 },
      { dev: { deploy_phase: "client" } },
      { stderr: "\n│ Error: Invalid credentials fake.prod.deployer.secret\n│ \n│ the org said no\n" },
    );
    const result = await fleet(
      ["plan", "--output", out, "--config-dir", configDir()],
      credentials("dev", "prod", "test"),
      fake.terraform,
    );
    expect(result.code).toBe(1);
    expect(result.out).toContain("dev    Acme dev  client        yes");
    expect(result.out).toContain("test   -         not deployed  no");
    expect(result.out).toContain("dev: drift yes: terraform plan has changes");
    expect(result.out).toContain(
      "prod: drift unknown: terraform plan failed (exit code 1): Error: Invalid credentials *** the org said no",
    );
    expect(result.out).toContain("2 of 3 stack(s) need attention.");
    expect(result.out).not.toContain("fake.prod.deployer.secret");
  });

  it("reports a terraform that does not start, and outputs that are not JSON, as a row each", async () => {
    const out = output(["dev", "prod"]);
    const fake = fakeTerraform({});
    const result = await fleet(
      ["plan", "--output", out, "--config-dir", configDir()],
      credentials("dev", "prod"),
      async (command, args, o) => {
        if (path.basename(o.cwd) === "dev") return { status: null, stdout: "", startError: "spawn terraform ENOENT" };
        if (args[0] === "output") return { status: 0, stdout: "Warning: not JSON" };
        return fake.terraform(command, args, o);
      },
    );
    expect(result.code).toBe(1);
    expect(result.out).toContain(
      "dev: drift unknown: terraform init failed (exit code null): Error: terraform is not on PATH (spawn terraform ENOENT)",
    );
    expect(result.out).toContain("prod: drift unknown: terraform output -json did not print outputs");
  });

  it("plans with exactly -detailed-exitcode, no lock and no input, from each stack's folder", async () => {
    const out = output(["dev"]);
    const seen: string[][] = [];
    const fake = fakeTerraform({});
    await fleet(
      ["plan", "--output", out, "--config-dir", configDir()],
      credentials("dev"),
      async (command, args, o) => {
        seen.push([...args, path.relative(out, o.cwd)]);
        return fake.terraform(command, args, o);
      },
    );
    expect(seen).toEqual([
      ["init", "-input=false", "-lock-timeout=0s", "-no-color", "stacks/dev"],
      ["output", "-json", "-no-color", "stacks/dev"],
      ["plan", "-input=false", "-detailed-exitcode", "-lock=false", "-no-color", "stacks/dev"],
    ]);
  });

  it("runs terraform like the pipeline: a fresh private data dir per stack, no terraform data left in the artifact", async () => {
    const out = output(["dev"]);
    const fake = fakeTerraform({});
    await fleet(["plan", "--output", out, "--config-dir", configDir()], credentials("dev"), fake.terraform);
    expect(fake.calls.map((c) => c.command)).toEqual(["init", "output", "plan"]);
    const dataDirs = new Set(fake.calls.map((c) => c.env.TF_DATA_DIR));
    expect(dataDirs.size).toBe(1);
    const [dataDir] = [...dataDirs];
    expect(dataDir?.startsWith(path.join(os.tmpdir(), `pipeline-run-${process.pid}-`))).toBe(true);
    expect(fs.existsSync(dataDir!)).toBe(false);
    expect(fs.readdirSync(path.join(out, "stacks", "dev")).sort()).toEqual(["cdk.tf.json"]);
    expect(fake.calls.find((c) => c.command === "output")!.env.GENESYSCLOUD_OAUTHCLIENT_SECRET).toBeUndefined();
  });

  it("refuses a TF_* variable that would change the plans, before running terraform", async () => {
    const out = output(["dev"]);
    const fake = fakeTerraform({});
    const result = await fleet(
      ["plan", "--output", out, "--config-dir", configDir()],
      { ...credentials("dev"), TF_CLI_ARGS_plan: "-refresh=false" },
      fake.terraform,
    );
    expect(result.code).toBe(1);
    expect(result.err).toContain("Refusing to run terraform with TF_CLI_ARGS_plan set");
    expect(fake.calls).toEqual([]);
  });

  it("refuses a stack whose folder already holds a provider lock file, as deploy does", async () => {
    const out = output(["dev"]);
    fs.writeFileSync(path.join(out, "stacks", "dev", ".terraform.lock.hcl"), "");
    const fake = fakeTerraform({});
    const result = await fleet(
      ["plan", "--output", out, "--config-dir", configDir()],
      credentials("dev"),
      fake.terraform,
    );
    expect(result.code).toBe(1);
    expect(result.out).toContain(".terraform.lock.hcl is already there");
    expect(fake.calls).toEqual([]);
  });

  it.each([
    [undefined, 4],
    ["2", 2],
    ["1", 1],
  ])("with --concurrency %s runs at most %d terraform processes at once", async (given, most) => {
    const names = Array.from({ length: 9 }, (_, i) => `customer-c${i}`);
    const fake = fakeTerraform({}, {}, { delayMs: 5 });
    const args = ["plan", "--output", output(names), "--config-dir", configDir()];
    const result = await fleet(given ? [...args, "--concurrency", given] : args, credentials(...names), fake.terraform);
    expect(result.code).toBe(0);
    expect(fake.mostAtOnce()).toBe(most);
    expect(fake.calls.filter((c) => c.command === "plan")).toHaveLength(9);
  });

  it("gives each stack's terraform only that stack's credentials, never the unsuffixed ones", async () => {
    const out = output(["dev", "customer-acme"]);
    const fake = fakeTerraform({});
    const env = {
      ...credentials("dev", "customer-acme"),
      GENESYSCLOUD_OAUTHCLIENT_ID: "whoever",
      GENESYSCLOUD_OAUTHCLIENT_SECRET: "whatever-secret",
      GENESYSCLOUD_REGION: "eu-west-1",
      PARTNER_OAUTHCLIENT_SECRET__DEV: "partner-secret",
      TF_REATTACH_PROVIDERS__CUSTOMER_ACME: '{"emulator":1}',
      AWS_ACCESS_KEY_ID: "",
      AWS_REGION: "us-east-1",
    };
    await fleet(["plan", "--output", out, "--config-dir", configDir()], env, fake.terraform);
    const planEnv = (stack: string) => {
      const call = fake.calls.find((c) => c.stack === stack && c.command === "plan")!;
      return Object.fromEntries(
        Object.entries(call.env).filter(([name]) => /^(GENESYSCLOUD_|PARTNER_|TF_REATTACH|AWS_)/.test(name)),
      );
    };
    expect(planEnv("dev")).toEqual({
      GENESYSCLOUD_OAUTHCLIENT_ID: "dev-deployer",
      GENESYSCLOUD_OAUTHCLIENT_SECRET: "fake.dev.deployer.secret",
      AWS_REGION: "us-east-1",
    });
    expect(planEnv("customer-acme")).toEqual({
      GENESYSCLOUD_OAUTHCLIENT_ID: "customer-acme-deployer",
      GENESYSCLOUD_OAUTHCLIENT_SECRET: "fake.customer-acme.deployer.secret",
      TF_REATTACH_PROVIDERS: '{"emulator":1}',
      AWS_REGION: "us-east-1",
    });
  });

  it("does not plan a stack without its own credentials, and says which variables to set", async () => {
    const out = output(["customer-acme", "dev"]);
    const fake = fakeTerraform({});
    const result = await fleet(
      ["plan", "--output", out, "--config-dir", configDir()],
      { ...credentials("dev"), GENESYSCLOUD_OAUTHCLIENT_ID: "x", GENESYSCLOUD_OAUTHCLIENT_SECRET: "y" },
      fake.terraform,
    );
    expect(result.code).toBe(1);
    expect(fake.calls.filter((c) => c.command === "plan").map((c) => c.stack)).toEqual(["dev"]);
    expect(result.out).toContain(
      "customer-acme: drift unknown: no credentials for this stack: set GENESYSCLOUD_OAUTHCLIENT_ID__CUSTOMER_ACME " +
        "and GENESYSCLOUD_OAUTHCLIENT_SECRET__CUSTOMER_ACME (or GENESYSCLOUD_ACCESS_TOKEN__CUSTOMER_ACME)",
    );
  });

  it("plans only the stacks --only names, and refuses a stack the output does not have", async () => {
    const out = output(["dev", "prod", "test"]);
    const fake = fakeTerraform({});
    const ok = await fleet(
      ["plan", "--output", out, "--only", "prod,dev", "--config-dir", configDir()],
      credentials("dev", "prod"),
      fake.terraform,
    );
    expect(ok.code).toBe(0);
    expect([...new Set(fake.calls.map((c) => c.stack))].sort()).toEqual(["dev", "prod"]);
    const bad = await fleet(["plan", "--output", out, "--only", "dev,staging"], {}, fake.terraform);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`--only names "staging", which ${out} does not have (it has dev, prod, test)`);
  });

  it.each([
    [["plan", "--concurrency", "many"], "--concurrency must be a whole number from 1 to 64"],
    [["plan", "--concurrency", "65"], "--concurrency must be a whole number from 1 to 64"],
    [["plan", "--gateway", "http://127.0.0.1:1"], "--gateway only applies with --live"],
    [["apply"], 'fleet takes a command, "plan" or "stacks"; got "apply"'],
    [["plan", "--force"], "Unknown option '--force'"],
    [["stacks", "--live"], '--live is an option of "plan"'],
  ])("refuses %j with exit 2", async (argv, message) => {
    const result = await fleet([...argv, "--output", output(["dev"])], {}, fakeTerraform({}).terraform);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
  });

  it("refuses a manifest whose working directory points outside the output", async () => {
    const out = output(["dev"], () => "../elsewhere");
    const result = await fleet(["plan", "--output", out], {}, fakeTerraform({}).terraform);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`Refusing the working directory of stack "dev" in manifest.json`);
  });

  it("refuses a manifest whose stack names the app cannot have made (they become environment names)", async () => {
    const out = output(["dev"]);
    const manifest = { stacks: { 'customer-x"$(id)': { workingDirectory: "stacks/dev" } } };
    fs.writeFileSync(path.join(out, "manifest.json"), JSON.stringify(manifest));
    const result = await fleet(["stacks", "--json", "--output", out], {}, fakeTerraform({}).terraform);
    expect(result.code).toBe(1);
    expect(result.out).toBe("");
    expect(result.err).toContain("is not a cdktf manifest of this app");
  });

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("stops starting stacks once interrupted (%s) and says how many were planned", async (signal, code) => {
    const names = ["a1", "a2", "a3", "a4"];
    const fake = fakeTerraform({});
    const result = await fleet(
      ["plan", "--output", output(names), "--concurrency", "1", "--config-dir", configDir()],
      credentials(...names),
      async (command, args, o) => {
        if (args[0] === "plan" && path.basename(o.cwd) === "a2") process.emit(signal, signal);
        return fake.terraform(command, args, o);
      },
    );
    expect(result.code).toBe(code);
    expect(result.err).toBe(
      `error: Interrupted (${signal}): 2 of 4 stack(s) planned, the others not; a plan changes nothing.`,
    );
    expect(fake.calls.some((c) => c.stack === "a3")).toBe(false);
  });

  it("--json prints the documented report (docs/fleet.schema.json)", async () => {
    const out = output(["dev", "prod"]);
    const fake = fakeTerraform(
      { prod: 2 },
      { dev: { organization_id: "0rg", organization_name: "Acme Dev Org", deploy_phase: "role" } },
    );
    const result = await fleet(
      ["plan", "--json", "--output", out, "--config-dir", configDir()],
      credentials("dev", "prod"),
      fake.terraform,
    );
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out);
    const schema = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "docs", "fleet.schema.json"), "utf8"));
    const validate = new Ajv2020({ strict: true }).compile(schema);
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report).toEqual({
      ok: false,
      stacks: [
        {
          stack: "dev",
          organization: { id: "0rg", name: "Acme Dev Org" },
          deployPhase: "role",
          drift: "no",
          detail: "",
          live: null,
        },
        {
          stack: "prod",
          organization: { id: null, name: null },
          deployPhase: null,
          drift: "yes",
          detail: "never deployed: the plan creates everything",
          live: null,
        },
      ],
    });
  });
});

describe("fleet plan --live", () => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = await fixture();
  });
  afterEach(() => fx.close());

  const deployed = (clientId: string) => ({
    organization_id: ORG_ID,
    organization_name: "Acme Sandbox",
    region: "us-east-1",
    deploy_phase: "client",
    oauth_client_id: clientId,
  });
  const env = {
    [`GENESYSCLOUD_OAUTHCLIENT_ID__${stackKey(ENV)}`]: "deployer",
    [`GENESYSCLOUD_OAUTHCLIENT_SECRET__${stackKey(ENV)}`]: SECRET.deployer,
    [`PARTNER_OAUTHCLIENT_SECRET__${stackKey(ENV)}`]: SECRET.partner,
  };
  const live = (outputs: Record<string, unknown>, environment: NodeJS.ProcessEnv = env, json = false) =>
    fleet(
      [
        "plan",
        "--live",
        "--gateway",
        fx.stub.url,
        "--output",
        output([ENV]),
        "--config-dir",
        fx.configDir,
        ...(json ? ["--json"] : []),
      ],
      environment,
      fakeTerraform({}, { [ENV]: outputs }).terraform,
    );

  it("passes for a deployed client that can start bot sessions", async () => {
    const result = await live(deployed("partner-ok"));
    expect(result.code).toBe(0);
    expect(result.out).toContain("sandbox  Acme Sandbox  client  no     pass");
    expect(result.out).toContain("1 stack(s): no drift, no failed live check.");
  });

  it("fails, naming the failed check and its fix, for a client without the bot-session permission", async () => {
    const result = await live(deployed("partner-none"), env, true);
    expect(result.code).toBe(1);
    const row = JSON.parse(result.out).stacks[0];
    expect(row.live.verdict).toBe("fail");
    expect(row.live.detail).toBe("failed: bot-session-permission");
    expect(row.live.checks.map((c: { id: string; status: string }) => `${c.id}:${c.status}`)).toEqual([
      "login:pass",
      "organization:pass",
      "roles:pass",
      "bot-session-permission:fail",
      "live-session:skip",
    ]);
    for (const secret of Object.values(SECRET)) expect(result.out).not.toContain(secret);
  });

  it.each([
    ["without the stack's credentials", deployed("partner-ok"), { GENESYSCLOUD_OAUTHCLIENT_ID: "deployer" }],
    ["in deploy phase role (no client yet)", { ...deployed("x"), oauth_client_id: undefined }, env],
  ])("is skipped %s", async (_, outputs, environment) => {
    const result = await live(outputs, environment);
    expect(result.out).toMatch(/^sandbox .* skipped$/m);
    expect(fx.stub.requests).toEqual([]);
  });
});

describe("fleet stacks", () => {
  it("lists the synthesized stacks, or only the customers, as JSON for a matrix", async () => {
    const out = output(["dev", "customer-acme", "prod", "customer-beta"]);
    const all = await fleet(["stacks", "--output", out], {}, fakeTerraform({}).terraform);
    expect(all.out).toBe("customer-acme\ncustomer-beta\ndev\nprod");
    const customers = await fleet(
      ["stacks", "--customers", "--json", "--output", out],
      {},
      fakeTerraform({}).terraform,
    );
    expect(customers.out).toBe('["customer-acme","customer-beta"]');
  });

  it("says how to make a synthesized output when there is none", async () => {
    const result = await fleet(["stacks", "--output", tempDir("empty-")], {}, fakeTerraform({}).terraform);
    expect(result.code).toBe(1);
    expect(result.err).toContain('is not a synthesized output. Run "npm run pipeline:synth" first.');
  });
});

describe("stack credentials", () => {
  it("drops empty values, as GitHub passes unset secrets", () => {
    const creds = stackCredentials("dev", {
      GENESYSCLOUD_OAUTHCLIENT_ID__DEV: "id",
      GENESYSCLOUD_OAUTHCLIENT_SECRET__DEV: "",
      GENESYSCLOUD_ACCESS_TOKEN__DEV: "",
    });
    expect(hasProviderCredentials(creds.terraformEnv)).toBe(false);
    expect(creds.terraformEnv).toEqual({ GENESYSCLOUD_OAUTHCLIENT_ID: "id" });
  });
});
