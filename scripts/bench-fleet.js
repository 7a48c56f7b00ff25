#!/usr/bin/env node
// Benchmark of the fleet (docs/fleet.md): (a) synthesis of BENCH_FLEET_STACKS (default 200) customer stacks,
// generated into a temp config folder in the environment format; (b) `fleet plan` of all of them against the local
// provider emulator, after deploying them there, BENCH_FLEET_CONCURRENCY (default 4) at a time.
// Prints figures only.
// All generated stacks deploy into one emulated org with one deployer (one emulator process serves them all, each
// stack given the same credentials as its own *__<STACK> variables): the figure is the fleet's and terraform's cost.
"use strict";
const { spawn, spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.resolve(__dirname, "..");
const count = Number(process.env.BENCH_FLEET_STACKS || 200);
const concurrency = Number(process.env.BENCH_FLEET_CONCURRENCY || 4);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "partner-oauth-bench-fleet-"));
const configDir = path.join(scratch, "config");
const outDir = path.join(scratch, "cdktf.out");
const names = Array.from({ length: count }, (_, i) => `customer-${String(i).padStart(3, "0")}`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function timed(label, command, args, env = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env },
    maxBuffer: 256 << 20,
  });
  const ms = Date.now() - started;
  if (result.status !== 0 && !(label === "fleet plan" && result.status === 1)) {
    throw new Error(`${label} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return { ms, stdout: result.stdout };
}

function generateConfigs() {
  fs.mkdirSync(configDir, { recursive: true });
  fs.mkdirSync(path.join(scratch, "state"));
  for (const name of names) {
    const customer = {
      region: "us-east-1",
      // The emulator fixture's org whose deployer holds "Developer": each client is declared at once (phase "client").
      organization: { name: "Acme Partner Dev" },
      oauthClient: { name: `Partner (${name})`, roles: [{ name: "Developer", division: "*" }] },
      backend: { type: "local", path: path.join(scratch, "state", `${name}.tfstate`), allowOutsideProject: true },
    };
    fs.writeFileSync(path.join(configDir, `${name}.json`), JSON.stringify(customer));
  }
}

/** The emulator CLI, started for the fixture's dev deployer; resolves with its process and terraform env. */
function startEmulator() {
  const fixture = JSON.parse(fs.readFileSync(path.join(root, "sandbox", "emulator", "fixtures", "default.json")));
  const deployer = fixture.orgs.find((o) => o.name === "Acme Partner Dev").oauthClients[0];
  const child = spawn(
    process.execPath,
    [
      path.join(root, "node_modules", "ts-node", "dist", "bin.js"),
      "--transpile-only",
      "sandbox/cli.ts",
      "emulator",
      "--world",
      path.join(scratch, "world.json"),
      "--client",
      deployer.id,
      "--config-dir",
      path.join(scratch, "no-config"),
    ],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    child.once("exit", (code) => reject(new Error(`the emulator exited (code ${code}) before it was ready`)));
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const reattach = /^export TF_REATTACH_PROVIDERS='(.*)'$/m.exec(out);
      if (reattach) {
        child.removeAllListeners("exit");
        resolve({
          child,
          env: {
            GENESYSCLOUD_OAUTHCLIENT_ID: deployer.id,
            GENESYSCLOUD_OAUTHCLIENT_SECRET: deployer.secret,
            TF_REATTACH_PROVIDERS: reattach[1],
          },
        });
      }
    });
  });
}

function terraform(dir, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", [`-chdir=${dir}`, ...args], { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`terraform ${args[0]} in ${dir}:\n${stderr}`)),
    );
  });
}

async function deployAll(env) {
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const dir = path.join(outDir, "stacks", names[next++]);
      await terraform(dir, ["init", "-input=false"], env);
      await terraform(dir, ["apply", "-auto-approve", "-input=false"], env);
    }
  };
  await Promise.all(Array.from({ length: os.cpus().length }, worker));
}

async function main() {
  const lines = [`fleet benchmark (${os.cpus().length} cores, node ${process.version}, ${count} customer stacks)`];
  generateConfigs();
  const common = { PARTNER_OAUTH_CONFIG_DIR: configDir, CDKTF_OUTDIR: outDir };
  timed("app warm-up", "node", ["scripts/app.js"], { ...common, CDKTF_OUTDIR: path.join(scratch, "warm-up") });
  const app = timed("app synth", "node", ["scripts/app.js"], common);
  fs.rmSync(outDir, { recursive: true, force: true });
  const synth = timed("pipeline synth", "node", [
    "scripts/run-bundled.js",
    "commands/pipeline/cli.ts",
    "synth",
    "--config-dir",
    configDir,
    "--output",
    outDir,
  ]);
  lines.push(`  (a) synth of ${count} customer stacks, app alone (node scripts/app.js):   ${seconds(app.ms)}`);
  lines.push(`      synth of ${count} customer stacks, npm run pipeline:synth (cdktf CLI): ${seconds(synth.ms)}`);

  const emulator = await startEmulator();
  try {
    const base = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
    fs.writeFileSync(path.join(scratch, "terraformrc"), "");
    base.TF_CLI_CONFIG_FILE = path.join(scratch, "terraformrc");
    for (const name of Object.keys(base)) if (name.startsWith("GENESYSCLOUD_")) delete base[name];
    const deployStarted = Date.now();
    await deployAll({ ...base, ...emulator.env });
    const deployMs = Date.now() - deployStarted;
    const perStack = Object.fromEntries(
      names.flatMap((name) => {
        const key = name.toUpperCase().replace(/[^A-Z0-9]/g, "_");
        return Object.entries(emulator.env).map(([variable, value]) => [`${variable}__${key}`, value]);
      }),
    );
    timed("fleet warm-up", "node", ["scripts/run-bundled.js", "commands/fleet/cli.ts", "--help"]);
    const plan = timed(
      "fleet plan",
      "node",
      [
        "scripts/run-bundled.js",
        "commands/fleet/cli.ts",
        "plan",
        "--json",
        "--concurrency",
        String(concurrency),
        "--output",
        outDir,
        "--config-dir",
        configDir,
      ],
      { ...base, ...perStack },
    );
    const report = JSON.parse(plan.stdout);
    const clean = report.stacks.filter((s) => s.drift === "no").length;
    lines.push(
      `  setup: init + apply of ${count} stacks against the emulator, ${os.cpus().length} at a time: ${seconds(deployMs)}`,
    );
    lines.push(
      `  (b) fleet plan of ${count} stacks against the emulator, --concurrency ${concurrency}: ${seconds(plan.ms)} ` +
        `(${(plan.ms / count).toFixed(0)} ms per stack; ${clean} of ${report.stacks.length} without drift)`,
    );
  } finally {
    const exited = new Promise((resolve) => emulator.child.once("exit", resolve));
    emulator.child.kill("SIGTERM");
    await exited;
  }

  process.stdout.write(`${lines.join("\n")}\n`);
}

main()
  .catch((error) => {
    process.stderr.write(`bench-fleet: ${error.message}\n`);
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(scratch, { recursive: true, force: true }));
