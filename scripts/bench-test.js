#!/usr/bin/env node
// Benchmark of the inner loop: `npm test` (scripts/test.js) against one type check (`npx tsc --noEmit -p .`), measured
// in the same run on this machine, after one warm-up `npm test` (jest, prettier and tsc caches filled,
// as on a clone where the tests ran once). Goal: npm test <= 4x the type check, so the inner loop stays close to
// the cost of type checking alone.
// Prints figures only; BENCH_RUNS (default 5) sets how many times each is timed (median shown, and
// every sample, since a shared machine's load moves single figures a lot).
"use strict";
const { spawnSync } = require("child_process");
const path = require("path");

const root = path.resolve(__dirname, "..");
const runs = Number(process.env.BENCH_RUNS || 5);
const GOAL = 4;

function timeOnce(label, command, args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "true" },
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    process.stderr.write(`${label} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}\n`);
    process.exit(1);
  }
  return { ms, output: `${result.stdout}\n${result.stderr}` };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (ms) => `${Math.round(ms)} ms`.padStart(9);

const npmTest = ["npm", ["test", "--silent"]];
const tsc = ["npx", ["tsc", "--noEmit", "-p", "."]];

process.stdout.write(`warm-up: npm test (fills the jest, prettier and tsc caches) ...\n`);
timeOnce("npm test", ...npmTest);

// The phases of npm test, each run alone once (package.json "test" runs them in this order).
const phases = [
  ["bindings check (scripts/ensure-bindings.js)", "node", ["scripts/ensure-bindings.js"]],
  ["type check (tsc --noEmit -p .)", "node_modules/.bin/tsc", ["--noEmit", "-p", "."]],
  ["format check (prettier --check --cache)", "npm", ["run", "--silent", "lint"]],
  ["unit tests (jest, in-process only)", "node_modules/.bin/jest", ["--silent"]],
];
process.stdout.write(`npm test phases (each alone, once):\n`);
for (const [label, command, args] of phases) {
  const { ms, output } = timeOnce(label, command, args);
  const tests = /Tests:\s+(\d+) passed/.exec(output);
  process.stdout.write(`  ${label.padEnd(46)}${fmt(ms)}${tests ? `  (${tests[1]} tests)` : ""}\n`);
}

// Interleaved, so that a load spike on a shared machine hits both sides alike.
const tscTimes = [];
const testTimes = [];
let phaseLine = "";
for (let i = 0; i < runs; i++) {
  tscTimes.push(timeOnce("tsc", ...tsc).ms);
  const { ms, output } = timeOnce("npm test", ...npmTest);
  testTimes.push(ms);
  phaseLine = /^npm test: .*$/m.exec(output)?.[0] ?? phaseLine;
}
const samples = (times) => times.map((ms) => (ms / 1000).toFixed(1)).join(", ");
const tscMs = median(tscTimes);
const testMs = median(testTimes);
const ratio = testMs / tscMs;
process.stdout.write(
  [
    `npx tsc --noEmit -p .   median of ${runs}:${fmt(tscMs)}  (samples, s: ${samples(tscTimes)})`,
    `npm test                median of ${runs}:${fmt(testMs)}  (samples, s: ${samples(testTimes)})`,
    `  last run, as npm test prints it (type and format check run alongside the unit tests): ${phaseLine.replace(/^npm test: /, "")}`,
    `npm test / tsc: ${ratio.toFixed(1)}x (goal <= ${GOAL}x: ${ratio <= GOAL ? "met" : "NOT met"})`,
    "",
  ].join("\n"),
);
