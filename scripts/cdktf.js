#!/usr/bin/env node
// The real cdktf CLI as `npm run synth`, `npm run deploy:<env>` and the emulator's `run cdktf` call
// it (`node scripts/cdktf.js <cdktf arguments>`). Before cdktf starts it:
// 1. regenerates missing or broken provider bindings offline (cdktf would only say `run "cdktf get"`,
//    which needs network);
// 2. checks the configs in-process and, on a mistake, prints the app's one message and stops: cdktf
//    prints an app's stderr twice (as it comes and again in its summary);
// 3. tells the app which stacks the command acts on, so that only their synth warnings are shown.
"use strict";
const { spawn } = require("child_process");
const path = require("path");
const { parseArgs } = require("util");
const { cachedBundle } = require("./bundle-cache");
const { ensureBindings, exitOn } = require("./ensure-bindings");
const { ensureNodePty } = require("./ensure-node-pty");

const root = path.resolve(__dirname, "..");
const SELECTED_STACKS_ENV = "PARTNER_OAUTH_SELECTED_STACKS"; // lib/app.ts

// The cdktf options that take a value, so that a value (`--output dev`) is not read as a stack name;
// cdktf itself checks every option, so parsing here is not strict.
const CDKTF_VALUE_OPTIONS = Object.fromEntries(
  [["app", "a"], ["output", "o"], ["outputs-file"], ["var"], ["var-file"], ["parallelism"]].map(([name, short]) => [
    name,
    { type: "string", multiple: true, ...(short ? { short } : {}) },
  ]),
);

/** The arguments that name an environment: the stacks `cdktf deploy dev` etc. act on. */
function selectedStacks(args, environments) {
  const { positionals } = parseArgs({
    args: args.slice(1),
    options: CDKTF_VALUE_OPTIONS,
    strict: false,
    allowPositionals: true,
  });
  return positionals.filter((arg) => environments.includes(arg));
}

async function main(args) {
  const started = Date.now();
  if (ensureBindings()) {
    process.stderr.write(`Generated provider bindings in .gen/ (missing or out of date; ${Date.now() - started} ms)\n`);
  }
  exitOn(ensureNodePty());
  let checker;
  try {
    checker = require(
      cachedBundle({ root, entry: "scripts/check-config.ts", outDir: path.join(root, ".cache", "check-config") }),
    );
  } catch {
    return 1; // esbuild has printed the syntax error with its file and line.
  }
  const environments = checker.checkConfig();
  if (!environments) return 1;
  const child = spawn(path.join(root, "node_modules", ".bin", "cdktf"), args, {
    stdio: ["inherit", "inherit", "pipe"],
    env: {
      ...process.env,
      CHECKPOINT_DISABLE: "1",
      [SELECTED_STACKS_ENV]: selectedStacks(args, environments).join(","),
    },
  });
  // A Ctrl-C reaches cdktf from the terminal itself (passing it on would make a second, which tells
  // terraform to abandon its work); a SIGTERM, usually sent to this process alone, is passed on. Once
  // a signal arrived, cdktf's stderr (a raw "AbortError: The operation was aborted" and its stack) is not shown.
  let received;
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      if (!received && signal === "SIGTERM") child.kill(signal);
      received = received ?? signal;
    });
  }
  child.stderr.on("data", (chunk) => {
    if (!received) process.stderr.write(chunk);
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => {
      if (!received) return resolve(status ?? 1);
      process.stderr.write(`${interruptedLine(args[0], received)}\n`);
      resolve(received === "SIGINT" ? 130 : 143);
    });
  });
}

/** The one line after an interrupt: what may and may not have happened. */
function interruptedLine(command, signal) {
  const applies = command === "deploy" || command === "destroy";
  return (
    `Interrupted (${signal}): cdktf ${command} was stopped; ` +
    (applies
      ? `terraform may have applied part of the plan (the state records what was); run "cdktf diff" to see what is left.`
      : `nothing was deployed; run it again.`)
  );
}

module.exports = { selectedStacks };

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error) => {
      process.stderr.write(`cdktf: could not be started: ${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
