/**
 * `npm run pipeline:rotate-secret` (the pipeline's USAGE). Every check runs before the secret is regenerated, so a
 * refused sink or client loses nothing. Messages go to stderr only (docs/doctor.md, "Delivering the secret").
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CREDENTIAL_ENV_VARS, type Region } from "../../lib/genesys/provider-rules";
import { type Target, api, describeFailure, describeTarget, login } from "../core/genesys-api";
import { readAppConfig } from "../core/app-config";
import { deployerCredentials } from "../core/credentials";
import { loadEnvironment } from "../core/environments";
import { CommandError, usageError } from "../core/errors";
import { displayPath } from "../core/files";
import { realPath } from "../../lib/real-path";
import type { PipelineContext } from "./context";
import { assertNotCommittable, fileState, type GitFileState } from "./git";

/** The secret was regenerated (the old one no longer works) but could not be delivered. */
export const EXIT_SECRET_LOST = 3;

/** The one place the secret goes: opened (and checked) before the secret exists. */
interface Sink {
  readonly description: string;
  write(secret: string): void;
  /** Called when no secret came: removes a file created for it. */
  abandon(): void;
}

const SECRET_ADVICE =
  "Use a git-ignored path (.secrets/ is ignored) or one outside the repository, or pipe stdout into the command " +
  "that stores the secret.";

/**
 * stdout when it is not a terminal; a redirect into a file must go to a file git would not commit. Under
 * `npm run` without --silent, npm prints its own lines on stdout, which would become part of the secret.
 */
function stdoutSink(fd: number, env: NodeJS.ProcessEnv, gitState: (file: string) => GitFileState): Sink {
  if (env.npm_lifecycle_event !== undefined && env.npm_config_loglevel !== "silent") {
    throw usageError(
      `npm prints its own lines on stdout, which would end up in front of the secret: run ` +
        `"npm run --silent pipeline:rotate-secret -- <env> | ..." (nothing was changed).`,
    );
  }
  const refuse = (what: string) =>
    new CommandError(`Refusing to write the client secret to stdout: ${what} (nothing was changed). ${SECRET_ADVICE}`);
  let stat: fs.Stats;
  try {
    stat = fs.fstatSync(fd);
  } catch {
    throw refuse("stdout is closed");
  }
  let target: string | undefined;
  try {
    target = fs.readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    // No /proc (not Linux): the checks below that need the path refuse.
  }
  if (stat.isCharacterDevice() || stat.isBlockDevice()) {
    throw refuse(`it is a device (${target ?? "unknown"}), which cannot keep the secret (/dev/null discards it)`);
  }
  if (stat.isFIFO() && !/^pipe:\[\d+\]$/.test(target ?? "")) {
    // An anonymous pipe goes to the next command; a named FIFO to whoever opens it, or nobody.
    throw refuse(`it is a named pipe (${target ?? "unknown"}), not a pipe into the next command`);
  }
  if (stat.isFile()) {
    if (target === undefined) {
      throw refuse("stdout is a file and its path cannot be determined to check it with git");
    }
    assertNotCommittable(target, "the client secret", SECRET_ADVICE, gitState);
    try {
      // The shell created it with the umask's mode (often 0644): a secret is for its owner only.
      fs.fchmodSync(fd, 0o600);
    } catch (error) {
      throw refuse(`${target} cannot be made private (mode 0600): ${(error as Error).message}`);
    }
  } else if (!stat.isFIFO() && !stat.isSocket()) {
    throw refuse(`it is neither a pipe nor a regular file (${target ?? "unknown"})`);
  }
  return {
    description: "stdout",
    // No newline: `gh secret set` and `--secret-string file:///dev/stdin` store what they read.
    write: (secret) => fs.writeFileSync(fd, secret),
    abandon: () => undefined,
  };
}

function fileSink(given: string, gitState: (file: string) => GitFileState): Sink {
  // Where the file really lands: a symlinked folder on the way must not carry it into the work tree.
  const file = realPath(given);
  assertNotCommittable(file, "the client secret", SECRET_ADVICE, gitState);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let fd: number;
  try {
    // Exclusive create with the mode: never an existing file, never through a symlink someone placed (O_EXCL
    // fails on any name that exists, a symbolic link included).
    fd = fs.openSync(file, "wx", 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new CommandError(`${file} already exists: store or delete the secret in it first, or pass --out FILE.`);
    }
    throw error;
  }
  return {
    description: `${file} (mode 0600)`,
    write: (secret) => {
      fs.writeFileSync(fd, `${secret}\n`);
      fs.closeSync(fd);
    },
    abandon: () => {
      fs.closeSync(fd);
      fs.rmSync(file, { force: true });
    },
  };
}

export interface RotateOptions {
  readonly environment: string;
  /** Where the client id comes from (default: app-config/<env>.json). */
  readonly appConfigFile?: string;
  /** The file sink when stdout is a terminal (default: .secrets/<env>.partner-client-secret). */
  readonly outFile?: string;
  readonly gateway?: URL;
  /** stdout's file descriptor and whether it is a terminal: the secret goes there when it is not. */
  readonly stdout: { readonly fd: number; readonly isTTY: boolean };
  /** How git sees a file (default: ask git); injectable for tests. */
  readonly gitState?: (file: string) => GitFileState;
}

/** `context.log` is stderr here: stdout may be the secret's sink. */
export async function rotateSecret(context: PipelineContext, options: RotateOptions): Promise<void> {
  const { environment, gateway } = options;
  const appConfigFile =
    options.appConfigFile ?? displayPath(path.join(context.projectDir, "app-config", `${environment}.json`));
  const config = loadEnvironment(environment, context.configDir, context.projectDir);
  const appConfig = readAppConfig(appConfigFile);
  const clientId = appConfig.oauthClientId;
  const deployer = deployerCredentials(context.env);
  if (!deployer) {
    throw usageError(
      `rotate-secret needs ${environment}'s deployer credentials in ${CREDENTIAL_ENV_VARS.clientId} and ${CREDENTIAL_ENV_VARS.clientSecret}.`,
    );
  }
  if (clientId === deployer.clientId) {
    throw new CommandError(
      `${appConfigFile} names the deployer's own client ${deployer.clientId} as oauthClientId: rotate-secret ` +
        `rotates only ${environment}'s partner client, never the credentials that deploy (nothing was changed). ` +
        `Write the app config again with "npm run pipeline:app-config -- ${environment}".`,
    );
  }
  const target: Target = gateway ? { gateway } : { region: config.region as Region };

  const gitState = options.gitState ?? fileState;
  const sink = options.stdout.isTTY
    ? fileSink(
        options.outFile ?? path.join(context.projectDir, ".secrets", `${environment}.partner-client-secret`),
        gitState,
      )
    : stdoutSink(options.stdout.fd, context.env, gitState);
  let secret: string | undefined;
  try {
    const session = await login(target, deployer.clientId, deployer.clientSecret);
    if (!session.ok) {
      throw new CommandError(
        `The deployer's client ${deployer.clientId} could not log in at ${describeTarget(target)}: ${describeFailure(session.failure)}.`,
      );
    }
    // Never regenerate a secret in the wrong org.
    const org = await api.organizationsMe(session.value);
    if (!org.ok) throw new CommandError(`GET /api/v2/organizations/me failed: ${describeFailure(org.failure)}.`);
    if (org.value.name !== config.organization.name) {
      throw new CommandError(
        `The deployer's credentials belong to org "${org.value.name}", but ${config.file} expects "${config.organization.name}": nothing was changed.`,
      );
    }
    const partner = await api.oauthClient(session.value, clientId);
    if (!partner.ok) {
      throw new CommandError(
        `GET /api/v2/oauth/clients/${clientId} failed: ${describeFailure(partner.failure)} (nothing was changed).`,
      );
    }
    if (partner.value.name !== config.oauthClient.name) {
      throw new CommandError(
        `Client ${clientId} is named "${partner.value.name}", but ${config.file} names ${environment}'s ` +
          `partner client "${config.oauthClient.name}": rotate-secret rotates only that client (nothing was changed).`,
      );
    }
    if (org.value.id !== appConfig.organizationId) {
      throw new CommandError(
        `${appConfigFile} belongs to org ${appConfig.organizationId}, but the deployer's credentials to org ${org.value.id} (nothing was changed).`,
      );
    }
    const result = await api.regenerateSecret(session.value, clientId);
    if (!result.ok) {
      throw new CommandError(
        `Regenerating the secret of client ${clientId} failed: ${describeFailure(result.failure)}.`,
      );
    }
    secret = result.value.secret || undefined;
    if (secret === undefined) {
      throw new CommandError(
        `The API answered without a secret for client ${clientId}; its secret may have changed: run again.`,
      );
    }
  } finally {
    if (secret === undefined) sink.abandon();
  }
  try {
    sink.write(secret);
  } catch (error) {
    throw new CommandError(
      `The secret of client ${clientId} WAS regenerated, but writing it to ${sink.description} failed ` +
        `(${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): the old secret no longer logs in and ` +
        `the new one is lost. Run "npm run --silent pipeline:rotate-secret -- ${environment}" again into a ` +
        `sink that keeps it (a pipe into "gh secret set", or --out FILE from a terminal), then update ` +
        `PARTNER_OAUTHCLIENT_SECRET wherever the app reads it.`,
      EXIT_SECRET_LOST,
    );
  }
  context.log(
    `Regenerated the secret of client ${clientId} in "${config.organization.name}" and wrote it to ${sink.description}. ` +
      `The old secret no longer logs in; the app needs the new one (PARTNER_OAUTHCLIENT_SECRET).`,
  );
}
