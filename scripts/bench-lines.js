#!/usr/bin/env node
// Lines of the tracked .ts/.js files per top folder, now and at BASELINE (the last commit before the folders were
// reorganised: scripts/ and tools/ then held the commands and the sandbox), read from git. "Code" leaves out blank
// lines and lines that are only comment. Goal: the code outside lib/ and the tests at least a third smaller.
// Prints figures only.
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const BASELINE = "432ea10afc6fe1c6a1ee50ec397075440a698808";
const PRODUCT_AND_TESTS = new Set(["lib", "test", "e2e"]);
const COMMENT = /^(\/\/|\/\*|\*)/;

function git(args, input) {
  const result = spawnSync("git", args, { cwd: root, input, maxBuffer: 256 << 20 });
  return result.status === 0 ? result.stdout : undefined;
}

/** The texts of `files` at `rev`, read in one `git cat-file --batch`. */
function textsAt(rev, files) {
  const out = git(["cat-file", "--batch"], files.map((file) => `${rev}:${file}\n`).join(""));
  const texts = [];
  for (let at = 0; texts.length < files.length;) {
    const headerEnd = out.indexOf(10, at);
    const size = Number(out.subarray(at, headerEnd).toString().split(" ")[2]);
    texts.push(out.subarray(headerEnd + 1, headerEnd + 1 + size).toString("utf8"));
    at = headerEnd + 1 + size + 1;
  }
  return texts;
}

/** { folder: { lines, code } } for the tracked sources at `rev`, or in the working tree without one. */
function count(rev) {
  const listing = rev ? git(["ls-tree", "-r", "--name-only", rev]) : git(["ls-files"]);
  if (listing === undefined) return undefined;
  const sources = listing
    .toString()
    .split("\n")
    .filter((file) => /\.(ts|js)$/.test(file) && file.includes("/"));
  const texts = rev ? textsAt(rev, sources) : sources.map((file) => fs.readFileSync(path.join(root, file), "utf8"));
  const folders = {};
  sources.forEach((file, i) => {
    const lines = texts[i].split("\n").slice(0, -1);
    const entry = (folders[file.split("/")[0]] ??= { lines: 0, code: 0 });
    entry.lines += lines.length;
    entry.code += lines.filter((line) => line.trim() !== "" && !COMMENT.test(line.trim())).length;
  });
  return folders;
}

function outside(folders) {
  return Object.entries(folders)
    .filter(([folder]) => !PRODUCT_AND_TESTS.has(folder))
    .reduce((sum, [, n]) => ({ lines: sum.lines + n.lines, code: sum.code + n.code }), { lines: 0, code: 0 });
}

const now = count();
const before = count(BASELINE);
const row = (label, n) =>
  `  ${label.padEnd(34)}${n ? `${String(n.lines).padStart(7)} lines ${String(n.code).padStart(7)} code` : "  (not in this clone's history)"}`;
const lines = [`lines of code (tracked .ts/.js files; code: without blank and comment-only lines)`];
lines.push(`  now:`);
for (const [folder, n] of Object.entries(now).sort()) lines.push(row(`  ${folder}/`, n));
if (before) {
  lines.push(`  before (${BASELINE.slice(0, 7)}, before the folder moves):`);
  for (const [folder, n] of Object.entries(before).sort()) lines.push(row(`  ${folder}/`, n));
}
const [nowOutside, beforeOutside] = [outside(now), before && outside(before)];
lines.push(row("outside lib/ and the tests, now", nowOutside));
if (beforeOutside) {
  lines.push(row("outside lib/ and the tests, before", beforeOutside));
  const change = (key) => `${(((nowOutside[key] - beforeOutside[key]) / beforeOutside[key]) * 100).toFixed(0)}%`;
  const met = nowOutside.lines <= (beforeOutside.lines * 2) / 3;
  lines.push(
    `  change: ${change("lines")} lines, ${change("code")} code (goal: at most -33%: ${met ? "met" : "NOT met"})`,
  );
}
process.stdout.write(`${lines.join("\n")}\n`);
