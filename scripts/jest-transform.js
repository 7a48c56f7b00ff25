// jest transform: TypeScript to CommonJS with esbuild, no type check (`npm test` runs tsc once for
// the whole project). Keeps the tests' stack traces on the TypeScript lines through a source map.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const esbuild = require("esbuild");

const transformerSource = fs.readFileSync(__filename, "utf8");

module.exports = {
  process(source, filename) {
    const { code, map } = esbuild.transformSync(source, {
      loader: filename.endsWith(".tsx") ? "tsx" : "ts",
      format: "cjs",
      target: "node20",
      sourcefile: filename,
      sourcemap: "external",
    });
    return { code, map };
  },
  getCacheKey(source, filename) {
    return crypto
      .createHash("sha256")
      .update(transformerSource)
      .update(esbuild.version)
      .update(filename)
      .update(source)
      .digest("hex");
  },
};
