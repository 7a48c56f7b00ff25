/** `npm run --silent doctor -- token` (TOKEN_USAGE, docs/doctor.md, "The token doctor"). */
import { type CommandIo, flag, help, parseCommandLine, runCommand, text } from "../core/cli";
import { configDirFromEnv, STACK_NAME } from "../../lib/config/load";
import type { EnvironmentConfig } from "../../lib/config/schema";
import { REGIONS, REGION_DOMAINS, type Region } from "../../lib/genesys/provider-rules";
import { loadEnvironment } from "../core/environments";
import { asUsage, usageError } from "../core/errors";
import { type Target, api, parseGateway, tokenSession } from "../core/genesys-api";
import { redact } from "./redact";
import { exitCode, toLines } from "./report";
import { type Expectation, runTokenDoctor } from "./token-checks";

export const TOKEN_USAGE = `Usage: npm run --silent doctor -- token [options] < file-with-the-token

Reads ONE access token from stdin (a pipe or a file, never a terminal, never an argument) and checks, against the
live Genesys Cloud API, what it is and whether it can start bot sessions: token, org, scope, permission,
live-session (docs/doctor.md, "The token doctor"). The token is never printed.

Options:
  --env ENV           the environment or customer stack (customer-<name>) the token is meant for: its config's
                      org and region
  --expect-org ORG    the org the token is meant for: an organization id or its exact name (instead of --env)
  --region REGION     the region the token is from (default: the --env config's region)
  --gateway URL       send every call through this gateway instead (SDK gateway layout)
  --flow-id ID        also start a real bot session of this bot flow with the token (live-session)
  --json              print only { token, checks } (docs/doctor-token.schema.json)
  --config-dir DIR    environment configs (default: $PARTNER_OAUTH_CONFIG_DIR or config)

Exit status: 0 every check that ran passed, 1 a check failed, 2 usage error.`;

/** Where the token comes from; only the CLI's runner reads the real stdin. */
export interface TokenSource {
  /** Whether stdin is a terminal: then the token would be typed or pasted where it shows. */
  readonly isTTY: boolean;
  /** All of stdin, or why not: more than `limit` bytes, or no end within the source's deadline. */
  read(limit: number): Promise<string | { readonly problem: string }>;
}

export interface TokenIo extends CommandIo {
  readonly stdin: TokenSource;
}

const MAX_STDIN_BYTES = 64 * 1024;
const TOKEN_CHARS = /^[A-Za-z0-9\-._~+/]+=*$/;
const TOKEN_LENGTH = { min: 16, max: 8192 } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface TokenOptions {
  readonly expect?: Expectation;
  readonly target: Target;
  readonly flowId?: string;
  readonly json: boolean;
}

function parse(argv: readonly string[], env: NodeJS.ProcessEnv, projectDir: string): TokenOptions | "help" {
  const { values, positionals } = parseCommandLine(undefined, argv, {
    env: text,
    "expect-org": text,
    region: text,
    gateway: text,
    "flow-id": text,
    json: flag,
    "config-dir": text,
    help,
  });
  if (values.help) return "help";
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
  let config: EnvironmentConfig | undefined;
  if (values.env !== undefined) {
    if (!STACK_NAME.test(values.env)) {
      throw usageError(`--env must be an environment or customer stack name (lower-case letters, digits and dashes)`);
    }
    config = asUsage(() => loadEnvironment(values.env!, values["config-dir"] ?? configDirFromEnv(env), projectDir));
  }
  const expectOrg = values["expect-org"]?.trim();
  if (expectOrg === "") throw usageError(`--expect-org needs an organization id or name`);
  const expect: Expectation | undefined = config
    ? { from: "environment", config }
    : expectOrg === undefined
      ? undefined
      : UUID.test(expectOrg)
        ? { from: "option", id: expectOrg }
        : { from: "option", name: expectOrg };
  const flowId = values["flow-id"];
  if (flowId !== undefined && !/^[A-Za-z0-9-]{1,100}$/.test(flowId)) {
    throw usageError(`--flow-id must be a bot flow id (letters, digits and dashes)`);
  }
  return {
    ...(expect ? { expect } : {}),
    target: targetOf(values.region, values.gateway, config),
    ...(flowId !== undefined ? { flowId } : {}),
    json: values.json === true,
  };
}

function targetOf(region: string | undefined, gateway: string | undefined, config?: EnvironmentConfig): Target {
  if (gateway !== undefined) return { gateway: parseGateway(gateway) };
  if (region !== undefined) {
    if (!(REGIONS as readonly string[]).includes(region)) {
      throw usageError(`--region must be one of ${REGIONS.join(", ")}`);
    }
    if (config && config.region !== region) {
      throw usageError(`--region ${region} is not the region of ${config.file} (${config.region})`);
    }
    return { region: region as Region };
  }
  if (config) return { region: config.region as Region };
  throw usageError(`say where the token is from: --region REGION, --gateway URL, or --env ENV (its config's region)`);
}

/** The one token on stdin: surrounding whitespace and a "Bearer " prefix are dropped; nothing of it is echoed. */
async function readToken(stdin: TokenSource): Promise<string> {
  if (stdin.isTTY) {
    throw usageError(
      `stdin is a terminal: the token would show as it is typed or pasted. Pipe it in or read it from a file, ` +
        `e.g. "npm run --silent doctor -- token --env dev < token.txt"`,
    );
  }
  const text = await stdin.read(MAX_STDIN_BYTES);
  if (typeof text !== "string") throw usageError(`${text.problem}: give it one access token`);
  const parts = text
    .trim()
    .replace(/^Bearer\s+/i, "")
    .split(/\s+/)
    .filter(Boolean);
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

/** Runs the token doctor for one command line (without the leading "token"); returns the exit code. */
export function tokenMain(argv: readonly string[], io: TokenIo, projectDir = process.cwd()): Promise<number> {
  return runCommand(
    async () => {
      const options = parse(argv, io.env, projectDir);
      if (options !== "help") return checkToken(options, await readToken(io.stdin), io);
      io.out(TOKEN_USAGE);
      return 0;
    },
    io.err,
    `Run "npm run doctor -- token --help" for usage.`,
  );
}

async function checkToken(options: TokenOptions, token: string, io: TokenIo): Promise<number> {
  const session = tokenSession(options.target, token);
  const report = await runTokenDoctor({
    api: {
      tokensMe: () => api.tokensMe(session),
      usersMeWithAuthorization: () => api.usersMeWithAuthorization(session),
      oauthClient: (id) => api.oauthClient(session, id),
      role: (id) => api.role(session, id),
      startBotSession: (flowId, externalSessionId) => api.startBotSession(session, flowId, externalSessionId),
    },
    where: options.target.gateway
      ? `the gateway ${options.target.gateway.origin}`
      : `api.${REGION_DOMAINS[options.target.region]}`,
    expect: options.expect,
    flowId: options.flowId,
  });
  const lines = options.json ? [JSON.stringify(report)] : toLines(report);
  for (const line of lines) io.out(redact(line, token));
  return exitCode(report);
}

const STDIN_DEADLINE_MS = 30_000;

/**
 * A stream as a TokenSource: all of it, unless it is larger than the limit or does not end within `deadlineMs`
 * (an inherited stdin that nothing writes to and nothing closes would otherwise hang the doctor).
 */
export function streamSource(
  stream: NodeJS.ReadableStream,
  isTTY: boolean,
  deadlineMs = STDIN_DEADLINE_MS,
): TokenSource {
  return {
    isTTY,
    read: (limit) =>
      new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = (value: string | { problem: string }) => {
          clearTimeout(timer);
          stream.removeAllListeners("data");
          stream.pause();
          resolve(value);
        };
        const timer = setTimeout(
          () => done({ problem: `stdin did not end within ${deadlineMs / 1000} s` }),
          deadlineMs,
        );
        stream.on("data", (chunk: Buffer | string) => {
          size += Buffer.byteLength(chunk);
          if (size > limit) return done({ problem: `stdin holds more than ${limit} bytes` });
          chunks.push(Buffer.from(chunk));
        });
        stream.once("end", () => done(Buffer.concat(chunks).toString("utf8")));
        stream.once("error", (error) => {
          clearTimeout(timer);
          reject(error);
        });
      }),
  };
}

/** process.stdin as a TokenSource. */
export function processStdin(): TokenSource {
  return streamSource(process.stdin, process.stdin.isTTY === true);
}
