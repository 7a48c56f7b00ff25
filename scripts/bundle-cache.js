// An esbuild bundle of a TypeScript entry point that is rebuilt only when one of its input files
// changed (size or mtime), so starting it costs a plain `node` start. Used by the app command
// (scripts/app.js) and the provider emulator's starter (sandbox/emulator/start.ts).
"use strict";
const fs = require("fs");
const path = require("path");

/** Writes through a temp file and a rename, so a parallel run never loads a half-written file. */
function writeAtomically(file, write) {
  const temp = `${file}.${process.pid}.tmp`;
  const result = write(temp);
  fs.renameSync(temp, file);
  return result;
}

function signature(root, file) {
  try {
    const stat = fs.statSync(path.join(root, file));
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return "missing";
  }
}

function isFresh(root, bundle, inputsFile) {
  try {
    const inputs = JSON.parse(fs.readFileSync(inputsFile, "utf8"));
    return fs.existsSync(bundle) && Object.entries(inputs).every(([file, sig]) => signature(root, file) === sig);
  } catch {
    return false;
  }
}

/**
 * The path of the bundle of `entry` (relative to `root`) in `outDir`, built first when missing or
 * stale. esbuild prints its own errors and then throws.
 */
function cachedBundle({ root, entry, outDir, sourcemap = false }) {
  const bundle = path.join(outDir, `${path.basename(entry, ".ts")}.js`);
  const inputsFile = path.join(outDir, `${path.basename(entry, ".ts")}.inputs.json`);
  if (isFresh(root, bundle, inputsFile)) return bundle;

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
  const inputs = Object.fromEntries(Object.keys(metafile.inputs).map((file) => [file, signature(root, file)]));
  writeAtomically(inputsFile, (temp) => fs.writeFileSync(temp, JSON.stringify(inputs)));
  return bundle;
}

module.exports = { cachedBundle };
