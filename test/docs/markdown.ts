/**
 * The project's Markdown docs as the doc tests read them: which files, their headings (with GitHub's
 * anchors), links and fenced blocks. Shared by the unit tests of links and references and the e2e test
 * that runs the command blocks.
 */
import * as fs from "fs";
import * as path from "path";

/** Folders that hold no docs of ours: dependencies, generated or scratch output. */
const NOT_DOCS = new Set(["node_modules", ".gen", "cdktf.out", ".cache", ".git", ".secrets"]);

/** Every Markdown file of the project (README, docs/, each folder's README), relative to `root`, sorted. */
export function docFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = path.posix.join(dir, entry.name);
      if (entry.isDirectory() && !NOT_DOCS.has(entry.name)) walk(relative);
      else if (entry.isFile() && entry.name.endsWith(".md")) found.push(relative);
    }
  };
  walk("");
  return found.sort();
}

export interface FencedBlock {
  /** The info string's first word: `sh`, `json`, or "" for a bare fence. */
  readonly lang: string;
  readonly body: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
}

export function fencedBlocks(markdown: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  let open: { lang: string; line: number; fence: string; indent: number; lines: string[] } | undefined;
  markdown.split("\n").forEach((text, index) => {
    const fence = /^(\s*)(`{3,})(.*)$/.exec(text);
    if (!open && fence) {
      const lang = fence[3].trim().split(/\s+/)[0] ?? "";
      open = { lang, line: index + 1, fence: fence[2], indent: fence[1].length, lines: [] };
      return;
    }
    if (open && fence && fence[2].length >= open.fence.length && fence[3].trim() === "") {
      blocks.push({ lang: open.lang, body: open.lines.join("\n"), line: open.line });
      open = undefined;
      return;
    }
    // A block inside a list item is indented as a whole, like its fence; its content is not.
    if (open) open.lines.push(text.slice(Math.min(open.indent, /^ */.exec(text)![0].length)));
  });
  return blocks;
}

/** Markdown without its fenced blocks (fence lines and contents become empty lines, so line numbers stay). */
function prose(markdown: string): string[] {
  const lines = markdown.split("\n");
  const inside = new Set<number>();
  for (const block of fencedBlocks(markdown)) {
    const count = block.body.split("\n").length + 2;
    for (let i = 0; i < count; i++) inside.add(block.line - 1 + i);
  }
  return lines.map((line, index) => (inside.has(index) ? "" : line));
}

export interface Heading {
  readonly text: string;
  /** The anchor GitHub gives it (`#…` in links). */
  readonly anchor: string;
}

export function headings(markdown: string): Heading[] {
  const seen = new Map<string, number>();
  return prose(markdown)
    .map((line) => /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1])
    .filter((text): text is string => text !== undefined)
    .map((text) => {
      const slug = githubSlug(text);
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      return { text: text.replace(/`/g, ""), anchor: count === 0 ? slug : `${slug}-${count}` };
    });
}

/** GitHub's heading anchors: lower case, punctuation dropped, each space a dash. */
export function githubSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/ /g, "-");
}

export interface Link {
  readonly target: string;
  readonly line: number;
}

/** Inline links `[text](target)` outside code, without external (scheme) targets. */
export function relativeLinks(markdown: string): Link[] {
  return prose(markdown).flatMap((line, index) =>
    [...line.replace(/`[^`]*`/g, "").matchAll(/\]\(([^)\s]+)\)/g)]
      .map((match) => match[1])
      .filter((target) => !/^[a-z][a-z+.-]*:/i.test(target))
      .map((target) => ({ target, line: index + 1 })),
  );
}

/** Shell blocks: what a reader would paste into a terminal. */
export const COMMAND_LANGS = new Set(["sh", "bash", "shell", "console", "zsh"]);

/**
 * A command block that cannot run offline says so on its first line, visibly: `# needs: <what>`
 * (credentials, a real org, the network, a shell of its own). Returns that reason.
 */
export function needs(block: FencedBlock): string | undefined {
  const first = block.body.split("\n")[0] ?? "";
  return /^#\s*needs:\s*(\S.*)$/.exec(first)?.[1];
}
