import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { DEPLOY_PHASES, DeployPhase } from "../../lib/deploy-phase";
import { apiBaseUrl, loginBaseUrl, Region, REGIONS } from "../../lib/genesys/provider-rules";
import { OUTPUT_NAMES as N } from "../../lib/stack-outputs";
import { CommandError } from "../core/errors";
import { readJsonFile, writeFileAtomically } from "../core/files";
import { assertNotCommittable, ignoredPathAdvice } from "./git";
import { TerraformOutputs } from "../core/terraform";

export interface StackOutputs {
  readonly organizationId: string;
  readonly organizationName: string;
  readonly region: Region;
  readonly apiBaseUrl: string;
  /** Tokens come from `<loginBaseUrl>/oauth/token`, not from the API base URL. */
  readonly loginBaseUrl: string;
  readonly deployPhase: DeployPhase;
  /** Only when the stack declares the bot-session role. */
  readonly botSessionRoleId?: string;
  readonly botSessionRoleName?: string;
  /** Absent in deploy phase "role": the client does not exist yet. */
  readonly oauthClientId?: string;
  /** Only when the stack exposes it and the outputs were read with sensitive outputs. */
  readonly oauthClientSecret?: string;
}

/** An outputs file: `{ <stack>: { <output name>: value } }`, as `cdktf deploy/output --outputs-file` writes it. */
export type OutputsFile = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Each message follows `output "<name>"`; a wrong type or a missing output gets its message from `problem`.
const text = z.string().refine((value) => value.trim() !== "", "is empty");
const uuid = text.refine((value) => value.trim() === "" || UUID.test(value), {
  error: (issue) => `must be a UUID, got ${JSON.stringify(issue.input)}`,
});
const oneOf = <T extends readonly string[]>(values: T, what = `one of ${values.join(", ")}`) =>
  z.enum(values, {
    error: (issue) => (issue.input === undefined ? undefined : `must be ${what}, got ${JSON.stringify(issue.input)}`),
  });

/** One stack's outputs by field, in the order an outputs file lists them; in deploy phase "role" there is no client yet. */
function stackSchema(role: boolean) {
  return z.object({
    organizationId: uuid,
    organizationName: text,
    region: text
      .transform((value) => value.toLowerCase())
      .pipe(oneOf(REGIONS, `a Genesys Cloud region (${REGIONS.join(", ")})`)),
    apiBaseUrl: text,
    loginBaseUrl: text,
    deployPhase: oneOf(DEPLOY_PHASES),
    botSessionRoleId: uuid.optional(),
    // In phase "role" the stack declares no client, so there is no client id to check, but the role's name.
    botSessionRoleName: role
      ? z
          .string({
            error: (issue) =>
              issue.input === undefined ? `is missing though "${N.deployPhase}" is "role"` : undefined,
          })
          .pipe(text)
      : text.optional(),
    ...(role ? {} : { oauthClientId: uuid }),
    oauthClientSecret: z
      .string({ error: "must be a non-empty string (value not shown)" })
      .min(1, "must be a non-empty string (value not shown)")
      .optional(),
  });
}

/** The message of an issue without one of its own: a missing output, or one of the wrong type. */
function problem(issue: z.core.$ZodRawIssue): string {
  return issue.input === undefined ? "is missing" : `must be a string, got ${describe(issue.input)}`;
}

/** The base URLs must be the region's; checked on the entry as given, so that other problems do not hide these. */
function baseUrlProblems(entry: Record<string, unknown>): { path: PropertyKey[]; message: string }[] {
  const given = entry.region;
  const region = REGIONS.find((known) => typeof given === "string" && given.toLowerCase() === known);
  if (region === undefined) return [];
  const expected = [
    ["apiBaseUrl", apiBaseUrl(region), "API"],
    ["loginBaseUrl", loginBaseUrl(region), "login"],
  ] as const;
  return expected.flatMap(([name, url, what]) => {
    const value = entry[name];
    if (typeof value !== "string" || value.replace(/\/+$/, "") === url) return [];
    return [
      { path: [name], message: `is ${JSON.stringify(value)} but region "${region}" has the ${what} base URL "${url}"` },
    ];
  });
}

/** The outputs of `stack`, checked; one error lists every problem and never shows the secret. */
export function stackOutputs(outputs: OutputsFile, stack: string, source: string): StackOutputs {
  const entry = Object.hasOwn(outputs, stack) ? outputs[stack] : undefined;
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    const stacks = Object.keys(outputs).map((name) => `"${name}"`);
    throw new CommandError(
      entry === undefined
        ? `${source} has no outputs for stack "${stack}" (it has ${stacks.join(", ") || "none"})`
        : `${source}: the outputs of stack "${stack}" must be an object of output values`,
    );
  }
  // By field: each output under its name in StackOutputs.
  const given = Object.fromEntries(Object.entries(N).map(([field, name]) => [field, (entry as OutputsFile)[name]]));
  const schema = stackSchema(given.deployPhase === "role");
  const parsed = schema.safeParse(given, { error: problem });
  // Problems in the order of the schema's keys, each base URL's in its place.
  const order = Object.keys(schema.shape);
  const issues = [...(parsed.error?.issues ?? []), ...baseUrlProblems(given)].sort(
    (a, b) => order.indexOf(String(a.path[0])) - order.indexOf(String(b.path[0])),
  );
  if (!parsed.success || issues.length > 0) {
    const problems = issues.map((issue) => `  output "${N[issue.path[0] as keyof typeof N]}" ${issue.message}`);
    throw new CommandError(`${source}: stack "${stack}":\n${problems.join("\n")}`);
  }
  const { region } = parsed.data;
  return { ...parsed.data, apiBaseUrl: apiBaseUrl(region), loginBaseUrl: loginBaseUrl(region) } as StackOutputs;
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
  return {
    [stack]: Object.fromEntries(
      Object.entries(outputs).map(([field, value]) => [N[field as keyof StackOutputs], value]),
    ),
  };
}

/** Creates the folder of an outputs file; refuses a target git would commit (with secrets) or that is no outputs file. */
export function prepareOutputsFile(file: string, containsSecrets: boolean): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  assertReplaceable(file);
  if (containsSecrets) assertNotCommittable(file, "sensitive outputs", ignoredPathAdvice("cdktf.out/"));
}

function assertReplaceable(file: string): void {
  const stat = fs.lstatSync(file, { throwIfNoEntry: false });
  if (stat === undefined) return;
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
