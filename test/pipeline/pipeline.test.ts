// The pipeline (commands/pipeline/): each stage and the artifact it reads, in process, terraform faked. The same
// stages with real processes: e2e/pipeline-processes/.

import * as fs from "fs";
import * as path from "path";
import { CommandError } from "../../commands/core/errors";
import { toAppConfig, writeAppConfig } from "../../commands/pipeline/app-config";
import { findStack, freshStack } from "../../commands/pipeline/build-info";
import {
  BuildInfo,
  captureBuildInfo,
  readBuildInfo,
  sourceDigests,
  stalenessReasons,
  writeBuildInfo,
} from "../../commands/pipeline/build-info";
import { CliIo, main } from "../../commands/pipeline/cli";
import { deploy, diff } from "../../commands/pipeline/deploy";
import {
  deployedOutputs,
  outputsFileOf,
  readOutputsFile,
  stackOutputs,
  writeOutputsFile,
} from "../../commands/pipeline/outputs";
import { Runner, RunOptions, RunResult } from "../../commands/core/run";
import { synth } from "../../commands/pipeline/synth";
import { lockHolder, StackTerraform, StackTerraformProps, withTerraform } from "../../commands/core/terraform";
import { verify } from "../../commands/pipeline/verify";
import {
  fakeCdktf,
  tempProject,
  goodOutputs,
  literalStack,
  synthesizedProject,
  writeSynthOutput,
  tempDir,
  credentialsEnv,
  deployOptions,
  CLIENT_ID,
  ORG_ID,
  ROLE_ID,
  roleOutputs,
  SECRET,
  EXPECTED_APP_CONFIG,
  readJson,
  writeOutputsFile as writeOutputsFixture,
  cli,
  synthesizedThreeEnvironments,
} from "./support";

describe("synth", () => {
  it("fails, recording nothing, when cdktf synth fails", async () => {
    const project = tempProject();
    fs.mkdirSync(project.outDir);
    fs.writeFileSync(path.join(project.outDir, "build-info.json"), "{} from an earlier synth");
    const { run } = fakeCdktf(project, [], 1);
    await expect(synth({ ...project.context(), run })).rejects.toThrow(
      "cdktf synth failed (exit code 1); see its output above.",
    );
    expect(fs.existsSync(path.join(project.outDir, "build-info.json"))).toBe(false);
  });

  it("fails when an environment got no stack", async () => {
    const project = tempProject({ dev: {}, prod: {} });
    const { run } = fakeCdktf(project, ["dev"]);
    await expect(synth({ ...project.context(), run })).rejects.toThrow(`cdktf synth wrote no stack for "prod"`);
    expect(fs.existsSync(path.join(project.outDir, "build-info.json"))).toBe(false);
  });

  it("fails, recording nothing, when cdktf synth succeeds but leaves a stack without cdk.tf.json", async () => {
    const project = tempProject({ dev: {} });
    const { run: synthesize } = fakeCdktf(project, ["dev"]);
    const run: Runner = (command, args, options) => {
      const result = synthesize(command, args, options);
      fs.rmSync(path.join(project.outDir, "stacks", "dev", "cdk.tf.json"));
      return result;
    };
    await expect(synth({ ...project.context(), run })).rejects.toThrow(
      `cdk.tf.json is missing: ${project.outDir} is incomplete. Nothing was recorded in build-info.json.`,
    );
    expect(fs.existsSync(path.join(project.outDir, "build-info.json"))).toBe(false);
  });

  it("explains a missing cdktf (no npm ci yet)", async () => {
    const project = tempProject();
    const run: Runner = () => ({ status: null, stdout: "", startError: "spawnSync cdktf ENOENT" });
    await expect(synth({ ...project.context(), run })).rejects.toThrow(`Run "npm ci" first.`);
  });
});

describe("findStack", () => {
  it("finds the stack's working directory through the manifest", () => {
    const project = synthesizedProject();
    expect(findStack(project.outDir, "prod")).toEqual({
      name: "prod",
      dir: path.join(project.outDir, "stacks", "prod"),
    });
  });

  it("explains a missing output folder", () => {
    const project = tempProject();
    expect(() => findStack(project.outDir, "dev")).toThrow(
      `No synthesized output at ${project.outDir}. Run "npm run pipeline:synth"`,
    );
  });

  it("explains a folder that is not a cdktf output", () => {
    const project = tempProject();
    fs.mkdirSync(project.outDir);
    expect(() => findStack(project.outDir, "dev")).toThrow("manifest.json is missing or not valid JSON");
  });

  it("names the stacks it has when the environment was added after synthesis", () => {
    const project = synthesizedProject();
    expect(() => findStack(project.outDir, "qa")).toThrow(`Stack "qa" is not in ${project.outDir} (it has dev, prod)`);
  });

  it("explains a stack folder without cdk.tf.json", () => {
    const project = synthesizedProject();
    fs.rmSync(path.join(project.outDir, "stacks", "dev", "cdk.tf.json"));
    expect(() => findStack(project.outDir, "dev")).toThrow("cdk.tf.json is missing");
  });
});

describe("freshStack", () => {
  it("refuses an output whose config changed since synthesis", () => {
    const project = synthesizedProject();
    fs.writeFileSync(path.join(project.configDir, "dev.json"), JSON.stringify({ changed: true }));
    expect(() => freshStack({ ...project.context(), name: "dev" })).toThrow(
      "files changed since synthesis: config/dev.json (changed)",
    );
  });

  it("refuses a plain cdktf synth output (no build-info.json)", () => {
    const project = tempProject();
    writeSynthOutput(project.outDir, { dev: literalStack(project, "dev", goodOutputs()) });
    expect(() => freshStack({ ...project.context(), name: "dev" })).toThrow('plain "cdktf synth" does not record it');
  });
});

describe("build info", () => {
  it("has no commit outside git and keys a config folder outside the project by its absolute path", () => {
    const project = tempProject();
    const elsewhere = tempDir("pipeline-config-");
    fs.writeFileSync(path.join(elsewhere, "dev.json"), "{}");
    const info = captureBuildInfo(project.dir, elsewhere);
    expect(info.commit).toBeNull();
    expect(info.uncommittedChanges).toBe(false);
    expect(Object.keys(info.files)).toContain(path.join(elsewhere, "dev.json"));
  });

  it("round-trips through build-info.json, leaving no temporary file", () => {
    const project = tempProject();
    fs.mkdirSync(project.outDir);
    const info = captureBuildInfo(project.dir, project.configDir);
    writeBuildInfo(project.outDir, info);
    writeBuildInfo(project.outDir, info);
    expect(readBuildInfo(project.outDir)).toEqual({ ...info, output: {} });
    expect(fs.readdirSync(project.outDir)).toEqual(["build-info.json"]);
  });

  it.each([
    ["missing", undefined, `has no build-info.json, so nothing says which commit it was synthesized from`],
    ["not JSON", "{", "build-info.json is not valid JSON"],
    ["of another shape", JSON.stringify({ formatVersion: 2 }), "is not a build-info file of this pipeline"],
    [
      "without a creation time",
      JSON.stringify({ formatVersion: 1, commit: null, uncommittedChanges: false, files: {} }),
      "is not a build-info file of this pipeline",
    ],
  ])("explains a build-info.json that is %s", (_name, content, expected) => {
    const outDir = tempDir("pipeline-out-");
    if (content !== undefined) fs.writeFileSync(path.join(outDir, "build-info.json"), content);
    expect(() => readBuildInfo(outDir)).toThrow(expected);
  });
});

describe("stalenessReasons", () => {
  const recorded: BuildInfo = {
    formatVersion: 1,
    commit: "a".repeat(40),
    uncommittedChanges: false,
    files: { "main.ts": "1", "config/dev.json": "2", "lib/old.ts": "3" },
    createdAt: "2025-01-01T00:00:00.000Z",
    output: {},
  };

  it("is empty when commit and files match", () => {
    expect(stalenessReasons(recorded, { commit: recorded.commit, files: recorded.files })).toEqual([]);
  });

  it("names the two commits", () => {
    expect(stalenessReasons(recorded, { commit: "b".repeat(40), files: recorded.files })).toEqual([
      `it was synthesized from commit ${"a".repeat(12)} but the checkout is at ${"b".repeat(12)}`,
    ]);
  });

  it("names changed, added and removed files", () => {
    const files = { "main.ts": "1", "config/dev.json": "changed", "config/qa.json": "4" };
    expect(stalenessReasons(recorded, { commit: recorded.commit, files })).toEqual([
      "files changed since synthesis: config/dev.json (changed), config/qa.json (added), lib/old.ts (removed)",
    ]);
  });

  it("skips the commit check when either side is not a git checkout", () => {
    expect(stalenessReasons({ ...recorded, commit: null }, { commit: "b".repeat(40), files: recorded.files })).toEqual(
      [],
    );
    expect(stalenessReasons(recorded, { commit: null, files: recorded.files })).toEqual([]);
  });
});

describe("sourceDigests", () => {
  it("changes with a source file and ignores non-JSON files in the config folder", () => {
    const project = tempProject();
    const before = sourceDigests(project.dir, project.configDir);
    fs.writeFileSync(path.join(project.configDir, "notes.txt"), "not config");
    expect(sourceDigests(project.dir, project.configDir)).toEqual(before);
    fs.writeFileSync(path.join(project.dir, "lib", "stack.ts"), "// changed\n");
    expect(sourceDigests(project.dir, project.configDir)["lib/stack.ts"]).not.toBe(before["lib/stack.ts"]);
  });

  it("covers the provider schema the bindings are generated from", () => {
    const project = tempProject();
    fs.mkdirSync(path.join(project.dir, "provider-schema"));
    const schema = path.join(project.dir, "provider-schema", "genesyscloud@1.0.0.json");
    fs.writeFileSync(schema, "{}");
    const before = sourceDigests(project.dir, project.configDir);
    expect(Object.keys(before)).toContain("provider-schema/genesyscloud@1.0.0.json");
    fs.writeFileSync(schema, '{"changed":true}');
    expect(sourceDigests(project.dir, project.configDir)).not.toEqual(before);
  });
});

describe("default paths", () => {
  it("read outputs from the synthesized output's outputs/ and write app configs to app-config/", async () => {
    const project = tempProject({ dev: {} });
    fs.mkdirSync(path.join(project.outDir, "outputs"), { recursive: true });
    fs.writeFileSync(path.join(project.outDir, "outputs", "dev.json"), JSON.stringify({ dev: goodOutputs() }));
    expect((await cli(["app-config", "dev", "--output", project.outDir], project.dir)).code).toBe(0);
    expect(readJson(path.join(project.dir, "app-config", "dev.json"))).toEqual(EXPECTED_APP_CONFIG);
  });
});

describe("diff", () => {
  it("skips, successfully, without credentials when asked to", async () => {
    const project = synthesizedProject();
    const env = credentialsEnv({ GENESYSCLOUD_OAUTHCLIENT_ID: "", GENESYSCLOUD_OAUTHCLIENT_SECRET: "" });
    expect(await diff(project.context(env), { environment: "prod", ifCredentials: true })).toBe("skipped");
    expect(project.log).toEqual([`Skipped the diff of "prod": no Genesys Cloud credentials are set for it.`]);
    await expect(diff(project.context(env), { environment: "prod", ifCredentials: false })).rejects.toThrow(
      `No Genesys Cloud credentials for environment "prod"`,
    );
  });

  it("refuses an unknown environment, a missing and a stale cdktf.out", async () => {
    const project = synthesizedProject();
    await expect(diff(project.context(), { environment: "qa", ifCredentials: true })).rejects.toThrow(
      `Unknown environment "qa"`,
    );
    fs.writeFileSync(path.join(project.dir, "lib", "stack.ts"), "// changed after synth\n");
    await expect(diff(project.context(), { environment: "dev", ifCredentials: true })).rejects.toThrow(
      "lib/stack.ts (changed)",
    );
    fs.rmSync(project.outDir, { recursive: true });
    await expect(diff(project.context(), { environment: "dev", ifCredentials: true })).rejects.toThrow(
      "No synthesized output",
    );
  });
});

describe("deploy", () => {
  describe("refuses before touching terraform", () => {
    it("an unknown environment", async () => {
      const project = synthesizedProject();
      await expect(deploy(project.context(), deployOptions(project, { environment: "qa" }))).rejects.toThrow(
        `Unknown environment "qa": ${project.configDir} has dev, prod.`,
      );
    });

    it("a missing cdktf.out", async () => {
      const project = tempProject();
      await expect(deploy(project.context(), deployOptions(project))).rejects.toThrow(
        `No synthesized output at ${project.outDir}.`,
      );
    });

    it("an environment added to the config after synthesis", async () => {
      const project = synthesizedProject();
      fs.writeFileSync(
        path.join(project.configDir, "qa.json"),
        fs.readFileSync(path.join(project.configDir, "dev.json")),
      );
      await expect(deploy(project.context(), deployOptions(project, { environment: "qa" }))).rejects.toThrow(
        `Stack "qa" is not in ${project.outDir} (it has dev, prod)`,
      );
    });

    it("missing credentials", async () => {
      const project = synthesizedProject();
      const env = credentialsEnv({ GENESYSCLOUD_OAUTHCLIENT_SECRET: "" });
      await expect(deploy(project.context(env), deployOptions(project))).rejects.toThrow(
        `No Genesys Cloud credentials for environment "dev"`,
      );
    });
  });

  it("leaves the outputs of an earlier deploy untouched when this one fails, and says they are from then", async () => {
    const project = synthesizedProject();
    const outputsFile = path.join(project.outDir, "outputs", "dev.json");
    fs.mkdirSync(path.dirname(outputsFile));
    const earlier = JSON.stringify({ dev: goodOutputs() });
    fs.writeFileSync(outputsFile, earlier);
    const failingPlan: Runner = (_command, args) => ({ status: args[0] === "plan" ? 1 : 0, stdout: "" });
    await expect(deploy({ ...project.context(), run: failingPlan }, deployOptions(project))).rejects.toThrow(
      `terraform plan failed for stack "dev"`,
    );
    await expect(deploy({ ...project.context(), run: failingPlan }, deployOptions(project))).rejects.toThrow(
      `${outputsFile} was not updated: it still holds the outputs of an earlier deploy.`,
    );
    expect(fs.readFileSync(outputsFile, "utf8")).toBe(earlier);
  });

  it("warns when git could not tell whether the output was synthesized from uncommitted changes", async () => {
    const project = synthesizedProject();
    writeBuildInfo(project.outDir, { ...readBuildInfo(project.outDir), uncommittedChanges: null });
    const failingInit: Runner = () => ({ status: 1, stdout: "" });
    await expect(deploy({ ...project.context(), run: failingInit }, deployOptions(project))).rejects.toThrow(
      "terraform init failed",
    );
    expect(project.log[0]).toContain("was synthesized from sources git could not check for uncommitted changes");
  });
});

interface Call {
  readonly command: string;
  readonly args: readonly string[];
  readonly options: RunOptions;
}

function fakeRunner(answer: (args: readonly string[]) => Partial<RunResult>): { run: Runner; calls: Call[] } {
  const calls: Call[] = [];
  const run: Runner = (command, args, options) => {
    calls.push({ command, args, options });
    return { status: 0, stdout: "", ...answer(args) };
  };
  return { run, calls };
}

/** What terraform 1.11 prints on stderr when another run holds the state lock of a local backend. */
const LOCK_ERROR = `
╷
│ Error: Error acquiring the state lock
│
│ Error message: resource temporarily unavailable
│ Lock Info:
│   ID:        5b1a9b6e-2c1f-7d0a-3e4b-8f9a0b1c2d3e
│   Path:      /work/terraform.dev.tfstate
│   Operation: OperationTypeApply
│   Who:       runner@build-host
│   Version:   1.11.4
│   Created:   2026-12-01 20:01:02.123 +0000 UTC
│   Info:
│
│ Terraform acquires a state lock to protect the state from being written
│ by multiple users at the same time.
╵
`;

describe("StackTerraform", () => {
  const dir = tempDir("pipeline-terraform-");
  const props = (run: Runner, extra: Partial<StackTerraformProps> = {}): StackTerraformProps => ({
    stack: "dev",
    dir,
    env: { PATH: "/bin" },
    run,
    ...extra,
  });

  it("runs non-interactive commands in the stack folder, with a lock timeout, private files and its own data dir", async () => {
    const { run, calls } = fakeRunner(() => ({}));
    const terraform = new StackTerraform(props(run, { env: { PATH: "/bin", AWS_ACCESS_KEY_ID: "" } }));
    await terraform.init();
    await terraform.apply("plan.tfplan");
    expect(calls.map((call) => [call.command, ...call.args])).toEqual([
      ["terraform", "init", "-input=false", "-lock-timeout=0s"],
      ["terraform", "apply", "-input=false", "-lock-timeout=0s", "plan.tfplan"],
    ]);
    const dataDir = path.join(terraform.runDir, "data");
    expect(calls[0].options).toEqual({
      cwd: dir,
      env: { PATH: "/bin", CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_DATA_DIR: dataDir },
      capture: false,
      privateFiles: true,
    });
    expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(terraform.runDir).mode & 0o777).toBe(0o700);
    terraform.dispose();
    expect(fs.existsSync(terraform.runDir)).toBe(false);
  });

  it("gets a fresh data dir each session, removed however the session ends", async () => {
    const { run, calls } = fakeRunner(() => ({}));
    const dirs: string[] = [];
    await withTerraform(props(run), async (terraform) => void dirs.push(terraform.runDir));
    await expect(
      withTerraform(props(run), async (terraform) => {
        dirs.push(terraform.runDir);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(dirs[0]).not.toBe(dirs[1]);
    for (const folder of dirs) expect(fs.existsSync(folder)).toBe(false);
    expect(calls).toHaveLength(0);
  });

  it("reads plan's detailed exit code as changes or none, and passes lock and plan file", async () => {
    const { run, calls } = fakeRunner((args) => ({ status: args.includes("-out=p") ? 2 : 0 }));
    const terraform = new StackTerraform(props(run, { lockTimeout: "5m" }));
    expect(await terraform.plan({ planFile: "p", lock: true })).toBe(true);
    expect(await terraform.plan({ lock: false })).toBe(false);
    expect(calls[0].args).toEqual(["plan", "-input=false", "-detailed-exitcode", "-lock-timeout=5m", "-out=p"]);
    expect(calls[1].args).toEqual(["plan", "-input=false", "-detailed-exitcode", "-lock=false"]);
    expect(calls[0].command).toBe("terraform");
    terraform.dispose();
  });

  it("names the stack and the command when terraform fails", async () => {
    const { run } = fakeRunner(() => ({ status: 1 }));
    await expect(withTerraform(props(run), (t) => t.plan({ lock: true }))).rejects.toThrow(
      `terraform plan failed for stack "dev" in ${dir} (exit code 1); see its output above.`,
    );
  });

  it("turns terraform's state lock error into one message naming the environment and the holder", async () => {
    const { run } = fakeRunner(() => ({ status: 1, stderr: LOCK_ERROR }));
    await expect(withTerraform(props(run), (t) => t.plan({ lock: true }))).rejects.toThrow(
      `The state of "dev" is locked by another terraform run (held by runner@build-host since 2026-12-01 20:01:02.123 ` +
        `+0000 UTC); terraform plan did not start. Wait for that run to finish, or give --lock-timeout (e.g. 5m)`,
    );
    expect(lockHolder("Error: Error acquiring the state lock\n")).toBe("terraform printed no lock holder");
    expect(lockHolder("Error: something else")).toBeUndefined();
  });

  it("says how to adopt a hand-made role when the provider cannot create one of that name", async () => {
    const stderr = "Error: Failed to create role  Acme Bot Partner (dev) bot sessions errror: API Error: 409\n";
    const { run } = fakeRunner(() => ({ status: 1, stderr }));
    await expect(withTerraform(props(run), (t) => t.apply("plan.tfplan"))).rejects.toThrow(
      `terraform apply failed for stack "dev" in ${dir} (exit code 1); see its output above. If the org already has a ` +
        `role of that name (made by hand), adopt it: set oauthClient.botSessionRole.adoptId to its id and deploy again`,
    );
  });

  it("says when terraform cannot be started", async () => {
    const { run } = fakeRunner(() => ({ status: null, startError: "spawn terraform ENOENT" }));
    await expect(withTerraform(props(run), (t) => t.init())).rejects.toThrow(
      `Could not run terraform for stack "dev": spawn terraform ENOENT. Is Terraform installed and on PATH?`,
    );
  });

  it("parses terraform output -json with zod, keeping the sensitive flag", async () => {
    const json = JSON.stringify({
      a: { value: "x", type: "string", sensitive: false },
      b: { value: "y", type: "string", sensitive: true },
    });
    const { run, calls } = fakeRunner(() => ({ stdout: json }));
    expect(await withTerraform(props(run), (t) => t.outputs())).toEqual({
      a: { value: "x", sensitive: false },
      b: { value: "y", sensitive: true },
    });
    expect(calls[0].options.capture).toBe(true);
  });

  it.each([
    ["not JSON", "nope", 'terraform output -json for stack "dev" did not print JSON'],
    ["not outputs", "[1]", 'terraform output -json for stack "dev" printed an unexpected shape'],
  ])("refuses output that is %s", async (_what, stdout, message) => {
    const { run } = fakeRunner(() => ({ stdout }));
    await expect(withTerraform(props(run), (t) => t.outputs())).rejects.toThrow(message);
  });

  it("refuses a stack folder that already holds a provider lock file; ignores a .terraform/ (its data dir is elsewhere)", () => {
    const stack = tempDir("pipeline-terraform-planted-");
    const { run } = fakeRunner(() => ({}));
    fs.mkdirSync(path.join(stack, ".terraform"));
    new StackTerraform({ ...props(run), dir: stack }).dispose();
    fs.writeFileSync(path.join(stack, ".terraform.lock.hcl"), "");
    expect(() => new StackTerraform({ ...props(run), dir: stack })).toThrow(
      `Refusing to run terraform for stack "dev": ${path.join(stack, ".terraform.lock.hcl")} is already there`,
    );
  });
});

const SOURCE = "outputs.json";

function problemsOf(outputs: Record<string, unknown>, stack = "dev"): string {
  try {
    stackOutputs(outputs, stack, SOURCE);
  } catch (error) {
    expect(error).toBeInstanceOf(CommandError);
    return (error as Error).message;
  }
  throw new Error("expected the outputs to be rejected");
}

describe("stackOutputs", () => {
  it("returns the checked outputs of the stack", () => {
    expect(stackOutputs({ dev: goodOutputs(), prod: {} }, "dev", SOURCE)).toEqual({
      organizationId: ORG_ID,
      organizationName: "Acme dev",
      region: "us-east-1",
      apiBaseUrl: "https://api.mypurecloud.com",
      loginBaseUrl: "https://login.mypurecloud.com",
      deployPhase: "client",
      botSessionRoleId: ROLE_ID,
      botSessionRoleName: "Partner (dev) bot sessions",
      oauthClientId: CLIENT_ID,
    });
  });

  it('needs no client id in phase "role", but the bot-session role name', () => {
    expect(stackOutputs({ dev: roleOutputs() }, "dev", SOURCE)).toMatchObject({ deployPhase: "role" });
    expect(stackOutputs({ dev: roleOutputs() }, "dev", SOURCE).oauthClientId).toBeUndefined();
    const { bot_session_role_name: _name, ...withoutName } = roleOutputs();
    expect(problemsOf({ dev: withoutName })).toContain(
      `output "bot_session_role_name" is missing though "deploy_phase" is "role"`,
    );
    expect(problemsOf({ dev: goodOutputs("dev", { deploy_phase: "later" }) })).toContain(
      `output "deploy_phase" must be one of role, client, got "later"`,
    );
  });

  it("accepts a region in other case and a trailing slash on the base URL", () => {
    const outputs = stackOutputs(
      {
        dev: goodOutputs("dev", {
          region: "EU-West-1",
          api_base_url: "https://api.mypurecloud.ie/",
          login_base_url: "https://login.mypurecloud.ie",
        }),
      },
      "dev",
      SOURCE,
    );
    expect(outputs.region).toBe("eu-west-1");
    expect(outputs.apiBaseUrl).toBe("https://api.mypurecloud.ie");
  });

  it("names the source, the stack and every missing output", () => {
    const { organization_id: _id, oauth_client_id: _client, ...rest } = goodOutputs();
    const message = problemsOf({ dev: rest });
    expect(message).toContain(`${SOURCE}: stack "dev"`);
    expect(message).toContain(`output "organization_id" is missing`);
    expect(message).toContain(`output "oauth_client_id" is missing`);
  });

  it.each([
    ["organization_id", 42, `output "organization_id" must be a string, got a number (42)`],
    ["organization_name", null, `output "organization_name" must be a string, got null`],
    ["region", ["us-east-1"], `output "region" must be a string, got an array`],
    ["oauth_client_id", { id: "x" }, `output "oauth_client_id" must be a string, got an object`],
    ["organization_name", "  ", `output "organization_name" is empty`],
    ["organization_id", "not-a-uuid", `output "organization_id" must be a UUID, got "not-a-uuid"`],
    ["region", "mars-1", `output "region" must be a Genesys Cloud region`],
    [
      "api_base_url",
      "https://api.mypurecloud.de",
      `output "api_base_url" is "https://api.mypurecloud.de" but region "us-east-1" has the API base URL "https://api.mypurecloud.com"`,
    ],
    [
      "login_base_url",
      "https://api.mypurecloud.com",
      `output "login_base_url" is "https://api.mypurecloud.com" but region "us-east-1" has the login base URL "https://login.mypurecloud.com"`,
    ],
  ])("rejects %s = %j", (name, value, expected) => {
    expect(problemsOf({ dev: goodOutputs("dev", { [name]: value }) })).toContain(expected);
  });

  it("names the stacks the file has when the stack is unknown", () => {
    expect(problemsOf({ dev: goodOutputs(), test: goodOutputs("test") }, "prod")).toBe(
      `${SOURCE} has no outputs for stack "prod" (it has "dev", "test")`,
    );
    expect(problemsOf({}, "prod")).toContain("(it has none)");
  });

  it("rejects a stack entry that is not an object", () => {
    expect(problemsOf({ dev: "oops" })).toContain(`the outputs of stack "dev" must be an object`);
  });

  it("passes the client secret through but never shows it in an error", () => {
    expect(
      stackOutputs({ dev: goodOutputs("dev", { oauth_client_secret: SECRET }) }, "dev", SOURCE).oauthClientSecret,
    ).toBe(SECRET);
    const message = problemsOf({ dev: goodOutputs("dev", { oauth_client_secret: 12345 }) });
    expect(message).toContain(`output "oauth_client_secret" must be a non-empty string (value not shown)`);
    expect(message).not.toContain("12345");
  });
});

describe("outputs read from terraform output -json", () => {
  const terraformOutputs = Object.fromEntries([
    ...Object.entries(goodOutputs()).map(([name, value]) => [name, { value, sensitive: false }]),
    ["oauth_client_secret", { value: SECRET, sensitive: true }],
    ["unrelated", { value: 1, sensitive: false }],
  ]);

  it("are checked like an outputs file and written back as one, sensitive ones only when asked", () => {
    const withoutSecret = deployedOutputs("dev", terraformOutputs, false);
    expect(withoutSecret.oauthClientSecret).toBeUndefined();
    expect(outputsFileOf("dev", withoutSecret)).toEqual({ dev: goodOutputs() });
    const withSecret = deployedOutputs("dev", terraformOutputs, true);
    expect(outputsFileOf("dev", withSecret)).toEqual({ dev: goodOutputs("dev", { oauth_client_secret: SECRET }) });
    expect(stackOutputs(outputsFileOf("dev", withSecret), "dev", SOURCE)).toEqual(withSecret);
  });

  it("say when the state has none (never deployed), and name the state when one is wrong", () => {
    expect(() => deployedOutputs("dev", {}, true)).toThrow(`The state of stack "dev" has no outputs`);
    expect(() => deployedOutputs("dev", { region: { value: "us-east-1", sensitive: false } }, true)).toThrow(
      `deployed state of stack "dev": stack "dev":`,
    );
  });
});

describe("outputs files", () => {
  const dir = tempDir("pipeline-outputs-");

  it("writes JSON that reads back, private when it holds secrets", () => {
    const file = path.join(dir, "deep", "dev.json");
    writeOutputsFile(file, { dev: goodOutputs() }, true);
    expect(readOutputsFile(file)).toEqual({ dev: goodOutputs() });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    writeOutputsFile(file, { dev: goodOutputs() }, false);
    expect(fs.statSync(file).mode & 0o777).toBe(0o644);
  });

  it.each([
    ["missing", undefined, "not found: deploy the environment first"],
    ["not JSON", "{nope", 'is not valid JSON: expected a key in double quotes (or "}") (line 1, column 2)'],
    ["a secret where JSON belongs", "s3cr3t-value", "is not valid JSON: expected a JSON value (line 1, column 1)"],
    ["an array", "[]", "must hold a JSON object with one entry per stack"],
  ])("explains a file that is %s", (name, content, expected) => {
    const file = path.join(dir, `${name}.json`);
    if (content !== undefined) fs.writeFileSync(file, content);
    expect(() => readOutputsFile(file)).toThrow(expected);
  });

  it("reports why a file that exists cannot be read, rather than calling it missing", () => {
    const folder = path.join(dir, "a-folder.json");
    fs.mkdirSync(folder);
    expect(() => readOutputsFile(folder)).toThrow(`Could not read ${folder}: EISDIR`);
  });
});

// The checks of deployed outputs need terraform: e2e/pipeline-processes/verify.e2e.test.ts.
describe("verify", () => {
  it("refuses an unknown environment and a missing cdktf.out", async () => {
    const project = tempProject({ dev: {} });
    await expect(verify(project.context(), { environment: "qa" })).rejects.toThrow(`Unknown environment "qa"`);
    await expect(verify(project.context(), { environment: "dev" })).rejects.toThrow(
      `No synthesized output at ${project.outDir}`,
    );
  });
});

describe("writeAppConfig", () => {
  it("writes exactly the six app settings from good outputs", () => {
    const dir = tempDir("pipeline-app-config-");
    const target = path.join(dir, "app-config", "dev.json");
    const config = writeAppConfig({
      environment: "dev",
      outputsFile: writeOutputsFixture(dir, { dev: goodOutputs(), test: goodOutputs("test") }),
      target,
      includeSecret: false,
    });
    expect(config).toEqual({ written: EXPECTED_APP_CONFIG });
    expect(readJson(target)).toEqual(EXPECTED_APP_CONFIG);
    expect(Object.keys(readJson(target) as object)).toEqual(Object.keys(EXPECTED_APP_CONFIG));
  });

  it('writes nothing in deploy phase "role" and names the next step instead', () => {
    const dir = tempDir("pipeline-app-config-");
    const target = path.join(dir, "app-config", "dev.json");
    const result = writeAppConfig({
      environment: "dev",
      outputsFile: writeOutputsFixture(dir, { dev: roleOutputs() }),
      target,
      includeSecret: false,
      configFile: "config/dev.json",
    });
    expect(result).toEqual({
      notWritten:
        'Not written: "dev" is in deploy phase "role" (the bot-session role exists, the OAuth client does not yet), ' +
        'so there is no client for the app. Next: an org admin grants the role "Partner (dev) bot sessions" to the ' +
        "DEPLOYER's OAuth client (the client whose id is in GENESYSCLOUD_OAUTHCLIENT_ID; division: the home " +
        "division), then set oauthClient.botSessionRole.heldByDeployer to true in config/dev.json and deploy again " +
        '(phase "client"); then run app-config again.',
    });
    expect(fs.existsSync(target)).toBe(false);
  });

  it.each([
    [
      "a missing output",
      { dev: { ...goodOutputs(), oauth_client_id: undefined } },
      `stack "dev":\n  output "oauth_client_id" is missing`,
    ],
    [
      "an output of the wrong type",
      { dev: goodOutputs("dev", { organization_id: 7 }) },
      `output "organization_id" must be a string, got a number (7)`,
    ],
    ["an unknown stack", { test: goodOutputs("test") }, `has no outputs for stack "dev" (it has "test")`],
    ["malformed JSON", "{", "is not valid JSON"],
  ])("rejects %s, naming the stack and output, and writes nothing", (_name, content, expected) => {
    const dir = tempDir("pipeline-app-config-");
    const target = path.join(dir, "app-config", "dev.json");
    const file = writeOutputsFixture(dir, content);
    expect(() => writeAppConfig({ environment: "dev", outputsFile: file, target, includeSecret: false })).toThrow(
      expected,
    );
    expect(fs.existsSync(target)).toBe(false);
  });

  it("leaves the previous app config untouched when the new outputs are bad", () => {
    const dir = tempDir("pipeline-app-config-");
    const target = path.join(dir, "dev.json");
    writeAppConfig({
      environment: "dev",
      outputsFile: writeOutputsFixture(dir, { dev: goodOutputs() }),
      target,
      includeSecret: false,
    });
    const before = fs.readFileSync(target, "utf8");
    const bad = writeOutputsFixture(dir, { dev: goodOutputs("dev", { region: "nowhere" }) });
    expect(() => writeAppConfig({ environment: "dev", outputsFile: bad, target, includeSecret: false })).toThrow(
      `output "region"`,
    );
    expect(fs.readFileSync(target, "utf8")).toBe(before);
    expect(fs.readdirSync(dir).sort()).toEqual(["dev.json", "outputs.json"]);
  });

  describe("the client secret", () => {
    it("is left out unless asked for, even when the outputs hold it", () => {
      const dir = tempDir("pipeline-app-config-");
      const target = path.join(dir, "dev.json");
      const file = writeOutputsFixture(dir, { dev: goodOutputs("dev", { oauth_client_secret: SECRET }) });
      writeAppConfig({ environment: "dev", outputsFile: file, target, includeSecret: false });
      expect(fs.readFileSync(target, "utf8")).not.toContain(SECRET);
      expect(fs.statSync(target).mode & 0o777).toBe(0o644);
    });

    it("may be written outside any repository", () => {
      const dir = tempDir("pipeline-app-config-");
      const target = path.join(dir, "dev.json");
      const file = writeOutputsFixture(dir, { dev: goodOutputs("dev", { oauth_client_secret: SECRET }) });
      expect(writeAppConfig({ environment: "dev", outputsFile: file, target, includeSecret: true })).toMatchObject({
        written: { oauthClientSecret: SECRET },
      });
    });

    it("must be in the outputs when asked for", () => {
      const dir = tempDir("pipeline-app-config-");
      const target = path.join(dir, "dev.json");
      expect(() =>
        writeAppConfig({
          environment: "dev",
          outputsFile: writeOutputsFixture(dir, { dev: goodOutputs() }),
          target,
          includeSecret: true,
        }),
      ).toThrow(`stack "dev" has no output "oauth_client_secret". Set oauthClient.exposeSecret`);
      expect(fs.existsSync(target)).toBe(false);
    });
  });
});

describe("toAppConfig", () => {
  it("drops the secret unless included", () => {
    const outputs = {
      ...EXPECTED_APP_CONFIG,
      region: "us-east-1" as const,
      deployPhase: "client" as const,
      oauthClientSecret: SECRET,
    };
    expect(toAppConfig(outputs, false)).toEqual(EXPECTED_APP_CONFIG);
    expect(toAppConfig(outputs, true)).toEqual({ ...EXPECTED_APP_CONFIG, oauthClientSecret: SECRET });
  });
});

describe("pipeline CLI", () => {
  it("runs cdktf and terraform with version checks off, so nothing phones home", async () => {
    const project = tempProject({ dev: {} });
    const seen: NodeJS.ProcessEnv[] = [];
    const io: CliIo = {
      env: credentialsEnv(),
      out: () => undefined,
      err: () => undefined,
      interactive: false,
      run: (_command, _args, options) => {
        seen.push(options.env);
        return { status: 1, stdout: "" };
      },
    };
    await main(["synth", "--project-dir", project.dir], io);
    expect(seen).toHaveLength(1);
    expect(seen[0].CHECKPOINT_DISABLE).toBe("1");
  });

  describe("command line mistakes exit 2 with a message, never a stack trace", () => {
    it.each([
      [
        ["launch"],
        `error: unknown command "launch"; commands: synth, environments, diff, deploy, verify, app-config, lint-workflows`,
      ],
      [["deploy"], `error: deploy takes exactly one environment, e.g. "deploy dev"; got none`],
      [["verify", "dev", "prod"], `error: verify takes exactly one environment, e.g. "verify dev"; got dev prod`],
      [["synth", "dev"], "error: synth takes no environment; got dev"],
      [["deploy", "dev", "--force"], "error: deploy: Unknown option '--force'"],
      [
        ["app-config", "dev", "--include-secret=yes"],
        "error: app-config: Option '--include-secret' does not take an argument",
      ],
    ])("%j", async (argv, expected) => {
      const result = await cli(argv, tempProject().dir);
      expect(result.code).toBe(2);
      expect(result.err).toContain(expected);
      expect(result.err).toContain("Run with --help for usage.");
      expect(result.err).not.toMatch(/\n\s+at /);
    });
  });

  it("prints usage", async () => {
    const result = await cli(["--help"], tempProject().dir);
    expect(result.code).toBe(0);
    expect(result.out).toContain("Usage: npm run pipeline:<command> -- [environment] [options]");
    expect((await cli(["deploy", "--help"], tempProject().dir)).out).toContain("--auto-approve");
  });

  it("exits 1 for an unknown environment, with paths relative to where it runs", async () => {
    // This project's own config folder, read only: the check fails before anything else is read.
    const result = await cli(["deploy", "NOT_AN_ENV", "--auto-approve"]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(
      /^error: Unknown environment "NOT_AN_ENV": config has [a-z0-9, -]+\. An environment is a config file: add config\/NOT_AN_ENV\.json to create it\.$/,
    );
  });

  it("lists environments in promotion order, as JSON for the workflow matrix", async () => {
    const project = synthesizedThreeEnvironments();
    expect((await cli(["environments", "--json"], project.dir)).out).toBe(`["dev","test","prod"]`);
    expect((await cli(["environments"], project.dir)).out).toBe("dev\ntest\nprod");
  });

  it("takes the config and output folders from options or from the app's environment variables", async () => {
    const project = synthesizedThreeEnvironments();
    const configDir = path.join(project.dir, "elsewhere");
    fs.renameSync(project.configDir, configDir);
    const outDir = path.join(project.dir, "build");
    fs.renameSync(project.outDir, outDir);

    expect((await cli(["environments"], project.dir)).err).toContain(`${project.configDir}: config folder not found`);
    expect((await cli(["environments", "--config-dir", configDir], project.dir)).code).toBe(0);
    const env = credentialsEnv({ PARTNER_OAUTH_CONFIG_DIR: "elsewhere", CDKTF_OUTDIR: "build" });
    const deployed = await cli(["deploy", "dev", "--auto-approve"], project.dir, env);
    expect(deployed.err).toContain("is stale"); // the config moved, and its digests with it
    expect(deployed.err).toContain("config/dev.json (removed)");
  });

  describe("a file or folder given on the command line that cannot be used exits 1 with a message", () => {
    it("an app config file below a regular file", async () => {
      const project = synthesizedThreeEnvironments();
      fs.mkdirSync(path.join(project.outDir, "outputs"));
      fs.writeFileSync(path.join(project.outDir, "outputs", "dev.json"), JSON.stringify({ dev: goodOutputs() }));
      const target = path.join(project.dir, "main.ts", "dev.json");
      const result = await cli(["app-config", "dev", "--app-config-file", target], project.dir);
      expect(result).toMatchObject({ code: 1, out: "" });
      expect(result.err).toMatch(/^error: EEXIST: file already exists, mkdir '.*main\.ts'$/);
    });

    it("an outputs file that is a folder", async () => {
      const project = synthesizedThreeEnvironments();
      const folder = path.join(project.dir, "outputs");
      fs.mkdirSync(folder);
      const result = await cli(["deploy", "dev", "--auto-approve", "--outputs-file", folder], project.dir);
      expect(result.code).toBe(1);
      expect(result.err).toMatch(
        /^error: Refusing to write outputs to .*outputs: it exists and is not a regular file\./,
      );
    });
  });

  it("lets a bug in the pipeline itself through, stack trace and all", async () => {
    const io: CliIo = {
      env: credentialsEnv(),
      out: () => undefined,
      err: () => undefined,
      interactive: false,
      run: () => {
        throw new TypeError("a bug");
      },
    };
    await expect(main(["synth", "--project-dir", tempProject().dir], io)).rejects.toThrow("a bug");
  });

  it("writes no app config for an environment that was not deployed", async () => {
    const project = synthesizedThreeEnvironments();
    const result = await cli(["app-config", "prod"], project.dir);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`Outputs file ${path.join(project.outDir, "outputs", "prod.json")} not found`);
    expect(fs.existsSync(path.join(project.dir, "app-config", "prod.json"))).toBe(false);
  });
});
