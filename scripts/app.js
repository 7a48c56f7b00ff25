#!/usr/bin/env node
// The `app` command of cdktf.json. cdktf runs it on every synth, diff and deploy, so instead of
// type-checking with ts-node on each call (the init template's default), it bundles main.ts with
// esbuild and reuses the bundle until one of its input files changes. Type errors are caught by
// `npm test` (tsc --noEmit).
"use strict";
const path = require("path");
const { cachedBundle } = require("./bundle-cache");
const { ensureBindings } = require("./ensure-bindings");

const root = path.resolve(__dirname, "..");

ensureBindings();
let bundle;
try {
  bundle = cachedBundle({ root, entry: "main.ts", outDir: path.join(root, ".cache", "app"), sourcemap: true });
} catch {
  // esbuild has already printed the syntax error with its file and line.
  process.exit(1);
}
require(bundle);
