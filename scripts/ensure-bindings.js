#!/usr/bin/env node
// Generates the genesyscloud provider bindings into .gen/ with the real `cdktf get`, offline, from the
// project's copy of the pinned provider schema. Skips the work when nothing that shapes them changed.
"use strict";
const { spawnSync } = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

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

function ensureBindings() {
  const wanted = fingerprint();
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8") === wanted) return false;

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
  fs.writeFileSync(stampFile, wanted);
  return true;
}

module.exports = { ensureBindings };

if (require.main === module) {
  const started = Date.now();
  const generated = ensureBindings();
  process.stdout.write(
    generated
      ? `Generated provider bindings in .gen/ (${Date.now() - started} ms)\n`
      : `Provider bindings in .gen/ are up to date (${Date.now() - started} ms)\n`,
  );
}
