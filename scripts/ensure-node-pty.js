// The cdktf CLI loads its terminal module (@cdktf/node-pty-prebuilt-multiarch) at start, and cdktf 0.21.0, the final
// release, ships prebuilt binaries only up to Node.js 22: under the Node.js LTS the workflows use, every cdktf command
// (get, synth) dies with "Cannot find module '../build/Debug/pty.node'". So, where no binary loads, it is compiled
// from the package's own sources with npm's node-gyp and the headers of the Node.js that runs this, never with the
// package's install script (which downloads). Needs python3, make and a C++ compiler (GitHub's Ubuntu runners have them).
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const PACKAGE = "@cdktf/node-pty-prebuilt-multiarch";

/** In a child process: a failed load stays in this process's module cache, and the package prints to stderr. */
function loads() {
  return (
    spawnSync(process.execPath, ["-e", `require(${JSON.stringify(PACKAGE)})`], { cwd: root, stdio: "ignore" })
      .status === 0
  );
}

/** The package's own lookup of a prebuilt binary for this Node.js: a file check, no native load. */
function prebuilt() {
  return Boolean(require(require.resolve(`${PACKAGE}/lib/prebuild-file-path`, { paths: [root] })).ptyPath);
}

let ready = false;

/** Returns undefined when the module loads (built here if need be), else the problem, in one paragraph. */
function ensureNodePty(env = process.env) {
  if (ready || prebuilt() || loads()) {
    ready = true;
    return undefined;
  }
  const npmCli = env.npm_execpath;
  const nodeGyp = npmCli && path.join(path.dirname(npmCli), "..", "node_modules", "node-gyp", "bin", "node-gyp.js");
  if (!nodeGyp || !fs.existsSync(nodeGyp)) {
    return `${PACKAGE} has no binary for Node.js ${process.version} and npm's node-gyp was not found: run "npm run get".\n`;
  }
  // Official archives (and setup-node) keep the headers beside bin/; the npm registry's node package one folder down.
  const bin = path.dirname(process.execPath);
  const nodeDir = [
    path.join(bin, ".."),
    path.join(bin, "..", "node_modules", `node-${process.platform}-${process.arch}`),
  ]
    .map((dir) => path.resolve(dir))
    .find((dir) => fs.existsSync(path.join(dir, "include", "node", "node_api.h")));
  const headers = nodeDir ? [`--nodedir=${nodeDir}`] : [`--target=${process.version}`];
  // An npm config nodedir (passed on as npm_config_nodedir) would win over --nodedir and name another Node's headers.
  const gypEnv = Object.fromEntries(
    Object.entries(env).filter(([name]) => name.toLowerCase() !== "npm_config_nodedir"),
  );
  const built = spawnSync(process.execPath, [nodeGyp, "rebuild", ...headers], {
    cwd: path.dirname(require.resolve(`${PACKAGE}/package.json`, { paths: [root] })),
    encoding: "utf8",
    env: gypEnv,
  });
  if (built.status !== 0 || !loads()) {
    return `${PACKAGE} has no binary for Node.js ${process.version}, and compiling it failed (node-gyp exit ${built.status}):\n${built.stdout}\n${built.stderr}\n`;
  }
  ready = true;
  return undefined;
}

module.exports = { ensureNodePty };
