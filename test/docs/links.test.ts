/**
 * The docs stay true to the tree: links and anchors resolve, every `README, "Section"` or
 * `docs/x.md, "Section"` that code or docs point users to names a real heading, the source paths the
 * docs name exist, the README stays a front door, and no ticket number stands in for a reason.
 */
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../support/config-dir";
import { COMMAND_LANGS, docFiles, fencedBlocks, headings, needs, relativeLinks } from "./markdown";

const README_MAX_LINES = 150;
const docs = docFiles(PROJECT_ROOT);
const read = (file: string) => fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8");

/** Source folders whose files may point users at a doc section. */
const SOURCE_DIRS = ["lib", "commands", "sandbox", "scripts", "test", "e2e", ".github", ".ci"];

function sourceFiles(dir: string): string[] {
  const full = path.join(PROJECT_ROOT, dir);
  if (!fs.existsSync(full)) return [];
  return fs
    .readdirSync(full, { recursive: true, encoding: "utf8" })
    .map((entry) => path.posix.join(dir, entry.split(path.sep).join("/")))
    .filter((file) => /\.(ts|js|yml|yaml)$|(^|\/)run$/.test(file) && !file.includes("/catalog/"))
    .filter((file) => !file.startsWith("test/docs/"))
    .filter((file) => fs.statSync(path.join(PROJECT_ROOT, file)).isFile());
}

describe("docs", () => {
  it(`README.md is a front door: at most ${README_MAX_LINES} lines`, () => {
    expect(read("README.md").trimEnd().split("\n").length).toBeLessThanOrEqual(README_MAX_LINES);
  });

  it("finds the README, docs/ and the folders' READMEs", () => {
    expect(docs).toEqual(expect.arrayContaining(["README.md", "docs/pipeline.md", "config/README.md"]));
  });

  it.each(docs)("%s: every relative link points at a file, and every #anchor at one of its headings", (file) => {
    const broken = relativeLinks(read(file)).flatMap(({ target, line }) => {
      const [targetPath, anchor] = target.split("#");
      const resolved = targetPath ? path.posix.normalize(path.posix.join(path.posix.dirname(file), targetPath)) : file;
      if (!fs.existsSync(path.join(PROJECT_ROOT, resolved))) {
        return [`${file}:${line}: ${target} (no such file)`];
      }
      if (!anchor || !resolved.endsWith(".md")) return [];
      const anchors = headings(read(resolved)).map((heading) => heading.anchor);
      return anchors.includes(anchor) ? [] : [`${file}:${line}: ${target} (no heading with that anchor)`];
    });
    expect(broken).toEqual([]);
  });

  it('every README or docs section that code or docs name ("README, \\"First deploy\\"") is a heading', () => {
    const reference = /\b(README|docs\/[\w-]+\.md)(?:'s)?,?\s+"([^"\n]+)"/g;
    const files = [...docs, ...SOURCE_DIRS.flatMap(sourceFiles)];
    const broken = files.flatMap((file) =>
      [...read(file).matchAll(reference)].flatMap(([, doc, section]) => {
        const target = doc === "README" ? "README.md" : doc;
        if (!fs.existsSync(path.join(PROJECT_ROOT, target))) return [`${file}: ${doc}, "${section}" (no such doc)`];
        const found = headings(read(target)).some((h) => h.text.toLowerCase().includes(section.toLowerCase()));
        return found ? [] : [`${file}: ${doc}, "${section}" (no such heading)`];
      }),
    );
    expect(broken).toEqual([]);
  });

  it("every source path the docs name exists", () => {
    const sourcePath = /`((?:lib|commands|sandbox|scripts|test|e2e|docs|provider-schema|\.github)\/[^`\s]*)`/g;
    const missing = docs.flatMap((file) =>
      [...read(file).matchAll(sourcePath)]
        .map((match) => match[1].replace(/[.,:;]$/, ""))
        .filter((named) => !/[<>*…{}]/.test(named))
        .filter((named) => !fs.existsSync(path.join(PROJECT_ROOT, named)))
        .map((named) => `${file}: ${named}`),
    );
    expect(missing).toEqual([]);
  });

  it("no ticket number stands in for a reason, in docs or code", () => {
    const ticket = /\b(issue|ticket)\s*#?\d+/i;
    const files = [...docs, ...SOURCE_DIRS.flatMap(sourceFiles), "main.ts"];
    expect(files.filter((file) => ticket.test(read(file)))).toEqual([]);
  });

  it.each(docs)("%s names at most one test file: no lists of test files in prose", (file) => {
    const named = new Set([...read(file).matchAll(/\b(?:test|e2e)\/[\w./-]*\.test\.ts\b/g)].map((m) => m[0]));
    expect([...named].slice(1)).toEqual([]);
  });

  it.each(docs)("%s: a `# needs:` marker says what the block needs", (file) => {
    const empty = fencedBlocks(read(file))
      .filter((block) => COMMAND_LANGS.has(block.lang) && /^#\s*needs:/.test(block.body) && !needs(block))
      .map((block) => `${file}:${block.line}`);
    expect(empty).toEqual([]);
  });
});
