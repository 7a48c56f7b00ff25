/**
 * `npm run emulator -- run cdktf <cdktf arguments>` / `npm run emulator -- run pipeline <command> <env>`:
 * runs one command against the emulator with every flag it needs (see run.ts).
 *
 * `npm run emulator -- [--fixture F] [--world F] [--client ID]... [--config-dir DIR]`
 * Starts one emulated provider process per deployer client of the fixture (or per --client),
 * prints the shell lines that point Terraform at each and the app at a sandbox copy of the
 * configs (state inside the sandbox), and runs until Ctrl-C.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { CONFIG_DIR_ENV, configDirFromEnv } from "../../lib/config/load";
import { CREDENTIAL_ENV_VARS } from "../facts/provider";
import { adminInSandbox, runInSandbox } from "./run";
import { prepareSandbox } from "./sandbox";
import { DEFAULT_FIXTURE, type Emulator, startEmulator } from "./start";
import { readWorld } from "./world";

interface Args {
  fixture: string;
  world?: string;
  clients: string[];
  configDir: string;
}

const USAGE = "usage: npm run emulator -- [--fixture FILE] [--world FILE] [--client CLIENT_ID]... [--config-dir DIR]";

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { fixture: DEFAULT_FIXTURE, clients: [], configDir: resolve(configDirFromEnv()) };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === "--help" || flag === "-h") {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    if (value === undefined || !["--fixture", "--world", "--client", "--config-dir"].includes(flag ?? "")) {
      process.stderr.write(`${USAGE}\n`);
      process.exit(2);
    }
    if (flag === "--fixture") args.fixture = resolve(value);
    if (flag === "--world") args.world = resolve(value);
    if (flag === "--client") args.clients.push(value);
    if (flag === "--config-dir") args.configDir = resolve(value);
    i += 1;
  }
  return args;
}

/** A shell word that stands for exactly `value`. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const fixture = readWorld(args.fixture);
  const wanted = fixture.orgs.flatMap((org) =>
    org.oauthClients
      .filter((c) => args.clients.length === 0 || args.clients.includes(c.id))
      .map((client) => ({ org, client })),
  );
  if (wanted.length === 0) {
    process.stderr.write(`no OAuth client ${args.clients.join(", ")} in ${args.fixture}\n`);
    process.exit(2);
  }

  const scratch = args.world ? undefined : mkdtempSync(join(tmpdir(), "gcemu-world-"));
  const worldFile = args.world ?? join(scratch ?? "", "world.json");
  const sandbox = existsSync(args.configDir)
    ? prepareSandbox(args.configDir, join(scratch ?? dirname(worldFile), "try"))
    : undefined;
  const emulators: Emulator[] = [];
  const cleanUp = async () => {
    await Promise.all(emulators.map((e) => e.stop()));
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  };
  const stopAll = () => cleanUp().then(() => process.exit(0));
  process.once("SIGINT", stopAll).once("SIGTERM", stopAll);
  // Whoever read our output went away (e.g. `| head`): nothing left to serve.
  process.stdout.once("error", stopAll);

  try {
    for (const { org, client } of wanted) {
      const emulator = await startEmulator({
        worldFile,
        fixture: args.fixture,
        credentials: { clientId: client.id, clientSecret: client.secret },
      });
      emulators.push(emulator);
      process.stdout.write(
        [
          `# ${org.name} (${org.region}), as OAuth client ${client.id}: emulator pid ${emulator.pid}`,
          `export ${CREDENTIAL_ENV_VARS.clientId}=${shellQuote(client.id)}`,
          `export ${CREDENTIAL_ENV_VARS.clientSecret}=${shellQuote(client.secret)}`,
          `export TF_REATTACH_PROVIDERS=${shellQuote(emulator.reattach)}`,
          "",
        ].join("\n"),
      );
    }
  } catch (err) {
    await cleanUp();
    throw err;
  }
  process.stdout.write(
    [
      `# World file: ${worldFile}`,
      ...(sandbox
        ? [
            "# The app reads a copy of the configs whose state lives in the sandbox, never the project's state:",
            `export ${CONFIG_DIR_ENV}=${shellQuote(sandbox.configDir)}`,
            `# Paste one block and this line into another shell, then e.g.:`,
            `#   npx cdktf deploy dev --auto-approve --skip-provider-lock --output ${shellQuote(sandbox.outDir)}`,
          ]
        : [`# No config folder ${args.configDir}: pass --config-dir to try your stacks.`]),
      "# The emulated provider uses the credentials it was started with (shown above), whatever the",
      "# shell running terraform holds. Ctrl-C stops the emulator.",
      "",
    ].join("\n"),
  );
}

const argv = process.argv.slice(2);
const command =
  argv[0] === "run"
    ? runInSandbox(argv.slice(1)).then((code) => process.exit(code))
    : argv[0] === "admin"
      ? Promise.resolve().then(() => process.exit(adminInSandbox(argv.slice(1))))
      : main();
command.catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
