// An esbuild bundle of a TypeScript entry point that is rebuilt only when the content of one of its
// input files changed (sha256, never size or mtime, which a checkout or `touch` sets at will), so
// starting it costs a plain `node` start. Used by the npm scripts (scripts/run-bundled.js,
// scripts/app.js, scripts/cdktf.js) and the sandbox starters (sandbox/*/start.ts).
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const { trackedGeneratedFiles, trackedGeneratedProblem } = require("./generated-in-git");

const SHA256 = /^[0-9a-f]{64}$/;

/** Writes through a temp file and a rename, so a parallel run never loads a half-written file. */
function writeAtomically(file, write) {
  const temp = `${file}.${process.pid}.tmp`;
  const result = write(temp);
  fs.renameSync(temp, file);
  return result;
}

function sha256(file) {
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/**
 * Whether `inputsFile` records the content of `bundle` and of a non-empty list of inputs, all
 * unchanged. Anything it cannot read or check (an empty list, a missing file, another format)
 * counts as stale: the price of a wrong "fresh" is running code nobody built here.
 */
function isFresh(root, bundle, inputsFile) {
  try {
    const record = JSON.parse(fs.readFileSync(inputsFile, "utf8"));
    const inputs = Object.entries(record?.inputs ?? {});
    if (typeof record?.bundle !== "string" || !SHA256.test(record.bundle) || inputs.length === 0) return false;
    return (
      sha256(bundle) === record.bundle &&
      inputs.every(([file, digest]) => typeof digest === "string" && sha256(path.join(root, file)) === digest)
    );
  } catch {
    return false;
  }
}

/** What isFresh checks, for a bundle just built from `inputs` (paths relative to `root`). */
function freshnessRecord(root, bundle, inputs) {
  if (inputs.length === 0) throw new Error(`esbuild reported no inputs for ${bundle}`);
  return {
    bundle: sha256(bundle),
    inputs: Object.fromEntries(inputs.map((file) => [file, sha256(path.join(root, file))])),
  };
}

const gitAnswers = new Map();

/** Tracked files under .gen/ or .cache/ are refused; when git cannot tell, the cache is not trusted. */
function cacheTrusted(root) {
  if (!gitAnswers.has(root)) gitAnswers.set(root, trackedGeneratedFiles(root));
  const tracked = gitAnswers.get(root);
  const problem = trackedGeneratedProblem(tracked);
  if (problem) {
    process.stderr.write(problem);
    throw new Error(problem.trim());
  }
  return tracked !== undefined;
}

/**
 * The path of the bundle of `entry` (relative to `root`) in `outDir`, built first when missing or
 * stale. Errors (esbuild's, or tracked generated files) are printed here, then thrown.
 */
function cachedBundle({ root, entry, outDir, sourcemap = false }) {
  const bundle = path.join(outDir, `${path.basename(entry, ".ts")}.js`);
  const inputsFile = path.join(outDir, `${path.basename(entry, ".ts")}.inputs.json`);
  if (cacheTrusted(root) && isFresh(root, bundle, inputsFile)) return bundle;

  fs.mkdirSync(outDir, { recursive: true });
  // Loaded only when a build is needed; most runs reuse the bundle.
  const { metafile } = writeAtomically(bundle, (outfile) =>
    require("esbuild").buildSync({
      absWorkingDir: root,
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: "node",
      target: "node20",
      packages: "external",
      sourcemap: sourcemap ? "inline" : false,
      metafile: true,
      logLevel: "error",
    }),
  );
  const record = freshnessRecord(root, bundle, Object.keys(metafile.inputs));
  writeAtomically(inputsFile, (temp) => fs.writeFileSync(temp, JSON.stringify(record)));
  return bundle;
}

module.exports = { cachedBundle, isFresh, freshnessRecord };
