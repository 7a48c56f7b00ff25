#!/usr/bin/env node
// `npm test`: provider bindings first, then the one type check (tsc --noEmit) and the format check
// (prettier --check --cache) alongside the unit tests (jest, transpile-only, in-process only). jest runs two
// workers, not its default of one on two cores: each test file loads cdktf, zod and the bindings afresh, and with
// the 60 files of the time one worker was the bottleneck (12.1 s against 9.1 s, measured once; with today's 27 files
// the busy machine gave no clear answer). Arguments go to jest (e.g. `npm test --
// test/app.test.ts`, `--json --outputFile=...`). Each check's output is printed whole, then the
// phases' times; the exit code is non-zero when any phase failed.
"use strict";
const { spawn } = require("child_process");
const path = require("path");
const { ensureBindings } = require("./ensure-bindings");

const root = path.resolve(__dirname, "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);

function phase(label, command, args, capture) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit" });
    let output = "";
    if (capture) {
      child.stdout.on("data", (chunk) => (output += chunk));
      child.stderr.on("data", (chunk) => (output += chunk));
    }
    child.on("close", (code) => resolve({ label, code: code ?? 1, output, ms: Date.now() - started }));
    child.on("error", (error) => resolve({ label, code: 1, output: `${error.message}\n`, ms: Date.now() - started }));
  });
}

async function main() {
  const started = Date.now();
  ensureBindings();
  const checks = (async () => [
    await phase("type check", bin("tsc"), ["--noEmit", "-p", "."], true),
    await phase(
      "format check",
      bin("prettier"),
      ["--check", "--cache", "--cache-location", ".cache/prettier", "--log-level", "warn", "."],
      true,
    ),
  ])();
  const unit = await phase("unit tests", bin("jest"), ["--maxWorkers=2", ...process.argv.slice(2)], false);
  const results = [...(await checks), unit];
  for (const result of results) {
    if (result.code !== 0 && result.output) process.stderr.write(`\n${result.label} failed:\n${result.output}`);
  }
  const failed = results.filter((result) => result.code !== 0).map((result) => result.label);
  process.stdout.write(
    `npm test: ${results.map((r) => `${r.label} ${(r.ms / 1000).toFixed(1)} s${r.code ? " (FAILED)" : ""}`).join(", ")}; ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s in all${failed.length ? `; failed: ${failed.join(", ")}` : ""}\n`,
  );
  return failed.length ? 1 : 0;
}

main().then((code) => (process.exitCode = code));
