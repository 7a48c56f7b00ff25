/**
 * A scratch copy of the project's world for one test file: its own config folder (state paths
 * absolute, under the scratch folder), output folder, emulator world and emulator processes.
 * Nothing is written to the repository's config/, cdktf.out/ or state files.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listEnvironments } from "../../lib/config/load";
import { DEFAULT_FIXTURE, type Emulator, PROJECT_ROOT, startEmulator } from "../../sandbox/emulator/start";
import { prepareSandbox } from "../../sandbox/emulator/sandbox";
import { type World, readWorld } from "../../sandbox/emulator/world";
import { type RunResult, run, terraform } from "./run";
import { timed } from "./timing";

type Json = Record<string, unknown> & {
  organization: { name: string; id?: string };
  oauthClient: Record<string, unknown>;
};

export class Workspace {
  readonly configDir: string;
  readonly outDir: string;
  readonly worldFile: string;
  private readonly emulators = new Map<string, Emulator>();

  private constructor(readonly root: string) {
    // The same sandbox `npm run emulator` gives users: config copies whose state lives in `root`.
    const sandbox = prepareSandbox(join(PROJECT_ROOT, "config"), root);
    this.configDir = sandbox.configDir;
    this.outDir = sandbox.outDir;
    this.worldFile = join(root, "world.json");
  }

  static create(): Workspace {
    const ws = new Workspace(mkdtempSync(join(tmpdir(), "gc-e2e-")));
    mkdirSync(join(ws.root, "state"));
    // An empty CLI config keeps the machine's own terraformrc out of the tests' output.
    writeFileSync(join(ws.root, "terraformrc"), "");
    return ws;
  }

  environments(): string[] {
    return listEnvironments(this.configDir);
  }

  config(name: string): Json {
    return JSON.parse(readFileSync(join(this.configDir, `${name}.json`), "utf8")) as Json;
  }

  editConfig(name: string, change: (config: Json) => void): void {
    const config = this.config(name);
    change(config);
    writeFileSync(join(this.configDir, `${name}.json`), `${JSON.stringify(config, null, 2)}\n`);
  }

  stackDir(name: string): string {
    return join(this.outDir, "stacks", name);
  }

  world(): World {
    return readWorld(this.worldFile);
  }

  /** Deployer credentials of the fixture org that `config/<name>.json` names. */
  deployer(name: string): { clientId: string; clientSecret: string } {
    const orgName = this.config(name).organization.name;
    const org = readWorld(existsSync(this.worldFile) ? this.worldFile : DEFAULT_FIXTURE).orgs.find(
      (o) => o.name === orgName,
    );
    const client = org?.oauthClients[0];
    if (!client) throw new Error(`the emulator fixture has no org named ${orgName} with a deployer client`);
    return { clientId: client.id, clientSecret: client.secret };
  }

  /** One emulated provider process per environment's deployer credentials, all on this world. */
  async startEmulators(names: readonly string[]): Promise<void> {
    await timed("emulator start", () =>
      Promise.all(
        names.map(async (name) => {
          const emulator = await startEmulator({
            worldFile: this.worldFile,
            credentials: this.deployer(name),
            logFile: join(this.root, `emulator-${name}.log`),
            lookupRetryMs: 0,
          });
          this.emulators.set(name, emulator);
        }),
      ),
    );
  }

  /** An emulator for other credentials; role lookups fail at once unless `lookupRetryMs` says otherwise. */
  async startEmulator(
    key: string,
    credentials: { clientId: string; clientSecret: string },
    lookupRetryMs = 0,
  ): Promise<void> {
    const emulator = await timed("emulator start", () =>
      startEmulator({
        worldFile: this.worldFile,
        credentials,
        logFile: join(this.root, `emulator-${key}.log`),
        lookupRetryMs,
      }),
    );
    this.emulators.set(key, emulator);
  }

  /**
   * Env for terraform/cdktf acting as `as` (an environment name or a startEmulator key):
   * attached to that emulator, with its credentials, reading this workspace's config.
   */
  env(as: string): NodeJS.ProcessEnv {
    const emulator = this.emulators.get(as);
    if (!emulator) throw new Error(`no emulator started for ${as}`);
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (!key.startsWith("GENESYSCLOUD_") && !key.startsWith("TF_") && !key.startsWith("CDKTF_")) env[key] = value;
    }
    return {
      ...env,
      ...emulator.env,
      PARTNER_OAUTH_CONFIG_DIR: this.configDir,
      CHECKPOINT_DISABLE: "1",
      TF_IN_AUTOMATION: "1",
      TF_CLI_CONFIG_FILE: join(this.root, "terraformrc"),
      FORCE_COLOR: "0",
      NO_COLOR: "1",
    };
  }

  /** Synthesizes every stack into outDir with the project's real app command (no cdktf CLI). */
  synth(as: string): RunResult {
    const result = run("app synth", process.execPath, [join(PROJECT_ROOT, "scripts", "app.js")], {
      ...this.env(as),
      CDKTF_OUTDIR: this.outDir,
    });
    if (result.code !== 0) throw new Error(`synth failed:\n${result.output}`);
    return result;
  }

  /** terraform init in a stack folder; throws when it fails. */
  init(name: string, as: string): void {
    const result = terraform(this.stackDir(name), ["init"], this.env(as));
    if (result.code !== 0) throw new Error(`terraform init failed for ${name}:\n${result.output}`);
  }

  /** Stops this workspace's emulators and removes the scratch folder (kept when E2E_KEEP=1). */
  async dispose(): Promise<void> {
    await Promise.all([...this.emulators.values()].map((e) => e.stop()));
    if (process.env.E2E_KEEP !== "1") rmSync(this.root, { recursive: true, force: true });
  }
}
