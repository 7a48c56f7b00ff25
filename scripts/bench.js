#!/usr/bin/env node
// `npm run bench [-- lines|test|synth|fleet ...]`: the project's benchmarks, all of them or those named. Prints
// figures only, each goal beside its figure; nothing here passes or fails a build. BENCH_RUNS (default 5) sets how
// many times a timed command runs (the median is shown: a shared machine's load moves single figures a lot).
"use strict";
const { spawn, spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.resolve(__dirname, "..");
const runs = Number(process.env.BENCH_RUNS || 5);
const cores = os.cpus().length;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const print = (lines) => process.stdout.write(`${lines.join("\n")}\n`);

/**
 * Runs a command in the project; its wall time in ms and its output. Throws unless its exit status is allowed.
 * No benchmark hands the caller's Genesys credentials on: the only deployer is the emulator's.
 */
function timed(command, args, env = {}, allowed = [0]) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd: root,
    encoding: "utf8",
    env: { ...withoutGenesysCredentials(process.env), CHECKPOINT_DISABLE: "1", ...env },
    maxBuffer: 256 << 20,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (!allowed.includes(result.status)) {
    throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return { ms, stdout: result.stdout, output: `${result.stdout}\n${result.stderr}` };
}

/** Writes one config file per name, in the environment format, into a new folder under `parent`. */
function generatedConfigDir(parent, names, config) {
  const dir = fs.mkdtempSync(path.join(parent, "config-"));
  for (const name of names) fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(config(name)));
  return dir;
}

const numbered = (prefix, count) => Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(3, "0")}`);

/** Lines of the tracked .ts/.js files per top folder, now and at BASELINE, read from git. */
function lines() {
  // The last commit before the folders were reorganised: scripts/ and tools/ then held the commands and the sandbox.
  const BASELINE = "432ea10afc6fe1c6a1ee50ec397075440a698808";
  const PRODUCT_AND_TESTS = new Set(["lib", "test", "e2e"]);
  const COMMENT = /^(\/\/|\/\*|\*)/;
  const git = (args, input) => {
    const result = spawnSync("git", args, { cwd: root, input, maxBuffer: 256 << 20 });
    return result.status === 0 ? result.stdout : undefined;
  };
  // The texts of `files` at `rev`, read in one `git cat-file --batch`.
  const textsAt = (rev, files) => {
    const out = git(["cat-file", "--batch"], files.map((file) => `${rev}:${file}\n`).join(""));
    const texts = [];
    for (let at = 0; texts.length < files.length;) {
      const headerEnd = out.indexOf(10, at);
      const size = Number(out.subarray(at, headerEnd).toString().split(" ")[2]);
      texts.push(out.subarray(headerEnd + 1, headerEnd + 1 + size).toString("utf8"));
      at = headerEnd + 1 + size + 1;
    }
    return texts;
  };
  // { folder: { lines, code } } for the tracked sources at `rev`, or in the working tree without one.
  const count = (rev) => {
    const listing = rev ? git(["ls-tree", "-r", "--name-only", rev]) : git(["ls-files"]);
    if (listing === undefined) return undefined;
    const sources = listing
      .toString()
      .split("\n")
      .filter((file) => /\.(ts|js)$/.test(file) && file.includes("/"));
    const texts = rev ? textsAt(rev, sources) : sources.map((file) => fs.readFileSync(path.join(root, file), "utf8"));
    const folders = {};
    sources.forEach((file, i) => {
      const fileLines = texts[i].split("\n").slice(0, -1);
      const entry = (folders[file.split("/")[0]] ??= { lines: 0, code: 0 });
      entry.lines += fileLines.length;
      entry.code += fileLines.filter((line) => line.trim() !== "" && !COMMENT.test(line.trim())).length;
    });
    return folders;
  };
  const outside = (folders) =>
    Object.entries(folders)
      .filter(([folder]) => !PRODUCT_AND_TESTS.has(folder))
      .reduce((sum, [, n]) => ({ lines: sum.lines + n.lines, code: sum.code + n.code }), { lines: 0, code: 0 });
  const row = (label, n) =>
    `  ${label.padEnd(34)}${n ? `${String(n.lines).padStart(7)} lines ${String(n.code).padStart(7)} code` : "  (not in this clone's history)"}`;

  const [now, before] = [count(), count(BASELINE)];
  const out = [`lines of code (tracked .ts/.js files; code: without blank and comment-only lines)`, `  now:`];
  for (const [folder, n] of Object.entries(now).sort()) out.push(row(`  ${folder}/`, n));
  if (before) {
    out.push(`  before (${BASELINE.slice(0, 7)}, before the folder moves):`);
    for (const [folder, n] of Object.entries(before).sort()) out.push(row(`  ${folder}/`, n));
  }
  const [nowOutside, beforeOutside] = [outside(now), before && outside(before)];
  out.push(row("outside lib/ and the tests, now", nowOutside));
  if (beforeOutside) {
    out.push(row("outside lib/ and the tests, before", beforeOutside));
    const change = (key) => `${(((nowOutside[key] - beforeOutside[key]) / beforeOutside[key]) * 100).toFixed(0)}%`;
    const met = nowOutside.lines <= (beforeOutside.lines * 2) / 3;
    out.push(
      `  change: ${change("lines")} lines, ${change("code")} code (goal: at most -33%: ${met ? "met" : "NOT met"})`,
    );
  }
  print(out);
}

/** The inner loop: `npm test` against one type check, in the same run, after one warm-up (caches filled). */
function test() {
  const GOAL = 4;
  const fmt = (ms) => `${Math.round(ms)} ms`.padStart(9);
  const npmTest = ["npm", ["test", "--silent"], { CI: "true" }];
  const tsc = ["npx", ["tsc", "--noEmit", "-p", "."], { CI: "true" }];
  process.stdout.write(`warm-up: npm test (fills the jest, prettier and tsc caches) ...\n`);
  timed(...npmTest);

  // The phases of npm test, each run alone once (scripts/test.js runs them in this order).
  const phases = [
    ["bindings check (scripts/ensure-bindings.js)", "node", ["scripts/ensure-bindings.js"]],
    ["type check (tsc --noEmit -p .)", "node_modules/.bin/tsc", ["--noEmit", "-p", "."]],
    ["format check (prettier --check --cache)", "npm", ["run", "--silent", "lint"]],
    ["unit tests (jest, in-process only)", "node_modules/.bin/jest", ["--silent"]],
  ];
  process.stdout.write(`npm test phases (each alone, once):\n`);
  for (const [label, command, args] of phases) {
    const { ms, output } = timed(command, args, { CI: "true" });
    const tests = /Tests:\s+(\d+) passed/.exec(output);
    process.stdout.write(`  ${label.padEnd(46)}${fmt(ms)}${tests ? `  (${tests[1]} tests)` : ""}\n`);
  }

  // Interleaved, so that a load spike on a shared machine hits both sides alike.
  const [tscTimes, testTimes] = [[], []];
  let phaseLine = "";
  for (let i = 0; i < runs; i++) {
    tscTimes.push(timed(...tsc).ms);
    const { ms, output } = timed(...npmTest);
    testTimes.push(ms);
    phaseLine = /^npm test: .*$/m.exec(output)?.[0] ?? phaseLine;
  }
  const samples = (times) => times.map((ms) => (ms / 1000).toFixed(1)).join(", ");
  const [tscMs, testMs] = [median(tscTimes), median(testTimes)];
  const ratio = testMs / tscMs;
  print([
    `npx tsc --noEmit -p .   median of ${runs}:${fmt(tscMs)}  (samples, s: ${samples(tscTimes)})`,
    `npm test                median of ${runs}:${fmt(testMs)}  (samples, s: ${samples(testTimes)})`,
    `  last run, as npm test prints it (type and format check run alongside the unit tests): ${phaseLine.replace(/^npm test: /, "")}`,
    `npm test / tsc: ${ratio.toFixed(1)}x (goal <= ${GOAL}x: ${ratio <= GOAL ? "met" : "NOT met"})`,
  ]);
}

/**
 * The `app` command cdktf runs on every synth/diff/deploy. Goals: warm app at most 0.15x the cdktf init default
 * (`npx ts-node main.ts`) on the shipped stacks, and at most 5 ms per additional stack at 200 environments.
 */
function synth(scratch) {
  const appMs = (command, args, configDir) =>
    timed(command, args, {
      CDKTF_OUTDIR: fs.mkdtempSync(path.join(scratch, "out-")),
      PARTNER_OAUTH_CONFIG_DIR: configDir,
    }).ms;
  const medianMs = (command, args, configDir, count = runs) =>
    median(Array.from({ length: count }, () => appMs(command, args, configDir)));
  const configDir = path.join(root, "config");
  const app = ["node", [path.join(root, "scripts", "app.js")]];

  appMs(...app, configDir); // builds the bundle once, as the first synth after an edit does
  fs.rmSync(path.join(root, ".cache", "app"), { recursive: true, force: true });
  const cold = appMs(...app, configDir);
  const warm = medianMs(...app, configDir);
  const baseline = medianMs("npx", ["ts-node", "main.ts"], configDir, Math.min(runs, 3));
  const environment = (name) => ({
    region: "us-east-1",
    organization: { name: `Acme ${name}` },
    oauthClient: { name: `Partner (${name})`, roles: [{ name: "Developer", division: "*" }] },
  });
  const warmOne = medianMs(...app, generatedConfigDir(scratch, numbered("env", 1), environment));
  const warmMany = medianMs(...app, generatedConfigDir(scratch, numbered("env", 200), environment));
  const perStack = (warmMany - warmOne) / 199;
  const ratio = warm / baseline;
  const verdict = (ok) => (ok ? "met" : "MISSED");
  print([
    `app command benchmark (${runs} runs each, median wall time, ${cores} cores, node ${process.version})`,
    `  npx ts-node main.ts, 3 stacks (cdktf init default): ${baseline.toFixed(0)} ms`,
    `  node scripts/app.js, 3 stacks, warm bundle:         ${warm.toFixed(0)} ms  -> ${ratio.toFixed(3)}x the default (goal <= 0.15x: ${verdict(ratio <= 0.15)})`,
    `  node scripts/app.js, 3 stacks, after a source edit:  ${cold.toFixed(0)} ms (rebuilds the bundle once)`,
    `  node scripts/app.js, 1 generated environment:        ${warmOne.toFixed(0)} ms`,
    `  node scripts/app.js, 200 generated environments:     ${warmMany.toFixed(0)} ms  -> ${perStack.toFixed(2)} ms per additional stack (goal <= 5 ms: ${verdict(perStack <= 5)})`,
  ]);
}

/**
 * The fleet (docs/fleet.md): synth of BENCH_FLEET_STACKS (default 200) customer stacks, then `fleet plan` of all of
 * them against the provider emulator, BENCH_FLEET_CONCURRENCY (default 4) at a time, after deploying them there. All
 * deploy into one emulated org with one deployer (one emulator process serves them all, each stack given the same
 * credentials as its own *__<STACK> variables): the figure is the fleet's and terraform's cost.
 */
async function fleet(scratch) {
  const count = Number(process.env.BENCH_FLEET_STACKS || 200);
  const concurrency = Number(process.env.BENCH_FLEET_CONCURRENCY || 4);
  const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
  const names = numbered("customer", count);
  const outDir = path.join(scratch, "cdktf.out");
  fs.mkdirSync(path.join(scratch, "state"));
  // The emulator fixture's org whose deployer holds "Developer": each client is declared at once (phase "client").
  const configDir = generatedConfigDir(scratch, names, (name) => ({
    region: "us-east-1",
    organization: { name: "Acme Partner Dev" },
    oauthClient: { name: `Partner (${name})`, roles: [{ name: "Developer", division: "*" }] },
    backend: { type: "local", path: path.join(scratch, "state", `${name}.tfstate`), allowOutsideProject: true },
  }));
  const common = { PARTNER_OAUTH_CONFIG_DIR: configDir, CDKTF_OUTDIR: outDir };
  timed("node", ["scripts/app.js"], { ...common, CDKTF_OUTDIR: path.join(scratch, "warm-up") });
  const app = timed("node", ["scripts/app.js"], common);
  fs.rmSync(outDir, { recursive: true, force: true });
  const bundled = (entry, ...args) => ["node", ["scripts/run-bundled.js", entry, ...args]];
  const synthesized = timed(
    ...bundled("commands/pipeline/cli.ts", "synth", "--config-dir", configDir, "--output", outDir),
  );
  const out = [`fleet benchmark (${cores} cores, node ${process.version}, ${count} customer stacks)`];
  out.push(`  (a) synth of ${count} customer stacks, app alone (node scripts/app.js):   ${seconds(app.ms)}`);
  out.push(`      synth of ${count} customer stacks, npm run pipeline:synth (cdktf CLI): ${seconds(synthesized.ms)}`);

  const emulator = await startEmulator(scratch);
  try {
    fs.writeFileSync(path.join(scratch, "terraformrc"), "");
    const base = {
      CHECKPOINT_DISABLE: "1",
      TF_IN_AUTOMATION: "1",
      TF_CLI_CONFIG_FILE: path.join(scratch, "terraformrc"),
    };
    const env = { ...withoutGenesysCredentials(process.env), ...base, ...emulator.env };
    const deployStarted = Date.now();
    await eachAtMost(cores, names, async (name) => {
      const dir = path.join(outDir, "stacks", name);
      await terraform(dir, ["init", "-input=false"], env);
      await terraform(dir, ["apply", "-auto-approve", "-input=false"], env);
    });
    const deployMs = Date.now() - deployStarted;
    const perStack = Object.fromEntries(
      names.flatMap((name) => {
        const key = name.toUpperCase().replace(/[^A-Z0-9]/g, "_");
        return Object.entries(emulator.env).map(([variable, value]) => [`${variable}__${key}`, value]);
      }),
    );
    timed(...bundled("commands/fleet/cli.ts", "--help"));
    const fleetArgs = [
      "plan",
      "--json",
      "--concurrency",
      String(concurrency),
      "--output",
      outDir,
      "--config-dir",
      configDir,
    ];
    // Exit 1 is the fleet's verdict "drift or a failed check", a figure like any other.
    const plan = timed(...bundled("commands/fleet/cli.ts", ...fleetArgs), { ...base, ...perStack }, [0, 1]);
    const report = JSON.parse(plan.stdout);
    const clean = report.stacks.filter((s) => s.drift === "no").length;
    out.push(`  setup: init + apply of ${count} stacks against the emulator, ${cores} at a time: ${seconds(deployMs)}`);
    out.push(
      `  (b) fleet plan of ${count} stacks against the emulator, --concurrency ${concurrency}: ${seconds(plan.ms)} ` +
        `(${(plan.ms / count).toFixed(0)} ms per stack; ${clean} of ${report.stacks.length} without drift)`,
    );
  } finally {
    const exited = new Promise((resolve) => emulator.child.once("exit", resolve));
    emulator.child.kill("SIGTERM");
    await exited;
  }
  print(out);
}

function withoutGenesysCredentials(env) {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith("GENESYSCLOUD_")));
}

async function eachAtMost(limit, items, work) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

/** The emulator CLI, started for the fixture's dev deployer; resolves with its process and terraform's env. */
function startEmulator(scratch) {
  const fixture = JSON.parse(fs.readFileSync(path.join(root, "sandbox", "emulator", "fixtures", "default.json")));
  const deployer = fixture.orgs.find((o) => o.name === "Acme Partner Dev").oauthClients[0];
  // An empty --config-dir: the benchmark's stacks are synthesized already, no sandbox copy of the configs is wanted.
  const world = path.join(scratch, "world.json");
  const args = ["--world", world, "--client", deployer.id, "--config-dir", path.join(scratch, "no-config")];
  const child = spawn(
    process.execPath,
    [
      path.join(root, "node_modules", "ts-node", "dist", "bin.js"),
      "--transpile-only",
      "sandbox/cli.ts",
      "emulator",
      ...args,
    ],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    child.once("exit", (code) => reject(new Error(`the emulator exited (code ${code}) before it was ready`)));
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const reattach = /^export TF_REATTACH_PROVIDERS='(.*)'$/m.exec(out);
      if (!reattach) return;
      child.removeAllListeners("exit");
      resolve({
        child,
        env: {
          GENESYSCLOUD_OAUTHCLIENT_ID: deployer.id,
          GENESYSCLOUD_OAUTHCLIENT_SECRET: deployer.secret,
          TF_REATTACH_PROVIDERS: reattach[1],
        },
      });
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

const BENCHMARKS = { lines, test, synth, fleet };

async function main(names) {
  const unknown = names.filter((name) => !Object.hasOwn(BENCHMARKS, name));
  if (unknown.length > 0) {
    process.stderr.write(
      `bench: unknown benchmark ${unknown.join(", ")}; known: ${Object.keys(BENCHMARKS).join(", ")}\n`,
    );
    return 2;
  }
  for (const name of names.length > 0 ? names : Object.keys(BENCHMARKS)) {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `partner-oauth-bench-${name}-`));
    try {
      await BENCHMARKS[name](scratch);
    } catch (error) {
      process.stderr.write(`bench ${name}: ${error.message}\n`);
      return 1;
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }
  return 0;
}

main(process.argv.slice(2)).then((code) => (process.exitCode = code));
