#!/usr/bin/env node
// The real cdktf CLI as `npm run synth`, `npm run deploy:<env>` and the emulator's `run cdktf` call
// it (`node scripts/cdktf.js <cdktf arguments>`). Before cdktf starts it:
// 1. regenerates missing or broken provider bindings offline (cdktf would only say `run "cdktf get"`,
//    which needs network);
// 2. checks the configs in-process and, on a mistake, prints the app's one message and stops: cdktf
//    prints an app's stderr twice (as it comes and again in its summary);
// 3. tells the app which stacks the command acts on, so that only their synth warnings are shown.
"use strict";
const { spawnSync } = require("child_process");
const path = require("path");
const { parseArgs } = require("util");
const { cachedBundle } = require("./bundle-cache");
const { ensureBindings } = require("./ensure-bindings");

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

function main(args) {
  const started = Date.now();
  if (ensureBindings()) {
    process.stderr.write(`Generated provider bindings in .gen/ (missing or out of date; ${Date.now() - started} ms)\n`);
  }
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
  const result = spawnSync(path.join(root, "node_modules", ".bin", "cdktf"), args, {
    stdio: "inherit",
    env: {
      ...process.env,
      CHECKPOINT_DISABLE: "1",
      [SELECTED_STACKS_ENV]: selectedStacks(args, environments).join(","),
    },
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

module.exports = { selectedStacks };

if (require.main === module) process.exitCode = main(process.argv.slice(2));
