import * as fs from "fs";
import * as path from "path";
import { tempDir } from "../support/config-dir";

const { isFresh, freshnessRecord } = require("../../scripts/bundle-cache") as {
  isFresh(root: string, bundle: string, inputsFile: string): boolean;
  freshnessRecord(root: string, bundle: string, inputs: string[]): unknown;
};
const { trackedGeneratedProblem } = require("../../scripts/generated-in-git") as {
  trackedGeneratedProblem(files: string[] | undefined): string | undefined;
};

function built(): { root: string; bundle: string; inputsFile: string } {
  const root = tempDir("bundle-cache-");
  fs.writeFileSync(path.join(root, "entry.ts"), "export const x = 1;\n");
  const bundle = path.join(root, "entry.js");
  fs.writeFileSync(bundle, "exports.x = 1;\n");
  const inputsFile = path.join(root, "entry.inputs.json");
  fs.writeFileSync(inputsFile, JSON.stringify(freshnessRecord(root, bundle, ["entry.ts"])));
  return { root, bundle, inputsFile };
}

/** Rewrites a file with other content of the same size and gives it back its old mtime. */
function swapKeepingSizeAndMtime(file: string, content: string): void {
  const before = fs.statSync(file);
  expect(Buffer.byteLength(content)).toBe(before.size);
  fs.writeFileSync(file, content);
  fs.utimesSync(file, before.atime, before.mtime);
}

describe("bundle freshness", () => {
  it("counts a bundle as fresh only while its inputs and itself hold the recorded content", () => {
    const { root, bundle, inputsFile } = built();
    expect(isFresh(root, bundle, inputsFile)).toBe(true);
    swapKeepingSizeAndMtime(path.join(root, "entry.ts"), "export const x = 2;\n");
    expect(isFresh(root, bundle, inputsFile)).toBe(false);
  });

  it("rebuilds a bundle edited in place, even with its size and mtime kept", () => {
    const { root, bundle, inputsFile } = built();
    swapKeepingSizeAndMtime(bundle, "exports.x = 9;\n");
    expect(isFresh(root, bundle, inputsFile)).toBe(false);
  });

  it.each([
    ["an empty inputs list", "{}"],
    ["an empty inputs object", JSON.stringify({ bundle: "0".repeat(64), inputs: {} })],
    ["an unreadable list", "not json"],
    ["the old size:mtime format", JSON.stringify({ "entry.ts": "20:1700000000000" })],
  ])("refuses %s", (_label, text) => {
    const { root, bundle, inputsFile } = built();
    fs.writeFileSync(inputsFile, text);
    expect(isFresh(root, bundle, inputsFile)).toBe(false);
  });

  it("never records an empty inputs list", () => {
    const { root, bundle } = built();
    expect(() => freshnessRecord(root, bundle, [])).toThrow("no inputs");
  });
});

describe("generated files in git", () => {
  it("names the tracked files in one line, at most five of them", () => {
    const files = ["a", "b", "c", "d", "e", "f", "g"].map((name) => `.cache/bundles/${name}.js`);
    const problem = trackedGeneratedProblem(files)!;
    expect(problem.trim().split("\n")).toHaveLength(1);
    expect(problem).toContain(".cache/bundles/a.js, .cache/bundles/b.js");
    expect(problem).toContain("and 2 more");
    expect(problem).not.toContain("f.js");
  });

  it("has nothing to say when git tracks none, or cannot tell (the caller then builds afresh)", () => {
    expect(trackedGeneratedProblem([])).toBeUndefined();
    expect(trackedGeneratedProblem(undefined)).toBeUndefined();
  });
});
