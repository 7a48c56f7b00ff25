#!/usr/bin/env node
// `node scripts/run-bundled.js <entry.ts> [args...]`: runs a command-line TypeScript module from an esbuild
// bundle that is rebuilt only when the content of one of its inputs changes (scripts/bundle-cache.js; files
// git tracks under .gen/ or .cache/ are refused there), so a start costs a
// plain `node` start instead of ts-node's compile. The module exports runCli(argv).
"use strict";
const path = require("path");
const { cachedBundle } = require("./bundle-cache");

const root = path.resolve(__dirname, "..");
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error("usage: node scripts/run-bundled.js <entry.ts> [args...]");
  process.exit(2);
}
let bundle;
try {
  bundle = cachedBundle({ root, entry, outDir: path.join(root, ".cache", "bundles", path.dirname(entry)) });
} catch {
  // esbuild has already printed the error with its file and line.
  process.exit(1);
}
require(bundle).runCli(args);
