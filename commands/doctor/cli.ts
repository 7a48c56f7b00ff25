/** `npm run doctor` (USAGE, docs/doctor.md): the deployed partner client of <env> against the live API. */
import * as path from "node:path";
import { configDirFromEnv } from "../../lib/config/load";
import { CREDENTIAL_ENV_VARS, type Region } from "../../lib/genesys/provider-rules";
import { loadEnvironment } from "../core/environments";
import type { CommandIo } from "../core/cli";
import { runCli as coreRunCli, flag, help, parseCommandLine, processIo, runCommand, text } from "../core/cli";
import { CommandError, asUsage, usageError } from "../core/errors";
import { type DoctorInputs, PARTNER_SECRET_ENV, runDoctor, targetsFor } from "./checks";
import { deployerCredentials } from "../core/credentials";
import { parseGateway } from "../core/genesys-api";
import { readAppConfig } from "../core/app-config";
import { exitCode, toLines } from "./report";
import { type TokenSource, processStdin, tokenMain } from "./token-cli";

export const USAGE = `Usage: npm run doctor -- <env> [options]
       npm run --silent doctor -- token [options] < file-with-the-token   (any access token: --help there)

Checks, against the live Genesys Cloud API, that the partner client deployed for <env> can start bot sessions:
login, organization, roles, bot-session-permission, live-session (docs/doctor.md).

Options:
  --app-config FILE   what the app is configured with (default: app-config/<env>.json)
  --flow-id ID        also start a real bot session of this bot flow with the app's token (live-session)
  --gateway URL       send every call through this gateway (SDK gateway layout: URL/login/..., URL/api/api/v2/...)
  --json              print only { environment, checks: [{ id, status, detail, fix }] } (docs/doctor.schema.json)
  --config-dir DIR    environment configs (default: $PARTNER_OAUTH_CONFIG_DIR or config)

Environment: ${PARTNER_SECRET_ENV} (the app's client secret); ${CREDENTIAL_ENV_VARS.clientId} and
${CREDENTIAL_ENV_VARS.clientSecret} (the deployer's, optional: without them roles and bot-session-permission are skipped).
Exit status: 0 every check that ran passed, 1 a check failed, 2 usage error.`;

export interface DoctorIo extends CommandIo {
  /** Read only by the token doctor. */
  readonly stdin?: TokenSource;
}

export interface DoctorOptions {
  readonly environment: string;
  readonly appConfigFile?: string;
  readonly flowId?: string;
  readonly gateway?: URL;
  readonly configDir: string;
  readonly projectDir: string;
}

/** Everything the checks need, from options, files and the environment; throws a usage error for bad input. */
export function doctorInputs(options: DoctorOptions, env: NodeJS.ProcessEnv): DoctorInputs {
  const config = asUsage(() => loadEnvironment(options.environment, options.configDir, options.projectDir));
  const appConfigFile = options.appConfigFile ?? path.join("app-config", `${options.environment}.json`);
  const resolved = path.resolve(options.projectDir, appConfigFile);
  let appConfig;
  try {
    appConfig = readAppConfig(resolved);
  } catch (error) {
    if (error instanceof CommandError) throw usageError(error.message.replace(resolved, appConfigFile));
    throw error;
  }
  return {
    config,
    appConfig,
    appConfigFile,
    partnerSecret: env[PARTNER_SECRET_ENV] || undefined,
    deployer: deployerCredentials(env),
    flowId: options.flowId,
    ...targetsFor(config.region as Region, options.gateway),
  };
}

/** Runs the doctor for one command line; returns the exit code. */
export async function main(argv: readonly string[], io: DoctorIo): Promise<number> {
  if (argv[0] === "token") {
    return tokenMain(argv.slice(1), { ...io, stdin: io.stdin ?? { isTTY: true, read: async () => "" } });
  }
  return runCommand(async () => {
    const { values, positionals } = parseCommandLine("doctor", argv, {
      "app-config": text,
      "flow-id": text,
      gateway: text,
      json: flag,
      "config-dir": text,
      help,
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    if (positionals.length !== 1) {
      throw usageError(
        `doctor takes exactly one environment, e.g. "doctor dev"; got ${positionals.length ? positionals.join(" ") : "none"}`,
      );
    }
    const flowId = values["flow-id"];
    if (flowId !== undefined && !/^[A-Za-z0-9-]{1,100}$/.test(flowId)) {
      throw usageError(`--flow-id must be a bot flow id (letters, digits and dashes); got "${flowId}"`);
    }
    const options = {
      environment: positionals[0]!,
      appConfigFile: values["app-config"],
      flowId,
      gateway: values.gateway === undefined ? undefined : parseGateway(values.gateway),
      configDir: values["config-dir"] ?? configDirFromEnv(io.env),
      projectDir: process.cwd(),
    };
    const report = await runDoctor(doctorInputs(options, io.env));
    if (values.json) io.out(JSON.stringify(report));
    else toLines(report).forEach((line) => io.out(line));
    return exitCode(report);
  }, io.err);
}

/** The command line entry point (ts-node, or the bundle of scripts/run-bundled.js). */
export function runCli(argv: readonly string[] = process.argv.slice(2)): void {
  coreRunCli("doctor", (args) => main(args, { ...processIo(), stdin: processStdin() }), argv);
}

if (require.main === module) runCli();
