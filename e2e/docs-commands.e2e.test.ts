/**
 * The docs' commands work as written: every ```sh block of every Markdown file of the project (the
 * README, docs/*.md whoever adds them, each folder's README) runs, in order, in a copy of the project
 * (e2e/support/project-copy.ts). A block that cannot run here starts with a visible `# needs: <what>`
 * line and shows up as skipped with that reason; an unmarked block that fails fails the test.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../sandbox/emulator/start";
import { COMMAND_LANGS, docFiles, fencedBlocks, needs, type FencedBlock } from "../test/docs/markdown";
import { projectCopy, removeProjectCopies } from "./support/project-copy";
import { run } from "./support/run";

afterAll(removeProjectCopies);

const BLOCK_TIMEOUT_MS = 300_000;

/** What a reader's shell would not have here: credentials, tokens and settings that point elsewhere. */
const NOT_INHERITED = /^(GENESYSCLOUD_|PARTNER_|TF_|CDKTF_|AWS_|GH_|GITHUB_TOKEN$|E2E_)/;

function shellEnv(): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([name]) => !NOT_INHERITED.test(name));
  return { ...Object.fromEntries(inherited), CHECKPOINT_DISABLE: "1", CI: "true" };
}

const docs = docFiles(PROJECT_ROOT)
  .map((file) => ({
    file,
    blocks: fencedBlocks(readFileSync(join(PROJECT_ROOT, file), "utf8")).filter((b) => COMMAND_LANGS.has(b.lang)),
  }))
  .filter((doc) => doc.blocks.length > 0);

it("finds command blocks to run, in the README among others", () => {
  const runnable = docs.flatMap((doc) => doc.blocks.filter((block) => !needs(block)).map(() => doc.file));
  expect(runnable).toContain("README.md");
});

describe.each(docs)("$file", ({ file, blocks }) => {
  // One copy per doc: its blocks build on each other in order, as a reader's would.
  let copy: string | undefined;
  const root = () => (copy ??= projectCopy());
  const runnable = blocks.filter((block) => !needs(block));
  const marked = blocks.filter((block) => needs(block));

  if (runnable.length > 0) {
    it.each(runnable.map((block) => [label(block), block] as const))(
      "%s",
      (_label, block) => {
        const result = run(
          `docs ${file}:${block.line}`,
          "bash",
          ["-e", "-o", "pipefail", "-c", block.body],
          shellEnv(),
          root(),
          BLOCK_TIMEOUT_MS,
        );
        const failure = result.code === 0 ? "" : `${result.stdout}\n${result.stderr}`.slice(-4000);
        expect({ code: result.code, failure }).toEqual({ code: 0, failure: "" });
      },
      BLOCK_TIMEOUT_MS + 60_000,
    );
  }
  if (marked.length > 0) {
    it.skip.each(marked.map((block) => [label(block)]))("%s", () => undefined);
  }
});

function label(block: FencedBlock): string {
  const reason = needs(block);
  const first = block.body.split("\n").find((line) => line.trim() && !line.startsWith("#")) ?? "";
  return `line ${block.line}: ${first.trim().slice(0, 60)}${reason ? ` (needs: ${reason})` : ""}`;
}
