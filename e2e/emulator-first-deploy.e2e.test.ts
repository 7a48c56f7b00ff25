/**
 * The README's first deploy, typed as a user would on a fresh clone, against the sandbox only:
 * deploy dev (phase "role") with `npm run emulator -- run pipeline`, do the org admin's grant with
 * the command the run prints (`npm run sandbox -- grant-role ...`), set heldByDeployer in
 * config/dev.json, deploy again (phase "client"), write the app config, and the doctor passes
 * against the API stand-in on the same world. No TypeScript, no world file edited by hand.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ApiStubProcess, startApiStubProcess } from "../sandbox/api/start";
import { projectCopy, removeProjectCopies } from "./support/project-copy";
import { type RunResult, run } from "./support/run";

const FLOW_ID = "6a1f0c56-0d55-4c1e-9f0e-4b9b1f7d2a10";
let root: string;
let stub: ApiStubProcess | undefined;

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith("GENESYSCLOUD_") && !key.startsWith("PARTNER_")),
  );
  return { ...inherited, CHECKPOINT_DISABLE: "1", CI: "true", ...extra };
}

function npm(args: string[], extra: NodeJS.ProcessEnv = {}): RunResult {
  return run(
    `npm run ${args[0]} ${args.slice(2, 4).join(" ")}`,
    "npm",
    ["run", "--silent", ...args],
    env(extra),
    root,
    180_000,
  );
}

/** A line the user copies from the output and runs in a shell, as printed. */
function typed(line: string): RunResult {
  return run(`sh: ${line.slice(0, 40)}`, "sh", ["-c", line], env(), root, 60_000);
}

function expectOk(result: RunResult): RunResult {
  expect({ code: result.code, output: result.code === 0 ? "" : result.output }).toEqual({ code: 0, output: "" });
  return result;
}

function secretOf(printed: string): string {
  const match = /^GENESYSCLOUD_OAUTHCLIENT_SECRET=(\S+)$/m.exec(printed);
  if (!match) throw new Error(`no secret in:\n${printed}`);
  return match[1]!;
}

beforeAll(() => {
  root = projectCopy();
});

afterAll(async () => {
  await stub?.stop();
  removeProjectCopies();
});

test("first deploy of dev through both phases with the sandbox's commands; the doctor then passes", async () => {
  expectOk(npm(["emulator", "--", "run", "pipeline", "synth"]));
  expectOk(npm(["emulator", "--", "run", "pipeline", "deploy", "dev", "--auto-approve"]));
  const verified = expectOk(npm(["emulator", "--", "run", "pipeline", "verify", "dev"]));
  expect(verified.stdout).toContain('deploy phase "role"');

  // The run names the admin's grant as a command that works in the sandbox, and the project's config file.
  const grant = /^ {2}(npm run sandbox -- grant-role .*)$/m.exec(verified.stderr)?.[1];
  expect(grant).toBe(
    "npm run sandbox -- grant-role --client dev-deployer-client --role 'Acme Bot Partner (dev) bot sessions'",
  );
  expect(verified.output).toContain("heldByDeployer to true in config/dev.json");
  expect(verified.output).not.toContain(".cache/emulator/sandbox/config/");
  expect(expectOk(typed(grant!)).stdout).toContain(
    'granted: role "Acme Bot Partner (dev) bot sessions" for OAuth client dev-deployer-client',
  );

  const configFile = join(root, "config", "dev.json");
  const config = JSON.parse(readFileSync(configFile, "utf8"));
  config.oauthClient.botSessionRole = { ...config.oauthClient.botSessionRole, heldByDeployer: true };
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);

  expectOk(npm(["emulator", "--", "run", "pipeline", "synth"]));
  expectOk(npm(["emulator", "--", "run", "pipeline", "deploy", "dev", "--auto-approve"]));
  expect(expectOk(npm(["emulator", "--", "run", "pipeline", "verify", "dev"])).stdout).toMatch(
    /OAuth client [0-9a-f-]{36}\./,
  );
  expectOk(npm(["emulator", "--", "run", "pipeline", "app-config", "dev"]));
  const appConfig = join(root, ".cache", "emulator", "sandbox", "app-config", "dev.json");
  expect(existsSync(appConfig)).toBe(true);

  const shown = expectOk(npm(["sandbox", "--", "show", "--org", "Acme Partner Dev"])).stdout;
  expect(shown).toMatch(
    /client "Acme Bot Partner \(dev\)" id \S+ CLIENT-CREDENTIALS active; roles: Acme Bot Partner \(dev\) bot sessions in Home/,
  );

  // The secrets, as an admin gets them in the UI: a new one per client, shown once.
  const partnerSecret = secretOf(
    expectOk(npm(["sandbox", "--", "regenerate-secret", "--client", "Acme Bot Partner (dev)"])).stdout,
  );
  const deployerSecret = secretOf(
    expectOk(npm(["sandbox", "--", "regenerate-secret", "--client", "dev-deployer-client"])).stdout,
  );

  // In another shell: npm run api-stub (it serves the same world by default).
  stub = await startApiStubProcess({
    worldFile: join(root, ".cache", "emulator", "sandbox", "world.json"),
    region: "us-east-1",
  });
  const doctor = npm(
    ["doctor", "--", "dev", "--gateway", stub.url, "--app-config", appConfig, "--flow-id", FLOW_ID, "--json"],
    {
      PARTNER_OAUTHCLIENT_SECRET: partnerSecret,
      GENESYSCLOUD_OAUTHCLIENT_ID: "dev-deployer-client",
      GENESYSCLOUD_OAUTHCLIENT_SECRET: deployerSecret,
    },
  );
  const report = JSON.parse(doctor.stdout) as { checks: { id: string; status: string }[] };
  expect(report.checks.map((c) => [c.id, c.status])).toEqual([
    ["login", "pass"],
    ["organization", "pass"],
    ["roles", "pass"],
    ["bot-session-permission", "pass"],
    ["live-session", "pass"],
  ]);
  expect(doctor.code).toBe(0);
  expect(`${doctor.stdout}${doctor.stderr}`).not.toContain(partnerSecret);

  // The project's own output, state and app config were never written.
  expect(readdirSync(root).filter((entry) => /^cdktf\.out$|\.tfstate/.test(entry))).toEqual([]);
  expect(existsSync(join(root, "app-config", "dev.json"))).toBe(false);
}, 900_000);
