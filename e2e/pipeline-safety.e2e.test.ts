/**
 * What the pipeline does when it is interrupted, raced or fed a config folder entry that is not a
 * file, with real processes: a SIGINT reaches terraform through the pipeline, which waits, cleans
 * up and says what to do; a second deploy of the same environment stops at terraform's state lock; a
 * pipeline killed with SIGKILL does not leave terraform applying alone; a FIFO named
 * like an environment file is refused without being opened. In-process cases: test/pipeline/hostile-pipeline.test.ts.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { captureBuildInfo, writeBuildInfo } from "../commands/pipeline/build-info";
import { PROJECT_ROOT } from "../sandbox/emulator/start";
import { plain, run, type Running, start as startProcess } from "./support/run";

/** The pipeline as npm runs it (package.json: node scripts/run-bundled.js commands/pipeline/cli.ts <command>). */
const PIPELINE = [join(PROJECT_ROOT, "scripts", "run-bundled.js"), "commands/pipeline/cli.ts"];
let root: string;

/** A project whose dev stack needs no provider: one terraform_data whose creation takes 30 s. */
function slowProject(): { dir: string; args: string[] } {
  const dir = mkdtempSync(join(root, "project-"));
  const configDir = join(dir, "config");
  const outDir = join(dir, "cdktf.out");
  mkdirSync(configDir);
  writeFileSync(
    join(configDir, "dev.json"),
    JSON.stringify({ region: "us-east-1", organization: { name: "Acme" }, oauthClient: { name: "P" } }),
  );
  writeFileSync(join(dir, "main.ts"), "// app\n");
  mkdirSync(join(outDir, "stacks", "dev"), { recursive: true });
  writeFileSync(
    join(outDir, "stacks", "dev", "cdk.tf.json"),
    JSON.stringify({
      terraform: { backend: { local: { path: join(dir, "terraform.dev.tfstate") } } },
      resource: { terraform_data: { slow: { provisioner: [{ "local-exec": { command: "sleep 30" } }] } } },
    }),
  );
  writeFileSync(
    join(outDir, "manifest.json"),
    JSON.stringify({ version: "0.21.0", stacks: { dev: { name: "dev", workingDirectory: "stacks/dev" } } }),
  );
  writeBuildInfo(outDir, captureBuildInfo(dir, configDir));
  return { dir, args: ["--project-dir", dir, "--config-dir", configDir, "--output", outDir] };
}

function env(dir: string): NodeJS.ProcessEnv {
  writeFileSync(join(dir, "terraformrc"), "");
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_CLI_CONFIG_FILE: join(dir, "terraformrc"),
    NO_COLOR: "1",
    GENESYSCLOUD_OAUTHCLIENT_ID: "fake-id",
    GENESYSCLOUD_OAUTHCLIENT_SECRET: "fake-secret",
  };
}

function start(args: string[], environment: NodeJS.ProcessEnv): Running {
  return startProcess(process.execPath, [...PIPELINE, ...args], environment);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "gc-e2e-safety-"));
});

afterAll(() => {
  if (process.env.E2E_KEEP !== "1") rmSync(root, { recursive: true, force: true });
});

test("SIGINT during apply reaches terraform; a second deploy meanwhile stops at terraform's state lock", async () => {
  const project = slowProject();
  const environment = env(project.dir);
  const first = start(["deploy", "dev", "--auto-approve", ...project.args], environment);
  await first.waitFor("Provisioning with 'local-exec'", 40_000);

  const second = run(
    "pipeline deploy (second)",
    process.execPath,
    [...PIPELINE, "deploy", "dev", "--auto-approve", ...project.args],
    environment,
  );
  expect(second.code).toBe(1);
  const secondLines = plain(second.stderr).trim().split("\n");
  expect(secondLines[secondLines.length - 1]).toMatch(
    /^error: The state of "dev" is locked by another terraform run \(held by \S+ since .+\); terraform plan did not start\. /,
  );

  const interrupted = Date.now();
  first.child.kill("SIGINT");
  const code = await first.exit();
  expect(Date.now() - interrupted).toBeLessThan(25_000);
  expect(code).toBe(130);
  // terraform got the interrupt (from the pipeline: it runs in its own process group).
  expect(first.output()).toContain("Interrupt received");
  const lines = first.output().trim().split("\n");
  expect(lines[lines.length - 1]).toMatch(
    /^error: Interrupted \(SIGINT\): terraform apply of "dev" was stopped; part of the plan may be applied .* Run "npm run pipeline:diff -- dev --project-dir \S+ --config-dir \S+ --output \S+" to see what is left/,
  );
  const stackDir = join(project.dir, "cdktf.out", "stacks", "dev");
  expect(
    readdirSync(stackDir).filter((entry) => entry.startsWith(".pipeline") || entry.startsWith(".terraform")),
  ).toEqual([]);
  // No terraform left running in that folder (the state lock would be held).
  expect(existsSync(join(project.dir, ".terraform.dev.tfstate.lock.info"))).toBe(false);
});

test("a pipeline killed with SIGKILL during apply does not leave terraform applying alone", async () => {
  const project = slowProject();
  const first = start(["deploy", "dev", "--auto-approve", ...project.args], env(project.dir));
  await first.waitFor("Provisioning with 'local-exec'", 40_000);
  const lockInfo = join(project.dir, ".terraform.dev.tfstate.lock.info");
  expect(existsSync(lockInfo)).toBe(true);
  const killed = Date.now();
  first.child.kill("SIGKILL");
  await first.exit();
  // The watchdog saw its stdin end and interrupted terraform, which stopped and released the state lock
  // well before the 30 s provisioner would have ended.
  while (existsSync(lockInfo) && Date.now() - killed < 25_000) await new Promise((done) => setTimeout(done, 200));
  expect(existsSync(lockInfo)).toBe(false);
  expect(Date.now() - killed).toBeLessThan(25_000);
  // The state is private: terraform wrote it under umask 077.
  expect(statSync(join(project.dir, "terraform.dev.tfstate")).mode & 0o777).toBe(0o600);
});

describe("Ctrl-C during synthesis prints one line, never cdktf's AbortError", () => {
  const interrupted = async (command: string, args: string[]) => {
    const outDir = mkdtempSync(join(root, "synth-out-"));
    const child = spawn(command, [...args, "--output", outDir], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CHECKPOINT_DISABLE: "1", NO_COLOR: "1" },
      // Its own process group, like a command started from a terminal: Ctrl-C signals the whole group.
      detached: true,
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    const started = Date.now();
    while (!plain(output).includes("Synthesizing") && Date.now() - started < 40_000 && child.exitCode === null) {
      await new Promise((done) => setTimeout(done, 50));
    }
    process.kill(-child.pid!, "SIGINT");
    const code = await exited;
    return { code, output: plain(output), outDir };
  };

  test("npm run synth (scripts/cdktf.js)", async () => {
    const { code, output } = await interrupted(process.execPath, [join(PROJECT_ROOT, "scripts", "cdktf.js"), "synth"]);
    expect(code).toBe(130);
    expect(output).not.toContain("AbortError");
    expect(output.trim().split("\n").pop()).toBe(
      "Interrupted (SIGINT): cdktf synth was stopped; nothing was deployed; run it again.",
    );
  });

  test("npm run pipeline:synth", async () => {
    const { code, output, outDir } = await interrupted(process.execPath, [...PIPELINE, "synth"]);
    expect(code).toBe(130);
    expect(output).not.toContain("AbortError");
    expect(output).not.toMatch(/\n\s+at /);
    expect(output.trim().split("\n").pop()).toMatch(
      /^error: Interrupted \(SIGINT\): cdktf synth was stopped; nothing was recorded in build-info\.json, so nothing deploys from /,
    );
    expect(existsSync(join(outDir, "build-info.json"))).toBe(false);
  });
});

test("a FIFO named like an environment file is refused without being opened (no hang)", () => {
  const configDir = mkdtempSync(join(root, "config-"));
  writeFileSync(
    join(configDir, "dev.json"),
    JSON.stringify({ region: "us-east-1", organization: { name: "Acme" }, oauthClient: { name: "P" } }),
  );
  execFileSync("mkfifo", [join(configDir, "qa.json")]);
  const result = run("app synth (FIFO)", process.execPath, [join(PROJECT_ROOT, "scripts", "app.js")], {
    PATH: process.env.PATH,
    PARTNER_OAUTH_CONFIG_DIR: configDir,
    CDKTF_OUTDIR: join(root, "fifo-out"),
  });
  expect(result.code).toBe(1);
  expect(result.stderr).toContain("qa.json: is a named pipe (FIFO); an environment file must be a regular file");
  expect(result.stderr).not.toMatch(/\n\s+at /);
});
