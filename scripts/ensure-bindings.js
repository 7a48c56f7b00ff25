#!/usr/bin/env node
// Generates the genesyscloud provider bindings into .gen/ with the real `cdktf get`, offline, from the
// project's copy of the pinned provider schema. Skips the work when nothing that shapes them changed
// and the generated files are as it left them; a missing, emptied or edited .gen/ (e.g. after an
// offline `npx cdktf get --force`) is generated again. `npm run get` runs it by hand. Files git
// tracks under .gen/ (or .cache/) are refused: a committed .gen/ with a recomputed stamp would
// otherwise pass for bindings generated here; when git cannot tell, they are generated again.
"use strict";
const { spawnSync } = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const { ensureNodePty } = require("./ensure-node-pty");
const { trackedGeneratedFiles, trackedGeneratedProblem } = require("./generated-in-git");

const root = path.resolve(__dirname, "..");
const schemaDir = path.join(root, "provider-schema");
const stampFile = path.join(root, ".gen", "bindings.stamp");

function fingerprint() {
  const hash = crypto.createHash("sha256");
  const cdktfJson = JSON.parse(fs.readFileSync(path.join(root, "cdktf.json"), "utf8"));
  hash.update(JSON.stringify(cdktfJson.terraformProviders));
  for (const file of fs
    .readdirSync(schemaDir)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    hash.update(file).update(fs.readFileSync(path.join(schemaDir, file)));
  }
  hash.update(require(path.join(root, "node_modules", "cdktf-cli", "package.json")).version);
  return hash.digest("hex");
}

/** A digest of every generated file (the stamp aside), so that a damaged .gen/ is noticed. */
function generatedDigest() {
  const hash = crypto.createHash("sha256");
  const genDir = path.dirname(stampFile);
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (full !== stampFile) hash.update(path.relative(genDir, full)).update(fs.readFileSync(full));
    }
  };
  walk(genDir);
  return hash.digest("hex");
}

function upToDate(wanted) {
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile, "utf8"));
    return stamp.inputs === wanted && stamp.generated === generatedDigest();
  } catch {
    return false;
  }
}

function ensureBindings() {
  const tracked = trackedGeneratedFiles(root);
  exitOn(trackedGeneratedProblem(tracked));
  const wanted = fingerprint();
  if (tracked !== undefined && upToDate(wanted)) return false;

  exitOn(ensureNodePty());
  const cdktf = path.join(root, "node_modules", ".bin", "cdktf");
  const result = spawnSync(cdktf, ["get", "--force", "--experimental-provider-schema-cache-path", schemaDir], {
    cwd: root,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "true" },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    process.stderr.write(`cdktf get failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}\n`);
    process.exit(1);
  }
  fs.writeFileSync(stampFile, JSON.stringify({ inputs: wanted, generated: generatedDigest() }));
  return true;
}

function exitOn(problem) {
  if (!problem) return;
  process.stderr.write(problem);
  process.exit(1);
}

module.exports = { ensureBindings, exitOn };

if (require.main === module) {
  const started = Date.now();
  exitOn(ensureNodePty()); // the install step (npm ci, npm run get) readies the cdktf CLI for this Node.js too
  const generated = ensureBindings();
  process.stdout.write(
    generated
      ? `Generated provider bindings in .gen/ (${Date.now() - started} ms)\n`
      : `Provider bindings in .gen/ are up to date (${Date.now() - started} ms)\n`,
  );
}
