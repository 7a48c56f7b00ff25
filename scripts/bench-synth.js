#!/usr/bin/env node
// Benchmark of the `app` command that cdktf runs on every synth/diff/deploy. Prints figures only;
// goals (issue "Build the CDKTF project"): warm app ≤ 0.15× the cdktf init default (`npx ts-node
// main.ts`) on the same three stacks, and ≤ 5 ms per additional stack at 200 environments.
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.resolve(__dirname, "..");
const runs = Number(process.env.BENCH_RUNS || 5);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "partner-oauth-bench-"));

function timeOnce(command, args, configDir) {
  const outdir = fs.mkdtempSync(path.join(scratch, "out-"));
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1", CDKTF_OUTDIR: outdir, PARTNER_OAUTH_CONFIG_DIR: configDir },
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}`);
  fs.rmSync(outdir, { recursive: true, force: true });
  return ms;
}

function median(command, args, configDir, count = runs) {
  const times = Array.from({ length: count }, () => timeOnce(command, args, configDir)).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function generatedConfigDir(count) {
  const dir = fs.mkdtempSync(path.join(scratch, `config-${count}-`));
  for (let i = 0; i < count; i++) {
    const name = `env-${String(i).padStart(3, "0")}`;
    const environment = {
      region: "us-east-1",
      organization: { name: `Acme ${name}` },
      oauthClient: { name: `Partner (${name})`, roles: [{ name: "Developer", division: "*" }] },
    };
    fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(environment));
  }
  return dir;
}

const configDir = path.join(root, "config");
const app = ["node", [path.join(root, "scripts", "app.js")]];
const tsNode = ["npx", ["ts-node", "main.ts"]];

timeOnce(...app, configDir); // builds the bundle once, as the first synth after an edit does
const cold = (() => {
  fs.rmSync(path.join(root, ".cache", "app"), { recursive: true, force: true });
  return timeOnce(...app, configDir);
})();
const warm = median(...app, configDir);
const baseline = median(...tsNode, configDir, Math.min(runs, 3));

const one = generatedConfigDir(1);
const many = generatedConfigDir(200);
const warmOne = median(...app, one);
const warmMany = median(...app, many);
const perStack = (warmMany - warmOne) / 199;

const ratio = warm / baseline;
const verdict = (ok) => (ok ? "met" : "MISSED");
const lines = [
  `app command benchmark (${runs} runs each, median wall time, ${os.cpus().length} cores, node ${process.version})`,
  `  npx ts-node main.ts, 3 stacks (cdktf init default): ${baseline.toFixed(0)} ms`,
  `  node scripts/app.js, 3 stacks, warm bundle:         ${warm.toFixed(0)} ms  -> ${ratio.toFixed(3)}x the default (goal <= 0.15x: ${verdict(ratio <= 0.15)})`,
  `  node scripts/app.js, 3 stacks, after a source edit:  ${cold.toFixed(0)} ms (rebuilds the bundle once)`,
  `  node scripts/app.js, 1 generated environment:        ${warmOne.toFixed(0)} ms`,
  `  node scripts/app.js, 200 generated environments:     ${warmMany.toFixed(0)} ms  -> ${perStack.toFixed(2)} ms per additional stack (goal <= 5 ms: ${verdict(perStack <= 5)})`,
];
process.stdout.write(`${lines.join("\n")}\n`);
fs.rmSync(scratch, { recursive: true, force: true });
