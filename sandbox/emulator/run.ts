/**
 * `npm run emulator -- run cdktf <args>` and `npm run emulator -- run pipeline <command> <env> [options]`:
 * one command against the emulator that cannot touch real state. On every call it
 * - copies the configs afresh into the sandbox `.cache/emulator/sandbox/` (git-ignored), every
 *   backend turned into a local state file there, so an edited config is what the next plan uses;
 * - starts an emulated provider for the command's environment with the credentials of that org's
 *   deployer client in the fixture (the org whose name is the config's organization.name), and
 *   stops it afterwards; the world file and state stay in the sandbox, so consecutive calls share them;
 * - adds the flags the command needs: the sandbox's config folder and output folder, and for cdktf
 *   `--skip-provider-lock` (cdktf would ask the registry for a lock file of the emulated provider).
 * The project's cdktf.out, state files and app-config/ are never written.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import {
  CONFIG_DIR_ENV,
  configDirFromEnv,
  CUSTOMER_STACK_PREFIX,
  CUSTOMERS_DIR_ENV,
  customersDirFromEnv,
  listCustomers,
  listEnvironments,
  loadCustomers,
  loadEnvironments,
} from "../../lib/config/load";
import { prepareSandbox } from "./sandbox";
import { DEFAULT_FIXTURE, type Emulator, PROJECT_ROOT, startEmulator } from "./start";
import { grantRoleToClient, readWorld } from "./world";

export const SANDBOX_DIR = join(PROJECT_ROOT, ".cache", "emulator", "sandbox");
const USAGE =
  "usage: npm run emulator -- run cdktf <synth|diff|deploy|output|destroy> [<env>] [cdktf options]\n" +
  "       npm run emulator -- run pipeline <synth|diff|deploy|verify|app-config> [<env>] [options]";
// cdktf commands that take --skip-provider-lock (synth does not).
const PROVIDER_LOCK_COMMANDS = ["diff", "deploy", "destroy", "output", "watch"];
// Options the sandbox sets; a second value would point the command back at the project.
const SANDBOX_OPTIONS = ["--output", "-o", "--config-dir", "--app-config-file", "--project-dir"];

export interface SandboxRun {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** The environment whose deployer credentials the emulated provider uses, if any. */
  readonly environment?: string;
}

/** What `run <tool> <args>` runs, for the sandbox in `sandboxDir` (configs already copied there). */
export function sandboxCommand(tool: string, args: readonly string[], sandboxDir: string): SandboxRun {
  const configDir = join(sandboxDir, "config");
  const customersDir = join(sandboxDir, "customers");
  const outDir = join(sandboxDir, "cdktf.out");
  const given = args.find((arg) => SANDBOX_OPTIONS.includes(arg.split("=")[0]));
  if (given)
    throw new UsageError(`${given.split("=")[0]} is set by the emulator's sandbox (${sandboxDir}); leave it out`);
  const names = [...listEnvironments(configDir), ...listCustomers(customersDir).map((customer) => customer.stack)];
  const environments = args.slice(1).filter((arg) => names.includes(arg));
  if (environments.length > 1) {
    throw new UsageError(
      `one environment at a time (the emulated provider runs as one deployer); got ${environments.join(", ")}`,
    );
  }
  const [environment] = environments;
  const env = {
    [CONFIG_DIR_ENV]: configDir,
    [CUSTOMERS_DIR_ENV]: customersDir,
    CDKTF_OUTDIR: outDir,
    CHECKPOINT_DISABLE: "1",
  };
  if (tool === "cdktf") {
    const lock = PROVIDER_LOCK_COMMANDS.includes(args[0] ?? "") ? ["--skip-provider-lock"] : [];
    return {
      command: process.execPath,
      args: [join(PROJECT_ROOT, "scripts", "cdktf.js"), ...args, "--output", outDir, ...lock],
      env,
      environment,
    };
  }
  if (tool === "pipeline") {
    const appConfig =
      args[0] === "app-config" && environment
        ? ["--app-config-file", join(sandboxDir, "app-config", `${environment}.json`)]
        : [];
    return {
      command: process.execPath,
      args: [
        join(PROJECT_ROOT, "scripts", "run-bundled.js"),
        "commands/pipeline/cli.ts",
        ...args,
        "--config-dir",
        configDir,
        "--output",
        outDir,
        ...appConfig,
      ],
      env: { ...env, PARTNER_OAUTH_PIPELINE_COMMAND: "npm run emulator -- run pipeline" },
      environment,
    };
  }
  throw new UsageError(USAGE);
}

class UsageError extends Error {}

/** The fixture's deployer client of the org `environment` (or customer stack) deploys into. */
function deployerOf(environment: string, sandboxDir: string, fixtureFile: string) {
  const environments = loadEnvironments(join(sandboxDir, "config"));
  const customers = loadCustomers(join(sandboxDir, "customers"), process.cwd(), environments);
  const config = [...environments, ...customers].find((e) => e.name === environment);
  const orgName = config?.organization.name;
  const org = readWorld(fixtureFile).orgs.find((o) => o.name === orgName);
  const client = org?.oauthClients[0];
  if (!client) {
    const names = readWorld(fixtureFile).orgs.map((o) => `"${o.name}"`);
    throw new Error(
      `${config?.customer ? `customers/${environment.slice(CUSTOMER_STACK_PREFIX.length)}` : `config/${environment}`}.json deploys into org "${orgName}", which the emulator's fixture (${fixtureFile}) does not have; it has ${names.join(", ")}`,
    );
  }
  return { clientId: client.id, clientSecret: client.secret };
}

export async function runInSandbox(argv: readonly string[], fixture = DEFAULT_FIXTURE): Promise<number> {
  const [tool = "", ...args] = argv;
  let emulator: Emulator | undefined;
  try {
    prepareSandbox(configDirFromEnv(), SANDBOX_DIR, customersDirFromEnv());
    const run = sandboxCommand(tool, args, SANDBOX_DIR);
    if (run.environment) {
      emulator = await startEmulator({
        worldFile: join(SANDBOX_DIR, "world.json"),
        fixture,
        credentials: deployerOf(run.environment, SANDBOX_DIR, fixture),
      });
    }
    process.stderr.write(`emulator sandbox: ${SANDBOX_DIR}\n`);
    const result = spawnSync(run.command, run.args, {
      cwd: PROJECT_ROOT,
      stdio: "inherit",
      env: { ...process.env, ...run.env, ...emulator?.env },
    });
    if (result.error) throw result.error;
    return result.status ?? 1;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  } finally {
    await emulator?.stop();
  }
}

const ADMIN_USAGE = 'usage: npm run emulator -- admin grant-role <client id> "<role name>" [--division <name>|"*"]';

/**
 * `npm run emulator -- admin grant-role <client id> "<role name>" [--division D]`: what an org admin does in
 * the Genesys Cloud UI between two deploys (grant a role to an OAuth client), on the world of the sandbox
 * that `run` deploys into. Default division: all ("*").
 */
export function adminInSandbox(argv: readonly string[], sandboxDir = SANDBOX_DIR): number {
  const [command, clientId, roleName, flag, division, ...rest] = argv;
  const divisionOk = flag === undefined || (flag === "--division" && division !== undefined);
  if (command !== "grant-role" || !clientId || !roleName || !divisionOk || rest.length > 0) {
    process.stderr.write(`${ADMIN_USAGE}\n`);
    return 2;
  }
  const worldFile = join(sandboxDir, "world.json");
  grantRoleToClient(worldFile, { clientId, roleName, division });
  process.stderr.write(
    `emulator sandbox: granted role "${roleName}" to OAuth client ${clientId} (${division ?? "*"})\n`,
  );
  return 0;
}
