/** `npm run doctor` (USAGE, docs/doctor.md): an environment's partner client, or one access token, against the live API. */
import * as path from "node:path";
import { type Readable, addAbortSignal } from "node:stream";
import { STACK_NAME, configDirFromEnv } from "../../lib/config/load";
import type { EnvironmentConfig } from "../../lib/config/schema";
import { CREDENTIAL_ENV_VARS, REGIONS, type Region } from "../../lib/genesys/provider-rules";
import { readAppConfig } from "../core/app-config";
import type { CommandIo } from "../core/cli";
import { runCli as coreRunCli, flag, help, parseCommandLine, processIo, runCommand, text } from "../core/cli";
import { loadEnvironment } from "../core/environments";
import { asUsage, usageError } from "../core/errors";
import { parseFlowId, parseGateway, tokenSession } from "../core/genesys-api";
import { PARTNER_SECRET_ENV, checkDeployed, doctorCredentials } from "./checks";
import { printReport } from "./report";
import { type Expectation, runTokenDoctor } from "./token-checks";

export const USAGE = `Usage: npm run doctor -- <env> [options]
       npm run --silent doctor -- token [options] < file-with-the-token

doctor <env> checks, against the live Genesys Cloud API, that the partner client deployed for <env> can start
bot sessions: login, organization, roles, bot-session-permission, live-session (docs/doctor.md).
  --app-config FILE   what the app is configured with (default: app-config/<env>.json)
Environment: ${PARTNER_SECRET_ENV} (the app's client secret); ${CREDENTIAL_ENV_VARS.clientId} and
${CREDENTIAL_ENV_VARS.clientSecret} (the deployer's, optional: without them roles and bot-session-permission are skipped).

doctor token: Reads ONE access token from stdin (a pipe or a file, never a terminal, never an argument) and checks,
against the live Genesys Cloud API, what it is and whether it can start bot sessions: token, org, scope, permission,
live-session (docs/doctor.md, "The token doctor"). The token is never printed.
  --env ENV           the environment or customer stack (customer-<name>) the token is meant for: its config's
                      org and region
  --expect-org ORG    the org the token is meant for: an organization id or its exact name (instead of --env)
  --region REGION     the region the token is from (default: the --env config's region)

Options of both:
  --flow-id ID        also start a real bot session of this bot flow with the app's token, or the token (live-session)
  --gateway URL       send every call through this gateway, for a token instead of --region (SDK gateway layout:
                      URL/login/..., URL/api/api/v2/...)
  --json              print only the report: { environment, checks: [{ id, status, detail, fix }] }
                      (docs/doctor.schema.json); for a token { token, checks } (docs/doctor-token.schema.json)
  --config-dir DIR    environment configs (default: $PARTNER_OAUTH_CONFIG_DIR or config)

Exit status: 0 every check that ran passed, 1 a check failed, 2 usage error.`;

/** Where the token comes from; only the CLI's runner reads the real stdin. */
export interface TokenSource {
  /** Whether stdin is a terminal: then the token would be typed or pasted where it shows. */
  readonly isTTY: boolean;
  /** All of stdin, or why not: more than `limit` bytes, or no end within the source's deadline. */
  read(limit: number): Promise<string | { readonly problem: string }>;
}

export interface DoctorIo extends CommandIo {
  /** Read only by the token doctor; none stands for a terminal. */
  readonly stdin?: TokenSource;
}

/** The options both doctors take. */
const COMMON_OPTIONS = { "flow-id": text, gateway: text, json: flag, "config-dir": text, help } as const;

/** What the common options say; `echo` shows a bad flow id (the token doctor never echoes: it may be the token). */
function commonOptions(
  values: { readonly "flow-id"?: string; readonly gateway?: string; readonly "config-dir"?: string },
  env: NodeJS.ProcessEnv,
  echo: boolean,
) {
  return {
    flowId: parseFlowId(values["flow-id"], echo),
    gateway: values.gateway === undefined ? undefined : parseGateway(values.gateway),
    configDir: values["config-dir"] ?? configDirFromEnv(env),
  };
}

/** Runs the doctor for one command line; returns the exit code. */
export async function main(argv: readonly string[], io: DoctorIo): Promise<number> {
  return runCommand(async () => {
    if (argv[0] === "token") return tokenDoctor(argv.slice(1), io);
    const { values, positionals } = parseCommandLine("doctor", argv, { "app-config": text, ...COMMON_OPTIONS });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    if (positionals.length !== 1) {
      throw usageError(
        `doctor takes exactly one environment, e.g. "doctor dev"; got ${positionals.length ? positionals.join(" ") : "none"}`,
      );
    }
    const environment = positionals[0]!;
    const { flowId, gateway, configDir } = commonOptions(values, io.env, true);
    const config = asUsage(() => loadEnvironment(environment, configDir, process.cwd()));
    const appConfigFile = values["app-config"] ?? path.join("app-config", `${environment}.json`);
    const options = { gateway, flowId, appConfigFile };
    const report = await checkDeployed(config, readAppConfig(appConfigFile), doctorCredentials(io.env), options);
    return printReport(report, values.json === true, io.out);
  }, io.err);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `doctor token` (without the leading "token"): every option is checked before stdin is read. */
async function tokenDoctor(argv: readonly string[], io: DoctorIo, projectDir = process.cwd()): Promise<number> {
  const options = { env: text, "expect-org": text, region: text, ...COMMON_OPTIONS };
  const { values, positionals } = parseCommandLine(undefined, argv, options);
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (positionals.length > 0) {
    // Never echoed: the likeliest extra argument is the token itself.
    throw usageError(
      `doctor token takes no arguments besides its options (${positionals.length} given): the token is read ` +
        `from stdin, never from the command line`,
    );
  }
  if (values.env !== undefined && values["expect-org"] !== undefined) {
    throw usageError(`give either --env or --expect-org: --env already means its config's org`);
  }
  if (values.region !== undefined && values.gateway !== undefined) {
    throw usageError(`give either --region or --gateway: a gateway fronts one region`);
  }
  const { flowId, gateway, configDir } = commonOptions(values, io.env, false);
  let env: EnvironmentConfig | undefined;
  if (values.env !== undefined) {
    if (!STACK_NAME.test(values.env)) {
      throw usageError(`--env must be an environment or customer stack name (lower-case letters, digits and dashes)`);
    }
    env = asUsage(() => loadEnvironment(values.env!, configDir, projectDir));
  }
  const expect: Expectation | undefined = env
    ? { name: env.organization.name, id: env.organization.id, source: `${env.file} (environment ${env.name})` }
    : expectedOrg(values["expect-org"]);
  const target = gateway ? { gateway } : { region: regionOf(values.region, env) };
  const token = await readToken(io.stdin);
  const report = await runTokenDoctor({ session: tokenSession(target, token), expect, env, flowId });
  return printReport(report, values.json === true, (line) => io.out(redact(line, token)));
}

/** `--expect-org`: an organization id (a UUID) or an exact name. */
function expectedOrg(option: string | undefined): Expectation | undefined {
  const org = option?.trim();
  if (org === undefined) return undefined;
  if (org === "") throw usageError(`--expect-org needs an organization id or name`);
  return UUID.test(org) ? { id: org, source: `--expect-org ${org}` } : { name: org, source: `--expect-org "${org}"` };
}

/** The region the token is from: `--region`, else the `--env` config's. */
function regionOf(region: string | undefined, env: EnvironmentConfig | undefined): Region {
  if (region === undefined) {
    if (env) return env.region as Region;
    throw usageError(`say where the token is from: --region REGION, --gateway URL, or --env ENV (its config's region)`);
  }
  if (!(REGIONS as readonly string[]).includes(region)) {
    throw usageError(`--region must be one of ${REGIONS.join(", ")}`);
  }
  if (env && env.region !== region) {
    throw usageError(`--region ${region} is not the region of ${env.file} (${env.region})`);
  }
  return region as Region;
}

const MAX_STDIN_BYTES = 64 * 1024;
const BEARER = /^\s*Bearer\s+/i;
const TOKEN_CHARS = /^[A-Za-z0-9\-._~+/]+=*$/;
const TOKEN_LENGTH = { min: 16, max: 8192 } as const;

/** The one token on stdin: surrounding whitespace and a "Bearer " prefix are dropped; nothing of it is echoed. */
async function readToken(stdin: TokenSource | undefined): Promise<string> {
  if (stdin?.isTTY !== false) {
    throw usageError(
      `stdin is a terminal: the token would show as it is typed or pasted. Pipe it in or read it from a file, ` +
        `e.g. "npm run --silent doctor -- token --env dev < token.txt"`,
    );
  }
  const text = await stdin.read(MAX_STDIN_BYTES);
  if (typeof text !== "string") throw usageError(`${text.problem}: give it one access token`);
  const parts = text.replace(BEARER, "").split(/\s+/).filter(Boolean);
  if (parts.length === 0) throw usageError(`stdin is empty: give it one access token`);
  if (parts.length > 1) throw usageError(`stdin holds ${parts.length} words: give it exactly one access token`);
  const token = parts[0]!;
  if (!TOKEN_CHARS.test(token) || token.length < TOKEN_LENGTH.min || token.length > TOKEN_LENGTH.max) {
    throw usageError(
      `stdin does not hold an access token: one word of ${TOKEN_LENGTH.min} to ${TOKEN_LENGTH.max} letters, ` +
        `digits and - . _ ~ + / (got ${token.length} characters)`,
    );
  }
  return token;
}

const REDACTED = "[redacted]";

/**
 * The last guard before the token doctor prints: every piece of `secret` of at least `minimum` characters
 * becomes "[redacted]". The doctor never writes the token itself; this catches a server answer that
 * echoes it (every server response is untrusted).
 */
export function redact(text: string, secret: string, minimum = 12): string {
  if (secret.length < minimum) return text.split(secret).join(REDACTED);
  let out = "";
  let i = 0;
  while (i < text.length) {
    let end = i + minimum;
    if (end <= text.length && secret.includes(text.slice(i, end))) {
      while (end < text.length && secret.includes(text.slice(i, end + 1))) end++;
      out += REDACTED;
      i = end;
    } else {
      out += text[i];
      i++;
    }
  }
  return out;
}

/**
 * A stream as a TokenSource: all of it, unless it is larger than the limit or does not end within `deadlineMs`
 * (an inherited stdin that nothing writes to and nothing closes would otherwise hang the doctor).
 */
export function streamSource(stream: Readable, isTTY: boolean, deadlineMs = 30_000): TokenSource {
  return {
    isTTY,
    read: async (limit) => {
      const deadline = AbortSignal.timeout(deadlineMs);
      let all = Buffer.alloc(0);
      try {
        for await (const chunk of addAbortSignal(deadline, stream)) {
          all = Buffer.concat([all, Buffer.from(chunk)]);
          if (all.length > limit) return { problem: `stdin holds more than ${limit} bytes` };
        }
      } catch (error) {
        if (deadline.aborted) return { problem: `stdin did not end within ${deadlineMs / 1000} s` };
        throw error;
      }
      return all.toString("utf8");
    },
  };
}

/** The command line entry point (scripts/run-bundled.js). */
export function runCli(argv: readonly string[]): void {
  const stdin = streamSource(process.stdin, process.stdin.isTTY === true);
  coreRunCli("doctor", (args) => main(args, { ...processIo(), stdin }), argv);
}
