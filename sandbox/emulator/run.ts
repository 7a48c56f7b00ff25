/**
 * `npm run emulator -- run cdktf|pipeline …`: one command against the emulator that cannot touch real state
 * (docs/sandbox.md, "Trying your own stacks against the emulator"): the configs copied afresh into the
 * sandbox folder, an emulated provider as the environment's deployer, the flags it needs, every option
 * pointing into the project refused, and hints that name what works there.
 */
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createInterface } from "node:readline";
import { basename, isAbsolute, join, relative, resolve } from "node:path";
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
import { isInsideRealPath } from "../../lib/real-path";
import { CommandError, EXIT, usageError } from "../../commands/core/errors";
import { handleSignalsHere } from "../../commands/core/cli";
import { deployerClient } from "../admin";
import { prepareSandbox } from "./sandbox";
import { DEFAULT_FIXTURE, PROJECT_ROOT, startEmulator } from "./start";
import { createWorldFile, names, readWorld } from "./world";

export const SANDBOX_DIR = join(PROJECT_ROOT, ".cache", "emulator", "sandbox");
export const SANDBOX_WORLD_FILE = join(SANDBOX_DIR, "world.json");
// cdktf commands that take --skip-provider-lock (synth does not).
const PROVIDER_LOCK_COMMANDS = ["diff", "deploy", "destroy", "output", "watch"];
// Options the sandbox sets; a second value would point the command back at the project.
const SANDBOX_OPTIONS = ["--output", "-o", "--config-dir", "--app-config-file", "--project-dir"];
// Options of cdktf and the pipeline whose value is a path, even when it looks like a bare name.
const PATH_OPTIONS = [
  "--outputs-file",
  "--out",
  "--app-config",
  "--var-file",
  "--workflows-dir",
  "--log-file-directory",
  "--experimental-provider-schema-cache-path",
  "--app",
];

/** The sandbox's world file, seeded from `fixture` when it does not exist yet. */
export function seedSandboxWorld(fixture = DEFAULT_FIXTURE): string {
  mkdirSync(SANDBOX_DIR, { recursive: true });
  createWorldFile(fixture, SANDBOX_WORLD_FILE);
  return SANDBOX_WORLD_FILE;
}

/** What to run (`node` with `args`), and the environment whose deployer the emulated provider logs in as, if any. */
export interface SandboxRun {
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly environment?: string;
}

/** Each option's value as given (`--name=value`, or `--name value` when the next word is no option). */
function optionValues(args: readonly string[]): { option: string; value: string }[] {
  return args.flatMap((arg, i) => {
    const eq = arg.indexOf("=");
    const next = args[i + 1];
    if (!arg.startsWith("-")) return [];
    if (eq > 0) return [{ option: arg.slice(0, eq), value: arg.slice(eq + 1) }];
    return next !== undefined && !next.startsWith("-") ? [{ option: arg, value: next }] : [];
  });
}

function looksLikePath(value: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && (/[/\\]|^[.~]/.test(value) || isAbsolute(value));
}

/** Refuses an option that would make the command read or write inside the project, outside the sandbox. */
function refuseProjectPaths(args: readonly string[], sandboxDir: string, projectRoot: string): void {
  const given = args.find((arg) => SANDBOX_OPTIONS.includes(arg.split("=")[0]!));
  if (given) {
    throw usageError(`${given.split("=")[0]} is set by the emulator's sandbox (${sandboxDir}); leave it out`);
  }
  for (const { option, value } of optionValues(args)) {
    if (!PATH_OPTIONS.includes(option) && !looksLikePath(value)) continue;
    const target = resolve(projectRoot, value.replace(/^~(?=$|\/)/, process.env.HOME ?? "~"));
    if (isInsideRealPath(projectRoot, target) && !isInsideRealPath(sandboxDir, target)) {
      throw usageError(
        `${option} ${value} points into the project (${projectRoot}); the emulator's sandbox never writes there. ` +
          `Give a path outside the project, or inside the sandbox (${sandboxDir})`,
      );
    }
  }
}

/** What `run <tool> <args>` runs, for the sandbox in `sandboxDir` (configs already copied there). */
export function sandboxCommand(
  tool: string,
  args: readonly string[],
  sandboxDir: string,
  projectRoot = PROJECT_ROOT,
): SandboxRun {
  const configDir = join(sandboxDir, "config");
  const customersDir = join(sandboxDir, "customers");
  const outDir = join(sandboxDir, "cdktf.out");
  refuseProjectPaths(args, sandboxDir, projectRoot);
  const names = [...listEnvironments(configDir), ...listCustomers(customersDir).map((customer) => customer.stack)];
  const environments = args.slice(1).filter((arg) => names.includes(arg));
  if (environments.length > 1) {
    throw usageError(
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
    const pipeline = [join(PROJECT_ROOT, "scripts", "run-bundled.js"), "commands/pipeline/cli.ts"];
    return {
      args: [...pipeline, ...args, "--config-dir", configDir, "--output", outDir, ...appConfig],
      env: { ...env, PARTNER_OAUTH_PIPELINE_COMMAND: "npm run emulator -- run pipeline" },
      environment,
    };
  }
  throw usageError(`emulator run: name cdktf or pipeline, then its command; got "${tool}"`);
}

/** The config of a stack (an environment or a customer) in the sandbox, and the project file it was copied from. */
function stackConfig(stack: string, sandboxDir: string): { orgName?: string; file: string } {
  const environments = loadEnvironments(join(sandboxDir, "config"));
  const customers = loadCustomers(join(sandboxDir, "customers"), process.cwd(), environments);
  const config = [...environments, ...customers].find((e) => e.name === stack);
  const file = config?.customer
    ? `customers/${stack.slice(CUSTOMER_STACK_PREFIX.length)}.json`
    : `config/${stack}.json`;
  return { orgName: config?.organization.name, file };
}

/** The sandbox world's deployer client of the org `stack` (an environment or a customer) deploys into, with that org. */
function deployerOf(stack: string, worldFile: string) {
  const { orgName, file } = stackConfig(stack, SANDBOX_DIR);
  const world = readWorld(worldFile);
  const org = world.orgs.find((o) => o.name === orgName);
  const client = org && deployerClient(org);
  if (!org || !client) {
    throw new CommandError(
      `${file} deploys into org "${orgName}", which the sandbox's world (${worldFile}) ` +
        `${org ? "has no OAuth client in" : `does not have; it has ${names(world.orgs)}`}. Add it with ` +
        `npm run sandbox -- create-org --name '${orgName}' and create-client --org '${orgName}' --role 'Master Admin' --deployer`,
    );
  }
  return { org, client };
}

/** The id of the deployer of `stack`'s org in the sandbox's world, if it and the org's role `role` exist. */
function deployerIdOf(stack: string, worldFile: string, role: string): string | undefined {
  try {
    const { org, client } = deployerOf(stack, worldFile);
    return org.roles.some((r) => r.name === role) ? client.id : undefined;
  } catch {
    return undefined;
  }
}

const RUNNABLE_PIPELINE_COMMANDS = /npm run pipeline:(synth|diff|deploy|verify|app-config)\b( --)?/g;

/**
 * Lines as the user should read them: the sandbox's config copies (which the next call overwrites)
 * named by the project's own files, and pipeline commands by the form that works in the sandbox.
 */
export function userFacing(line: string, sandboxConfigDir: string, userConfigDir: string): string {
  const shown = `${relative(PROJECT_ROOT, userConfigDir) || "."}/`;
  const copies = [`${sandboxConfigDir}/`, `${relative(PROJECT_ROOT, sandboxConfigDir)}/`];
  return copies
    .reduce((text, copy) => text.split(copy).join(shown), line)
    .replace(RUNNABLE_PIPELINE_COMMANDS, "npm run emulator -- run pipeline $1")
    .replace(
      '"cdktf output --outputs-file"',
      '"npm run emulator -- run cdktf output <env> --outputs-file <file outside the project>"',
    );
}

const NEXT_STEP =
  /grants the role "([^"]+)" to the DEPLOYER's OAuth client \(the client whose id is in \w+; division: ([^)]+)\), then set oauthClient\.botSessionRole\.heldByDeployer to true in (\S+?\.json)/g;

/**
 * After phase "role": for each environment the output gives that next step for, the admin's grant
 * as a sandbox command (with the deployer of that environment's org) and how to deploy again.
 * `deployerOf` answers undefined while the grant cannot be done yet (no such role in the world).
 */
export function sandboxHints(
  output: string,
  deployerOf: (environment: string, role: string) => string | undefined,
  tool: string,
): string | undefined {
  const hints = new Map<string, string>();
  for (const [, role, division, file] of output.replace(/\s+/g, " ").matchAll(NEXT_STEP)) {
    const name = basename(file!, ".json");
    const environment = /(^|\/)customers\/[^/]+$/.test(file!) ? `${CUSTOMER_STACK_PREFIX}${name}` : name;
    const deployerId = deployerOf(environment, role!);
    if (!deployerId || hints.has(environment)) continue;
    const divisionOption = division === "the home division" ? "" : ` --division '${division}'`;
    const deployAgain =
      tool === "cdktf"
        ? `npm run emulator -- run cdktf deploy ${environment} --auto-approve`
        : `npm run emulator -- run pipeline synth, then npm run emulator -- run pipeline deploy ${environment} --auto-approve`;
    hints.set(
      environment,
      [
        `emulator sandbox: the org admin's grant for ${environment}, done to this sandbox:`,
        `  npm run sandbox -- grant-role --client ${deployerId} --role '${role}'${divisionOption}`,
        `then set oauthClient.botSessionRole.heldByDeployer to true in ${file} (the project's file: every call copies`,
        `it afresh into the sandbox) and deploy again: ${deployAgain}`,
      ].join("\n"),
    );
  }
  return hints.size > 0 ? [...hints.values()].join("\n") : undefined;
}

/** Copies `from` to `to` line by line through `map`; resolves with all it wrote. */
async function pipeLines(
  from: NodeJS.ReadableStream,
  to: NodeJS.WritableStream,
  map: (line: string) => string,
): Promise<string> {
  let all = "";
  for await (const line of createInterface({ input: from, crlfDelay: Infinity })) {
    const shown = `${map(line)}\n`;
    all += shown;
    to.write(shown);
  }
  return all;
}

export async function runInSandbox(argv: readonly string[], fixture = DEFAULT_FIXTURE): Promise<number> {
  const [tool = "", ...args] = argv;
  const userConfigDir = resolve(configDirFromEnv());
  const userCustomersDir = resolve(customersDirFromEnv());
  prepareSandbox(userConfigDir, SANDBOX_DIR, userCustomersDir);
  const worldFile = seedSandboxWorld(fixture);
  const run = sandboxCommand(tool, args, SANDBOX_DIR);
  const deployer = run.environment ? deployerOf(run.environment, worldFile).client : undefined;
  const credentials = deployer && { clientId: deployer.id, clientSecret: deployer.secret };
  const emulator = credentials ? await startEmulator({ worldFile, fixture, credentials }) : undefined;
  const standAside = handleSignalsHere();
  let signal: "SIGINT" | "SIGTERM" | undefined;
  try {
    process.stderr.write(`emulator sandbox: ${SANDBOX_DIR} (world: npm run sandbox -- show)\n`);
    const child = spawn(process.execPath, run.args, {
      cwd: PROJECT_ROOT,
      stdio: ["inherit", "pipe", "pipe"],
      env: { ...process.env, ...run.env, ...emulator?.env },
    });
    // Ctrl-C reaches the command through the terminal (one process group); a SIGTERM came to this process alone.
    const onSignal = (received: "SIGINT" | "SIGTERM") => {
      signal ??= received;
      if (received === "SIGTERM") child.kill(received);
    };
    process.on("SIGINT", onSignal).on("SIGTERM", onSignal);
    const map = (line: string) =>
      userFacing(
        userFacing(line, join(SANDBOX_DIR, "config"), userConfigDir),
        join(SANDBOX_DIR, "customers"),
        userCustomersDir,
      );
    const [out, err, code] = await Promise.all([
      pipeLines(child.stdout!, process.stdout, map),
      pipeLines(child.stderr!, process.stderr, map),
      new Promise<number>((done, fail) => {
        child.once("error", fail);
        child.once("close", (status) => done(status ?? 1));
      }),
    ]).finally(() => process.off("SIGINT", onSignal).off("SIGTERM", onSignal));
    // A command that stops on the signal by exiting with its code has said what it did; others are said here.
    if (signal && code === EXIT[signal]) return code;
    if (signal) {
      throw new CommandError(
        `Interrupted (${signal}): ${tool} ${args.join(" ")} was stopped; the sandbox keeps what it did before`,
        EXIT[signal],
      );
    }
    const hint = sandboxHints(
      `${out}\n${err}`,
      (environment, role) => deployerIdOf(environment, worldFile, role),
      tool,
    );
    if (hint) process.stderr.write(`${hint}\n`);
    return code;
  } finally {
    await emulator?.stop();
    standAside();
  }
}
