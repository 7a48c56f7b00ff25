#!/usr/bin/env node
// The `app` command of cdktf.json. cdktf runs it on every synth, diff and deploy, so instead of
// type-checking with ts-node on each call (the init template's default), it bundles main.ts with
// esbuild and reuses the bundle until one of its input files changes. Type errors are caught by
// `npm test` (tsc --noEmit).
"use strict";
const fs = require("fs");
const path = require("path");
const { ensureBindings } = require("./ensure-bindings");

const root = path.resolve(__dirname, "..");
const cacheDir = path.join(root, ".cache", "app");
const bundle = path.join(cacheDir, "main.js");
const inputsFile = path.join(cacheDir, "inputs.json");

function inputsUnchanged() {
  let inputs;
  try {
    inputs = JSON.parse(fs.readFileSync(inputsFile, "utf8"));
  } catch {
    return false;
  }
  return Object.entries(inputs).every(([file, signature]) => {
    try {
      const stat = fs.statSync(path.join(root, file));
      return signature === `${stat.size}:${stat.mtimeMs}`;
    } catch {
      return false;
    }
  });
}

/** Writes through a temp file and a rename, so a parallel run never loads a half-written file. */
function writeAtomically(file, write) {
  const temp = `${file}.${process.pid}.tmp`;
  write(temp);
  fs.renameSync(temp, file);
}

function build() {
  let result;
  writeAtomically(bundle, (outfile) => {
    result = require("esbuild").buildSync({
      absWorkingDir: root,
      entryPoints: ["main.ts"],
      outfile,
      bundle: true,
      platform: "node",
      target: "node20",
      packages: "external",
      sourcemap: "inline",
      metafile: true,
      logLevel: "error",
    });
  });
  const inputs = {};
  for (const file of Object.keys(result.metafile.inputs)) {
    const stat = fs.statSync(path.join(root, file));
    inputs[file] = `${stat.size}:${stat.mtimeMs}`;
  }
  writeAtomically(inputsFile, (temp) => fs.writeFileSync(temp, JSON.stringify(inputs)));
}

ensureBindings();
if (!inputsUnchanged()) {
  try {
    build();
  } catch {
    // esbuild has already printed the syntax error with its file and line.
    process.exit(1);
  }
}
require(bundle);
