import childProcess = require("child_process");
import * as fs from "fs";
import * as path from "path";
import { captureBuildInfo, writeBuildInfo } from "../../commands/pipeline/build-info";
import { CliIo, main } from "../../commands/pipeline/cli";
import { PipelineContext } from "../../commands/pipeline/context";
import { DeployOptions } from "../../commands/pipeline/deploy";
import { createRunner, Runner, RunOptions } from "../../commands/core/run";
import { minimalEnvironment, tempDir as makeTempDir } from "../support/config-dir";

const created: string[] = [];

/** A fresh temp folder, removed after the test file that asked for it. */
export function tempDir(prefix: string): string {
  const dir = makeTempDir(prefix);
  created.push(dir);
  return dir;
}

// Registered when a test file imports this module, so it runs after that file's tests.
afterAll(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

export const ORG_ID = "7c2f4b1e-9a3d-4e8f-b6a1-2d5c8e9f0a1b";
export const CLIENT_ID = "0b7e5a9c-1d2e-4f3a-8b6c-9d0e1f2a3b4c";
export const SECRET = "s3cr3t-value-never-printed";

export const ROLE_ID = "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a";

/** Outputs of a healthy `dev` stack in us-east-1 in deploy phase "client", as cdktf writes them to an outputs file. */
export function goodOutputs(stack = "dev", extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    organization_id: ORG_ID,
    organization_name: `Acme ${stack}`,
    region: "us-east-1",
    api_base_url: "https://api.mypurecloud.com",
    login_base_url: "https://login.mypurecloud.com",
    deploy_phase: "client",
    bot_session_role_id: ROLE_ID,
    bot_session_role_name: `Partner (${stack}) bot sessions`,
    oauth_client_id: CLIENT_ID,
    ...extra,
  };
}

/** The same stack in deploy phase "role": the role exists, the client does not yet. */
export function roleOutputs(stack = "dev"): Record<string, unknown> {
  const { oauth_client_id: _client, ...outputs } = goodOutputs(stack, { deploy_phase: "role" });
  return outputs;
}

/**
 * A config file in deploy phase "client" (the deployer holds the bot-session role) unless the
 * overrides say otherwise; `oauthClient` overrides are merged.
 */
function withClientPhase(base: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    ...base,
    ...overrides,
    oauthClient: {
      ...(base.oauthClient as object),
      botSessionRole: { heldByDeployer: true },
      ...((overrides.oauthClient as object) ?? {}),
    },
  };
}

export interface TempProject {
  readonly dir: string;
  readonly configDir: string;
  readonly outDir: string;
  /** Lines the commands logged. */
  readonly log: string[];
  context(env?: NodeJS.ProcessEnv): PipelineContext;
}

/**
 * A throwaway project: config/<env>.json per entry (minimal valid configs with `overrides` spread
 * over them), a few source files, optionally a git repository with one commit.
 */
export function tempProject(
  environments: Record<string, Record<string, unknown>> = { dev: {} },
  options: { git?: boolean } = {},
): TempProject {
  const dir = tempDir("pipeline-project-");
  const configDir = path.join(dir, "config");
  fs.mkdirSync(configDir);
  for (const [name, overrides] of Object.entries(environments)) {
    fs.writeFileSync(
      path.join(configDir, `${name}.json`),
      JSON.stringify(withClientPhase(minimalEnvironment(name), overrides), null, 2),
    );
  }
  fs.mkdirSync(path.join(dir, "lib"));
  fs.writeFileSync(path.join(dir, "main.ts"), "// app\n");
  fs.writeFileSync(path.join(dir, "lib", "stack.ts"), "// stack\n");
  fs.writeFileSync(path.join(dir, ".gitignore"), "cdktf.out/\napp-config/*.json\n*.tfstate\n");
  if (options.git) {
    git(dir, "init", "--quiet");
    commitAll(dir, "initial");
  }
  const log: string[] = [];
  const outDir = path.join(dir, "cdktf.out");
  return {
    dir,
    configDir,
    outDir,
    log,
    context: (env = credentialsEnv()) => ({
      projectDir: dir,
      configDir,
      outDir,
      env,
      run: createRunner("quiet"),
      log: (line) => log.push(line),
    }),
  };
}

/** PATH and HOME only, plus fake provider credentials: nothing of the real environment leaks in. */
export function credentialsEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    GENESYSCLOUD_OAUTHCLIENT_ID: "fake-id",
    GENESYSCLOUD_OAUTHCLIENT_SECRET: "fake-secret",
    ...extra,
  };
}

export function git(dir: string, ...args: string[]): string {
  const result = childProcess.spawnSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", ...args], {
    cwd: dir,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout.trim();
}

/**
 * Runs `action` as on a machine without git: spawning it fails with ENOENT. (Changing PATH would not
 * do: jest gives tests a copy of process.env, and child_process reads the real one.)
 */
export function withoutGit<T>(action: () => T): T {
  const real = childProcess.spawnSync;
  const missing = path.join(tempDir("pipeline-no-git-"), "git");
  const spy = jest
    .spyOn(childProcess, "spawnSync")
    .mockImplementation(((command: string, args: readonly string[], options: childProcess.SpawnSyncOptions) =>
      real(command === "git" ? missing : command, args, options)) as typeof real);
  try {
    return action();
  } finally {
    spy.mockRestore();
  }
}

export function commitAll(dir: string, message: string): void {
  git(dir, "add", "-A");
  git(dir, "commit", "--quiet", "--allow-empty", "-m", message);
}

/**
 * A stack that needs no provider: its outputs are literals, its state a local file in the project.
 * Real terraform can init, plan and apply it offline.
 */
export function literalStack(
  project: TempProject,
  name: string,
  outputs: Record<string, unknown>,
  sensitive: readonly string[] = [],
): Record<string, unknown> {
  return {
    "//": {
      metadata: { backend: "local", stackName: name, version: "0.21.0" },
      outputs: { [name]: Object.fromEntries(Object.keys(outputs).map((key) => [key, key])) },
    },
    terraform: { backend: { local: { path: path.join(project.dir, `terraform.${name}.tfstate`) } } },
    output: Object.fromEntries(
      Object.entries(outputs).map(([key, value]) => [
        key,
        sensitive.includes(key) ? { value, sensitive: true } : { value },
      ]),
    ),
  };
}

/**
 * What `pipeline:synth` leaves behind, without running cdktf: manifest, one folder per stack and
 * build-info.json describing the project as it is now.
 */
export function fakeSynth(project: TempProject, stacks: Record<string, Record<string, unknown>>): void {
  writeSynthOutput(project.outDir, stacks);
  writeBuildInfo(project.outDir, captureBuildInfo(project.dir, project.configDir));
}

export function writeSynthOutput(outDir: string, stacks: Record<string, Record<string, unknown>>): void {
  const manifest: Record<string, unknown> = {};
  for (const [name, content] of Object.entries(stacks)) {
    fs.mkdirSync(path.join(outDir, "stacks", name), { recursive: true });
    fs.writeFileSync(path.join(outDir, "stacks", name, "cdk.tf.json"), JSON.stringify(content, null, 2));
    manifest[name] = { name, workingDirectory: `stacks/${name}`, synthesizedStackPath: `stacks/${name}/cdk.tf.json` };
  }
  fs.writeFileSync(
    path.join(outDir, "manifest.json"),
    JSON.stringify({ version: "0.21.0", stacks: manifest }, null, 2),
  );
}

export function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

/**
 * A synthesized project with dev and prod stacks whose outputs are literals, so real terraform can
 * deploy them offline. `secret` adds a sensitive oauth_client_secret output to dev.
 */
export function synthesizedProject(options: { git?: boolean; secret?: boolean } = {}): TempProject {
  const project = tempProject({ dev: {}, prod: {} }, { git: options.git });
  const devOutputs = options.secret ? goodOutputs("dev", { oauth_client_secret: SECRET }) : goodOutputs();
  fakeSynth(project, {
    dev: literalStack(project, "dev", devOutputs, ["oauth_client_secret"]),
    prod: literalStack(project, "prod", goodOutputs("prod")),
  });
  return project;
}

/** Deploys dev without asking, its outputs (no sensitive ones) to cdktf.out/outputs/dev.json, unless overridden. */
export function deployOptions(project: TempProject, overrides: Partial<DeployOptions> = {}): DeployOptions {
  return {
    environment: "dev",
    autoApprove: true,
    outputsFile: path.join(project.outDir, "outputs", "dev.json"),
    includeSensitiveOutputs: false,
    ...overrides,
  };
}

/** A synthesized project with environments dev, test and prod, promoted in that order. */
export function synthesizedThreeEnvironments(): TempProject {
  const project = tempProject({ dev: { promotionOrder: 1 }, prod: { promotionOrder: 3 }, test: { promotionOrder: 2 } });
  fakeSynth(
    project,
    Object.fromEntries(["dev", "test", "prod"].map((name) => [name, literalStack(project, name, goodOutputs(name))])),
  );
  return project;
}

/** What a pipeline CLI run printed, and its exit code. */
export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs the pipeline CLI in-process on the project `projectDir` (absolute paths then show in messages). */
export async function cli(
  argv: string[],
  projectDir?: string,
  env: NodeJS.ProcessEnv = credentialsEnv(),
): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    env,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    interactive: false,
    run: createRunner("quiet"),
  };
  const code = await main(projectDir ? [...argv, "--project-dir", projectDir] : argv, io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** Stands in for `cdktf synth`: writes the given stacks where it was told to. */
export function fakeCdktf(
  project: TempProject,
  stacks: string[],
  status = 0,
): { run: Runner; calls: { command: string; args: readonly string[]; options: RunOptions }[] } {
  const calls: { command: string; args: readonly string[]; options: RunOptions }[] = [];
  const run: Runner = (command, args, options) => {
    calls.push({ command, args, options });
    if (status === 0)
      writeSynthOutput(
        args[2],
        Object.fromEntries(stacks.map((name) => [name, literalStack(project, name, goodOutputs(name))])),
      );
    return { status, stdout: "" };
  };
  return { run, calls };
}

/** Writes `content` (JSON, or a string as is) to outputs.json in `dir`, as a cdktf outputs file. */
export function writeOutputsFile(dir: string, content: unknown): string {
  const file = path.join(dir, "outputs.json");
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

/** The app config written from goodOutputs() (no secret). */
export const EXPECTED_APP_CONFIG = {
  organizationId: ORG_ID,
  organizationName: "Acme dev",
  region: "us-east-1",
  apiBaseUrl: "https://api.mypurecloud.com",
  loginBaseUrl: "https://login.mypurecloud.com",
  oauthClientId: CLIENT_ID,
};

export const PINNED_CHECKOUT = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2";

/** A temp project folder with .github/workflows holding the given files. */
export function workflowsDir(files: Record<string, string>): string {
  const dir = path.join(tempDir("pipeline-workflows-"), ".github", "workflows");
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

/** A workflow with three problems: an unknown event, a `needs` on a missing job, an unknown expression context. */
export const BROKEN_WORKFLOW = `name: Broken
on: pushh
jobs:
  deploy:
    runs-on: ubuntu-latest
    needs: biuld
    steps:
      - uses: ${PINNED_CHECKOUT}
        with:
          persist-credentials: false
      - run: echo "\${{ github.nope }}"
`;
