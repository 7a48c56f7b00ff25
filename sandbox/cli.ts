/**
 * The sandbox's one command line (docs/sandbox.md), on the project's command core like every command users run.
 * `npm run emulator -- …` and `npm run api-stub -- …` run this file with `emulator` or `api-stub` in front.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { CommandIo, OptionTable } from "../commands/core/cli";
import {
  flag,
  handleSignalsHere,
  help,
  parseCommandLine,
  processIo,
  runCli as coreRunCli,
  runCommand,
  text,
} from "../commands/core/cli";
import { CommandError, usageError } from "../commands/core/errors";
import { ConfigError } from "../lib/config/errors";
import { CONFIG_DIR_ENV, configDirFromEnv } from "../lib/config/load";
import { createClient, createOrg, describeWorld, grantRole, regenerateSecret, revokeRole } from "./admin";
import { startApiStub } from "./api/server";
import { runInSandbox, SANDBOX_WORLD_FILE, seedSandboxWorld } from "./emulator/run";
import { prepareSandbox } from "./emulator/sandbox";
import { DEFAULT_FIXTURE, type Emulator, startEmulator } from "./emulator/start";
import { readWorld } from "./emulator/world";
import { CREDENTIAL_ENV_VARS, REGIONS } from "./facts/provider";

const USAGE = `usage: npm run sandbox -- <command> [--world FILE] [options]   what an org admin does in the Genesys UI
  show [--org NAME]                          orgs, divisions, roles and clients (no secrets)
  grant-role --client ID|NAME --role NAME [--division NAME|*] [--org NAME]
                                             grant a role to an OAuth client (home division by default)
  revoke-role --client ID|NAME --role NAME [--division NAME|*] [--org NAME]
                                             revoke it (in every division unless --division)
  create-org --name NAME [--region REGION]   a new org: home division, Master Admin, employee
  create-client --org NAME --name NAME [--role NAME]... [--division NAME|*] [--grant-type TYPE] [--id ID] [--deployer]
                                             a new OAuth client; prints its id and secret once
  regenerate-secret --client ID|NAME [--org NAME]
                                             a new secret for a client (the old one stops working); prints it
--world defaults to the world of npm run emulator -- run (${SANDBOX_WORLD_FILE}),
seeded from the emulator's fixture when it does not exist yet.
usage: npm run emulator -- run cdktf <synth|diff|deploy|output|destroy> [<env>] [cdktf options]
       npm run emulator -- run pipeline <synth|diff|deploy|verify|app-config> [<env>] [options]
       npm run emulator -- admin grant-role <client id> "<role name>" [--division NAME|*] [--world FILE]   (default: all divisions)
       npm run emulator -- [--fixture FILE] [--world FILE] [--client CLIENT_ID]... [--config-dir DIR]   (until Ctrl-C)
usage: npm run api-stub -- [--world FILE] [--region REGION] [--port N] [--tokens-file FILE]   (until Ctrl-C)`;

/** parseCommandLine with --help, which prints the usage (the caller then returns 0). */
function parse<const O extends OptionTable>(command: string, args: readonly string[], options: O, io: CommandIo) {
  const parsed = parseCommandLine(command, args, { ...options, help });
  if (args.includes("--help") || args.includes("-h")) io.out(USAGE);
  return parsed;
}

const credentialLines = (client: { id: string; secret: string }) =>
  `${CREDENTIAL_ENV_VARS.clientId}=${client.id}\n${CREDENTIAL_ENV_VARS.clientSecret}=${client.secret}`;

const ADMIN_OPTIONS = {
  world: text,
  org: text,
  client: text,
  role: { type: "string", multiple: true },
  division: text,
  name: text,
  region: text,
  "grant-type": text,
  id: text,
  deployer: flag,
} as const satisfies OptionTable;

type AdminOption = keyof typeof ADMIN_OPTIONS;

/** The options each admin command takes besides --world, and those of them it cannot do without. */
const ADMIN_COMMANDS: Readonly<Record<string, { takes: readonly AdminOption[]; needs: readonly AdminOption[] }>> = {
  show: { takes: ["org"], needs: [] },
  "grant-role": { takes: ["client", "role", "division", "org"], needs: ["client", "role"] },
  "revoke-role": { takes: ["client", "role", "division", "org"], needs: ["client", "role"] },
  "create-org": { takes: ["name", "region"], needs: ["name"] },
  "create-client": {
    takes: ["org", "name", "role", "division", "grant-type", "id", "deployer"],
    needs: ["org", "name"],
  },
  "regenerate-secret": { takes: ["client", "org"], needs: ["client"] },
};

/** `npm run sandbox -- <command> [options]`. */
function admin(argv: readonly string[], io: CommandIo): number {
  const { values, positionals } = parse("sandbox", argv, ADMIN_OPTIONS, io);
  if (values.help) return 0;
  const [command, ...extra] = positionals;
  const known = command === undefined ? undefined : ADMIN_COMMANDS[command];
  if (!known) throw usageError(command === undefined ? "name a command" : `unknown command "${command}"`);
  if (extra.length > 0) throw usageError(`${command} takes no arguments besides options; got ${extra.join(" ")}`);
  const foreign = Object.keys(values).filter(
    (name) => name !== "world" && !known.takes.some((option) => option === name),
  );
  if (foreign.length > 0) throw usageError(`${command} does not take ${foreign.map((n) => `--${n}`).join(", ")}`);
  const worldFile = values.world ? resolve(values.world) : seedSandboxWorld();
  if (!existsSync(worldFile)) throw usageError(`--world: no world file ${worldFile}`);
  const missing = known.needs.filter((name) => values[name] === undefined);
  if (missing.length > 0) throw usageError(`${command} needs ${missing.map((n) => `--${n}`).join(", ")}`);
  const [role, ...moreRoles] = values.role ?? [];
  // Present where the command needs them (checked above).
  const { client = "", division, org, name = "" } = values;
  switch (command) {
    case "show":
      io.out(describeWorld(readWorld(worldFile), org));
      break;
    case "grant-role":
    case "revoke-role": {
      if (moreRoles.length > 0) throw usageError("--role may be given once");
      io.out((command === "grant-role" ? grantRole : revokeRole)(worldFile, { client, role: role!, division, org }));
      break;
    }
    case "create-org": {
      const created = createOrg(worldFile, { name, region: values.region ?? "us-east-1" });
      io.out(
        `created org "${created.name}" (${created.region}) id ${created.id}, with roles "Master Admin" and "employee"`,
      );
      io.out(
        `next: npm run sandbox -- create-client --org '${created.name}' --name 'Terraform deployer' --role 'Master Admin' --deployer`,
      );
      break;
    }
    case "regenerate-secret": {
      const found = regenerateSecret(worldFile, { client, org });
      io.out(
        `new secret for OAuth client "${found.client.name}" in "${found.org.name}" (the old one no longer logs in)`,
      );
      io.out(credentialLines(found.client));
      break;
    }
    case "create-client": {
      const created = createClient(worldFile, {
        org: org!,
        name,
        roles: values.role ?? [],
        division,
        grantType: values["grant-type"] ?? "CLIENT-CREDENTIALS",
        deployer: values.deployer === true,
        id: values.id,
      });
      // Shown once, as the Genesys UI shows a new client's secret; the sandbox's secrets are fake.
      io.out(`created OAuth client "${created.client.name}" in "${created.org.name}"`);
      io.out(credentialLines(created.client));
      if (values.deployer) io.out(`npm run emulator -- run deploys into "${created.org.name}" with this client`);
    }
  }
  return 0;
}

/** The older spelling of `npm run sandbox -- grant-role`, kept for the scripts that call it; all divisions by default. */
function emulatorAdmin(argv: readonly string[], io: CommandIo): number {
  const { values, positionals } = parse("emulator admin", argv, { division: text, world: text }, io);
  if (values.help) return 0;
  const [command, client, role, ...extra] = positionals;
  if (command !== "grant-role" || !client || !role || extra.length > 0) {
    throw usageError(`emulator admin: give grant-role <client id> "<role name>" [--division NAME|*]`);
  }
  const world = values.world === undefined ? [] : ["--world", values.world];
  return admin(["grant-role", "--client", client, "--role", role, "--division", values.division ?? "*", ...world], io);
}

/** Resolves with what ended a command that serves until Ctrl-C; runCli's own one-line exit stands aside meanwhile. */
function untilStopped(alsoStopOn: (stop: (why: string) => void) => void = () => undefined): Promise<string> {
  const standAside = handleSignalsHere();
  return new Promise<string>((stop) => {
    process.once("SIGINT", () => stop("SIGINT")).once("SIGTERM", () => stop("SIGTERM"));
    alsoStopOn(stop);
  }).finally(standAside);
}

/** A shell word that stands for exactly `value`. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** One emulated provider per deployer client of the fixture (or per --client), with the shell lines that use them. */
async function emulators(argv: readonly string[], io: CommandIo): Promise<number> {
  const options = {
    fixture: text,
    world: text,
    "config-dir": text,
    client: { type: "string", multiple: true },
  } as const;
  const { values, positionals } = parse("emulator", argv, options, io);
  if (values.help) return 0;
  if (positionals.length > 0) throw usageError(`emulator: unknown command "${positionals[0]}"`);
  const fixtureFile = resolve(values.fixture ?? DEFAULT_FIXTURE);
  const clients = values.client ?? [];
  const configDir = resolve(values["config-dir"] ?? configDirFromEnv());
  const wanted = readWorld(fixtureFile).orgs.flatMap((org) =>
    org.oauthClients.filter((c) => clients.length === 0 || clients.includes(c.id)).map((client) => ({ org, client })),
  );
  if (wanted.length === 0) throw usageError(`no OAuth client ${clients.join(", ")} in ${fixtureFile}`);

  const scratch = values.world ? undefined : mkdtempSync(join(tmpdir(), "gcemu-world-"));
  const worldFile = values.world ? resolve(values.world) : join(scratch!, "world.json");
  const sandbox = existsSync(configDir)
    ? prepareSandbox(configDir, join(scratch ?? dirname(worldFile), "try"))
    : undefined;
  const running: Emulator[] = [];
  // Whoever read our output went away (e.g. `| head`): nothing left to serve.
  const stopped = untilStopped((stop) => process.stdout.on("error", () => stop("closed output")));
  try {
    for (const { org, client } of wanted) {
      const credentials = { clientId: client.id, clientSecret: client.secret };
      const emulator = await startEmulator({ worldFile, fixture: fixtureFile, credentials });
      running.push(emulator);
      io.out(`# ${org.name} (${org.region}), as OAuth client ${client.id}: emulator pid ${emulator.pid}`);
      io.out(`export ${CREDENTIAL_ENV_VARS.clientId}=${shellQuote(client.id)}`);
      io.out(`export ${CREDENTIAL_ENV_VARS.clientSecret}=${shellQuote(client.secret)}`);
      io.out(`export TF_REATTACH_PROVIDERS=${shellQuote(emulator.reattach)}`);
    }
    io.out(`# World file: ${worldFile}`);
    if (sandbox) {
      io.out("# The app reads a copy of the configs whose state lives in the sandbox, never the project's state:");
      io.out(`export ${CONFIG_DIR_ENV}=${shellQuote(sandbox.configDir)}`);
      io.out(`# Paste one block and this line into another shell, then e.g.:`);
      io.out(`#   npx cdktf deploy dev --auto-approve --skip-provider-lock --output ${shellQuote(sandbox.outDir)}`);
    } else io.out(`# No config folder ${configDir}: pass --config-dir to try your stacks.`);
    io.out("# The emulated provider uses the credentials it was started with (shown above), whatever the");
    io.out("# shell running terraform holds. Ctrl-C stops the emulator.");
    const why = await stopped;
    io.err(`emulator: stopped (${why}); ${scratch ? "its world file is removed" : `the world stays in ${worldFile}`}`);
    return 0;
  } finally {
    await Promise.all(running.map((e) => e.stop()));
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

/** The API stand-in on the world file until Ctrl-C; started by tests (api/start.ts), also until its stdin closes. */
async function apiStub(argv: readonly string[], io: CommandIo): Promise<number> {
  const options = { world: text, region: text, port: text, "tokens-file": text } as const;
  const { values, positionals } = parse("api-stub", argv, options, io);
  if (values.help) return 0;
  if (positionals.length > 0) throw usageError(`api-stub takes no arguments besides options; got ${positionals[0]}`);
  const region = (values.region ?? "us-east-1").toLowerCase();
  const worldFile = values.world ?? seedSandboxWorld();
  if (!existsSync(worldFile)) {
    throw usageError(`--world must name an existing world file (e.g. the one npm run emulator prints)`);
  }
  if (!REGIONS.includes(region)) throw usageError(`--region must be one of ${REGIONS.join(", ")}; got "${region}"`);
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw usageError(`--port must be an integer 0-65535; got "${values.port}"`);
  }
  const tokensFile = values["tokens-file"];
  const stub = await startApiStub({ worldFile, region, port, ...(tokensFile ? { tokensFile } : {}) });
  io.out(`ready ${stub.url}`);
  io.out(`# Genesys API stand-in for ${region} on world ${worldFile}; pass --gateway ${stub.url}`);
  const why = await untilStopped((stop) => {
    if (io.env.GC_API_STUB_PARENT_STDIN !== "1") return;
    // Exit with the parent (the e2e suite), like the emulator.
    process.stdin.once("end", () => stop("its parent ended")).resume();
  });
  process.stdin.destroy();
  await stub.close();
  io.err(`api-stub: stopped (${why})`);
  return 0;
}

export function main(argv: readonly string[], io: CommandIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  return runCommand(async () => {
    try {
      if (command === "api-stub") return await apiStub(rest, io);
      if (command !== "emulator") return admin(argv, io);
      if (rest[0] === "run") return await runInSandbox(rest.slice(1));
      if (rest[0] === "admin") return emulatorAdmin(rest.slice(1), io);
      return await emulators(rest, io);
    } catch (error) {
      throw error instanceof ConfigError ? new CommandError(error.report) : error;
    }
  }, io.err);
}

export function runCli(argv: readonly string[] = process.argv.slice(2)): void {
  const name = argv[0] === "emulator" || argv[0] === "api-stub" ? argv[0] : "sandbox";
  coreRunCli(name, (args) => main(args), argv);
}

if (require.main === module) runCli();
