import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { DEPLOY_PHASES, DeployPhase } from "../../lib/deploy-phase";
import { apiBaseUrl, loginBaseUrl, Region, REGIONS } from "../../lib/genesys/provider-rules";
import { OUTPUT_NAMES } from "../../lib/stack-outputs";
import { CommandError } from "../core/errors";
import { readJsonFile, writeFileAtomically } from "../core/files";
import { assertNotCommittable, ignoredPathAdvice } from "./git";
import { TerraformOutputs } from "../core/terraform";

export interface StackOutputs {
  readonly organizationId: string;
  readonly organizationName: string;
  readonly region: Region;
  readonly apiBaseUrl: string;
  readonly loginBaseUrl: string;
  readonly deployPhase: DeployPhase;
  /** Absent in deploy phase "role": the client does not exist yet. */
  readonly oauthClientId?: string;
  /** Only when the stack exposes it and the outputs were read with sensitive outputs. */
  readonly oauthClientSecret?: string;
  /** Only when the stack declares the bot-session role. */
  readonly botSessionRoleId?: string;
  readonly botSessionRoleName?: string;
}

/** An outputs file: `{ <stack>: { <output name>: value } }`, as `cdktf deploy/output --outputs-file` writes it. */
export type OutputsFile = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const N = OUTPUT_NAMES;

function text(name: string, missing = `output "${name}" is missing`) {
  return z
    .string({
      error: (issue) =>
        issue.input === undefined ? missing : `output "${name}" must be a string, got ${describe(issue.input)}`,
    })
    .refine((value) => value.trim() !== "", `output "${name}" is empty`);
}

function uuid(name: string) {
  return text(name).refine((value) => value.trim() === "" || UUID.test(value), {
    error: (issue) => `output "${name}" must be a UUID, got ${JSON.stringify(issue.input)}`,
  });
}

/** One stack's outputs; in deploy phase "role" there is no client yet, but the bot-session role's name. */
function stackSchema(phase: DeployPhase | undefined) {
  const role = phase === "role";
  return z
    .object({
      [N.organizationId]: uuid(N.organizationId),
      [N.organizationName]: text(N.organizationName),
      [N.region]: text(N.region)
        .transform((value) => value.toLowerCase())
        .pipe(
          z.enum(REGIONS, {
            error: (issue) =>
              `output "${N.region}" must be a Genesys Cloud region (${REGIONS.join(", ")}), got ${JSON.stringify(issue.input)}`,
          }),
        ),
      [N.apiBaseUrl]: text(N.apiBaseUrl),
      [N.loginBaseUrl]: text(N.loginBaseUrl),
      [N.deployPhase]: z.enum(DEPLOY_PHASES, {
        error: (issue) =>
          issue.input === undefined
            ? `output "${N.deployPhase}" is missing`
            : `output "${N.deployPhase}" must be one of ${DEPLOY_PHASES.join(", ")}, got ${JSON.stringify(issue.input)}`,
      }),
      // In phase "role" the stack declares no client, so there is no client id to check.
      ...(role ? {} : { [N.oauthClientId]: uuid(N.oauthClientId) }),
      [N.botSessionRoleName]: role
        ? text(N.botSessionRoleName, `output "${N.botSessionRoleName}" is missing though "${N.deployPhase}" is "role"`)
        : text(N.botSessionRoleName).optional(),
      [N.botSessionRoleId]: uuid(N.botSessionRoleId).optional(),
      [N.oauthClientSecret]: z
        .string({ error: `output "${N.oauthClientSecret}" must be a non-empty string (value not shown)` })
        .min(1, `output "${N.oauthClientSecret}" must be a non-empty string (value not shown)`)
        .optional(),
    })
    .strip();
}

/** The base URLs must be the region's; checked apart so that other problems do not hide these. */
const baseUrlsSchema = z
  .object({
    [N.region]: z
      .string()
      .transform((value) => value.toLowerCase())
      .pipe(z.enum(REGIONS)),
    [N.apiBaseUrl]: z.string(),
    [N.loginBaseUrl]: z.string(),
  })
  .superRefine((outputs, context) => {
    const region = outputs[N.region] as Region;
    for (const [name, expected, what] of [
      [N.apiBaseUrl, apiBaseUrl(region), "API"],
      [N.loginBaseUrl, loginBaseUrl(region), "login"],
    ] as const) {
      const given = outputs[name] as string;
      if (given.replace(/\/+$/, "") !== expected) {
        context.addIssue({
          code: "custom",
          path: [name],
          message: `output "${name}" is ${JSON.stringify(given)} but region "${region}" has the ${what} base URL "${expected}"`,
        });
      }
    }
  });

/** The fields of StackOutputs, in the order an outputs file lists them. */
const FIELDS = [
  "organizationId",
  "organizationName",
  "region",
  "apiBaseUrl",
  "loginBaseUrl",
  "deployPhase",
  "botSessionRoleId",
  "botSessionRoleName",
  "oauthClientId",
  "oauthClientSecret",
] as const;

/** The outputs of `stack`, checked; one error lists every problem and never shows the secret. */
export function stackOutputs(outputs: OutputsFile, stack: string, source: string): StackOutputs {
  const entry = Object.hasOwn(outputs, stack) ? outputs[stack] : undefined;
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
  const phase = DEPLOY_PHASES.find((known) => known === (entry as Record<string, unknown>)[N.deployPhase]);
  const schema = stackSchema(phase);
  const parsed = schema.safeParse(entry);
  // Problems in the order of the schema's keys, each base URL's in its place.
  const order = Object.keys(schema.shape);
  const issues = [...(parsed.error?.issues ?? []), ...(baseUrlsSchema.safeParse(entry).error?.issues ?? [])]
    .filter((issue) => issue.code === "custom" || parsed.error?.issues.includes(issue))
    .sort((a, b) => order.indexOf(String(a.path[0])) - order.indexOf(String(b.path[0])));
  if (!parsed.success || issues.length > 0) {
    const problems = issues.map((issue) => issue.message);
    throw new CommandError(`${source}: stack "${stack}":\n${problems.map((problem) => `  ${problem}`).join("\n")}`);
  }
  const values = parsed.data as Record<string, string | undefined>;
  const region = values[N.region] as Region;
  const given = FIELDS.filter((field) => values[N[field]] !== undefined).map((field) => [field, values[N[field]]]);
  return {
    ...Object.fromEntries(given),
    apiBaseUrl: apiBaseUrl(region),
    loginBaseUrl: loginBaseUrl(region),
  } as StackOutputs;
}

/** The checked outputs of a deployed stack, from `terraform output -json` (sensitive ones only when asked). */
export function deployedOutputs(stack: string, outputs: TerraformOutputs, includeSensitive: boolean): StackOutputs {
  if (Object.keys(outputs).length === 0) {
    throw new CommandError(
      `The state of stack "${stack}" has no outputs: it was never deployed (or its state is elsewhere).`,
    );
  }
  const values = Object.fromEntries(
    Object.entries(outputs)
      .filter(([, output]) => includeSensitive || !output.sensitive)
      .map(([name, output]) => [name, output.value]),
  );
  return stackOutputs({ [stack]: values }, stack, `deployed state of stack "${stack}"`);
}

/** The outputs file of `stack` written from checked outputs: what `cdktf output --outputs-file` writes. */
export function outputsFileOf(stack: string, outputs: StackOutputs): OutputsFile {
  const given = FIELDS.filter((field) => outputs[field] !== undefined).map((field) => [N[field], outputs[field]]);
  return { [stack]: Object.fromEntries(given) };
}

/** Creates the folder of an outputs file; refuses a target git would commit (with secrets) or that is no outputs file. */
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
  if (z.object({ lineage: z.unknown(), serial: z.unknown() }).safeParse(content).success) {
    refuse("it holds a Terraform state");
  }
}

export function writeOutputsFile(file: string, outputs: OutputsFile, containsSecrets: boolean): void {
  prepareOutputsFile(file, containsSecrets);
  writeFileAtomically(file, `${JSON.stringify(outputs, null, 2)}\n`, containsSecrets ? 0o600 : 0o644);
}

export function readOutputsFile(file: string): OutputsFile {
  const parsed = z.record(z.string(), z.unknown()).safeParse(
    readJsonFile(file, {
      missing: () =>
        `Outputs file ${file} not found: deploy the environment first ("npm run pipeline:deploy -- <env>" writes it), ` +
        `or pass the file written by "cdktf output --outputs-file" with --outputs-file.`,
      invalid: (message) => `Outputs file ${file} is not valid JSON: ${message}`,
    }),
  );
  if (!parsed.success) throw new CommandError(`Outputs file ${file} must hold a JSON object with one entry per stack`);
  return parsed.data;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `${typeof value === "number" ? "a number" : `a ${typeof value}`} (${JSON.stringify(value)})`;
}
