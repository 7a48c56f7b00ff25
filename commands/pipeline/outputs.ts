import * as fs from "fs";
import * as path from "path";
import { DEPLOY_PHASES, DeployPhase } from "../../lib/deploy-phase";
import { apiBaseUrl, loginBaseUrl, Region, REGIONS } from "../../lib/genesys/provider-rules";
import { OUTPUT_NAMES } from "../../lib/stack-outputs";
import { CommandError } from "../core/errors";
import { assertNotCommittable, ignoredPathAdvice } from "./git";
import { writeFileAtomically } from "../core/files";
import { StackTerraform, TerraformOutput } from "./terraform";

export interface StackOutputs {
  readonly organizationId: string;
  readonly organizationName: string;
  readonly region: Region;
  readonly apiBaseUrl: string;
  readonly loginBaseUrl: string;
  readonly deployPhase: DeployPhase;
  /** Absent in deploy phase "role": the client does not exist yet. */
  readonly oauthClientId?: string;
  /** Only when the stack exposes it and the outputs were written with sensitive outputs. */
  readonly oauthClientSecret?: string;
  /** Only when the stack declares the bot-session role. */
  readonly botSessionRoleId?: string;
  readonly botSessionRoleName?: string;
}

/**
 * The JSON that `cdktf deploy/output --outputs-file` writes: `{ <stack>: { <construct id>: value } }`,
 * nested when an output sits in a construct below the stack.
 */
export type CdktfOutputs = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Builds what `cdktf deploy --outputs-file` would write for `stack` from `terraform output -json`,
 * using the construct-path map cdktf puts in cdk.tf.json (`"//".outputs`). Like cdktf, sensitive
 * outputs are left out unless `includeSensitive`.
 */
export function cdktfOutputsFile(
  stackJson: unknown,
  stack: string,
  outputs: Readonly<Record<string, TerraformOutput>>,
  includeSensitive: boolean,
): CdktfOutputs {
  const pick = (name: string): unknown => {
    const output = outputs[name];
    return output && (!output.sensitive || includeSensitive) ? output.value : undefined;
  };
  const mapping = (stackJson as { "//"?: { outputs?: unknown } } | null)?.["//"]?.outputs;
  if (typeof mapping !== "object" || mapping === null) {
    return { [stack]: compact(Object.fromEntries(Object.keys(outputs).map((name) => [name, pick(name)]))) };
  }
  const walk = (node: Record<string, unknown>): Record<string, unknown> | undefined => {
    const mapped = compact(
      Object.fromEntries(
        Object.entries(node).map(([key, value]) => [
          key,
          typeof value === "string"
            ? pick(value)
            : typeof value === "object" && value
              ? walk(value as Record<string, unknown>)
              : undefined,
        ]),
      ),
    );
    return Object.keys(mapped).length > 0 ? mapped : undefined;
  };
  return walk(mapping as Record<string, unknown>) ?? {};
}

/** The outputs file of a deployed stack, from its state (`terraform output`) and its cdk.tf.json. */
export function deployedOutputsFile(
  stackDir: string,
  stack: string,
  terraform: StackTerraform,
  includeSensitive: boolean,
): CdktfOutputs {
  const stackJson: unknown = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
  return cdktfOutputsFile(stackJson, stack, terraform.outputs(), includeSensitive);
}

/**
 * Creates the folder of an outputs file; refuses a file git would commit when it is to hold
 * secrets, and a target that is not an outputs file (a folder, a Terraform state file…), which the
 * deploy would otherwise replace.
 */
export function prepareOutputsFile(file: string, containsSecrets: boolean): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  assertReplaceable(file);
  if (containsSecrets) assertNotCommittable(file, "sensitive outputs", ignoredPathAdvice("cdktf.out/"));
}

function assertReplaceable(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    return;
  }
  const refuse = (why: string) => {
    throw new CommandError(
      `Refusing to write outputs to ${file}: ${why}. Nothing was run; choose another --outputs-file.`,
    );
  };
  if (!stat.isFile()) refuse("it exists and is not a regular file");
  if (/\.tfstate(\.backup)?$/i.test(file)) refuse("it is named like a Terraform state file");
  let content: unknown;
  try {
    content = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    refuse("it exists and is not a JSON outputs file");
  }
  const looksLikeState = typeof content === "object" && content !== null && "lineage" in content && "serial" in content;
  if (looksLikeState) refuse("it holds a Terraform state");
}

export function writeOutputsFile(file: string, outputs: CdktfOutputs, containsSecrets: boolean): void {
  prepareOutputsFile(file, containsSecrets);
  writeFileAtomically(file, `${JSON.stringify(outputs, null, 2)}\n`, containsSecrets ? 0o600 : 0o644);
}

export function readOutputsFile(file: string): CdktfOutputs {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new CommandError(`Could not read outputs file ${file}: ${(error as Error).message}`);
    }
    throw new CommandError(
      `Outputs file ${file} not found: deploy the environment first ("npm run pipeline:deploy -- <env>" writes it), ` +
        `or pass the file written by "cdktf output --outputs-file" with --outputs-file.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CommandError(`Outputs file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new CommandError(`Outputs file ${file} must hold a JSON object with one entry per stack`);
  }
  return parsed as CdktfOutputs;
}

/**
 * The outputs of `stack`, checked: every required output present with the right type and shape,
 * and api_base_url matching region. Throws one error listing every problem; never shows the secret.
 */
export function stackOutputs(outputs: CdktfOutputs, stack: string, source: string): StackOutputs {
  const entry = outputs[stack];
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    const stacks = Object.keys(outputs);
    throw new CommandError(
      entry === undefined
        ? `${source} has no outputs for stack "${stack}" (it has ${
            stacks.length ? stacks.map((s) => `"${s}"`).join(", ") : "none"
          })`
        : `${source}: the outputs of stack "${stack}" must be an object of output values`,
    );
  }
  const values = entry as Record<string, unknown>;
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const value = values[name];
    if (value === undefined) problems.push(`output "${name}" is missing`);
    else if (typeof value !== "string") problems.push(`output "${name}" must be a string, got ${describe(value)}`);
    else if (value.trim() === "") problems.push(`output "${name}" is empty`);
    else return value;
    return undefined;
  };
  const uuid = (name: string): string | undefined => {
    const value = text(name);
    if (value !== undefined && !UUID.test(value))
      problems.push(`output "${name}" must be a UUID, got ${JSON.stringify(value)}`);
    return value;
  };

  const organizationId = uuid(OUTPUT_NAMES.organizationId);
  const organizationName = text(OUTPUT_NAMES.organizationName);
  const regionText = text(OUTPUT_NAMES.region);
  const region = REGIONS.find((known) => known === regionText?.toLowerCase());
  if (regionText !== undefined && !region) {
    problems.push(
      `output "${OUTPUT_NAMES.region}" must be a Genesys Cloud region (${REGIONS.join(", ")}), got ${JSON.stringify(
        regionText,
      )}`,
    );
  }
  const baseUrl = text(OUTPUT_NAMES.apiBaseUrl);
  if (baseUrl !== undefined && region && baseUrl.replace(/\/+$/, "") !== apiBaseUrl(region)) {
    problems.push(
      `output "${OUTPUT_NAMES.apiBaseUrl}" is ${JSON.stringify(
        baseUrl,
      )} but region "${region}" has the API base URL "${apiBaseUrl(region)}"`,
    );
  }
  const loginUrl = text(OUTPUT_NAMES.loginBaseUrl);
  if (loginUrl !== undefined && region && loginUrl.replace(/\/+$/, "") !== loginBaseUrl(region)) {
    problems.push(
      `output "${OUTPUT_NAMES.loginBaseUrl}" is ${JSON.stringify(
        loginUrl,
      )} but region "${region}" has the login base URL "${loginBaseUrl(region)}"`,
    );
  }
  const phaseText = text(OUTPUT_NAMES.deployPhase);
  const deployPhase = DEPLOY_PHASES.find((phase) => phase === phaseText);
  if (phaseText !== undefined && !deployPhase) {
    problems.push(
      `output "${OUTPUT_NAMES.deployPhase}" must be one of ${DEPLOY_PHASES.join(", ")}, got ${JSON.stringify(phaseText)}`,
    );
  }
  // In phase "role" the stack declares no client, so there is no client id to check.
  const oauthClientId = deployPhase === "role" ? undefined : uuid(OUTPUT_NAMES.oauthClientId);
  const roleName =
    values[OUTPUT_NAMES.botSessionRoleName] === undefined ? undefined : text(OUTPUT_NAMES.botSessionRoleName);
  const roleId = values[OUTPUT_NAMES.botSessionRoleId] === undefined ? undefined : uuid(OUTPUT_NAMES.botSessionRoleId);
  if (deployPhase === "role" && roleName === undefined) {
    problems.push(
      `output "${OUTPUT_NAMES.botSessionRoleName}" is missing though "${OUTPUT_NAMES.deployPhase}" is "role"`,
    );
  }
  const secret = values[OUTPUT_NAMES.oauthClientSecret];
  if (secret !== undefined && (typeof secret !== "string" || secret === "")) {
    problems.push(`output "${OUTPUT_NAMES.oauthClientSecret}" must be a non-empty string (value not shown)`);
  }

  if (problems.length > 0) {
    throw new CommandError(`${source}: stack "${stack}":\n${problems.map((problem) => `  ${problem}`).join("\n")}`);
  }
  return {
    organizationId: organizationId!,
    organizationName: organizationName!,
    region: region!,
    apiBaseUrl: apiBaseUrl(region!),
    loginBaseUrl: loginBaseUrl(region!),
    deployPhase: deployPhase!,
    ...(oauthClientId !== undefined ? { oauthClientId } : {}),
    ...(typeof secret === "string" ? { oauthClientSecret: secret } : {}),
    ...(roleId !== undefined ? { botSessionRoleId: roleId } : {}),
    ...(roleName !== undefined ? { botSessionRoleName: roleName } : {}),
  };
}

function compact(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `${typeof value === "number" ? "a number" : `a ${typeof value}`} (${JSON.stringify(value)})`;
}
