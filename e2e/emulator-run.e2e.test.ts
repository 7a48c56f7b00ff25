/**
 * `npm run emulator -- run ...` on a copy of the project: it reads the configs afresh on every call
 * (an edited config changes the next plan), keeps world and state in its sandbox between calls, and
 * leaves the project's cdktf.out and state files byte for byte as they were.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { listEnvironments } from "../lib/config/load";
import { DEFAULT_FIXTURE } from "../sandbox/emulator/start";
import { readWorld } from "../sandbox/emulator/world";
import { projectCopy, removeProjectCopies } from "./support/project-copy";
import { run } from "./support/run";

afterAll(removeProjectCopies);

/** sha256 of every file of the project's own output and state: cdktf.out/ and *.tfstate*. */
function realStateAndOutput(root: string): Record<string, string> {
  const digests: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else digests[relative(root, full)] = createHash("sha256").update(readFileSync(full)).digest("hex");
    }
  };
  if (existsSync(join(root, "cdktf.out"))) walk(join(root, "cdktf.out"));
  for (const entry of readdirSync(root)) {
    if (/\.tfstate/.test(entry))
      digests[entry] = createHash("sha256")
        .update(readFileSync(join(root, entry)))
        .digest("hex");
  }
  return digests;
}

describe("npm run emulator -- run", () => {
  it("deploys into its sandbox, sees a config edit on the next plan, and never touches real output or state", () => {
    const root = projectCopy();
    const env = { ...process.env, CHECKPOINT_DISABLE: "1", CI: "true" };
    const npm = (label: string, args: string[]) => run(label, "npm", ["run", "--silent", ...args], env, root, 180_000);
    const orgs = readWorld(DEFAULT_FIXTURE).orgs.map((org) => org.name);
    const configOf = (name: string) => JSON.parse(readFileSync(join(root, "config", `${name}.json`), "utf8"));
    const name = listEnvironments(join(root, "config")).find((e) => orgs.includes(configOf(e).organization.name));
    if (!name) throw new Error("no shipped environment deploys into an org of the emulator's fixture");

    // The project's own output and a state file, as after a real synth and deploy.
    expect(npm("npm run synth", ["synth"]).code).toBe(0);
    writeFileSync(join(root, `terraform.${name}.tfstate`), '{"version":4,"serial":7,"resources":[]}\n');
    const before = realStateAndOutput(root);
    expect(Object.keys(before).length).toBeGreaterThan(2);

    const deployed = npm("emulator run cdktf deploy", [
      "emulator",
      "--",
      "run",
      "cdktf",
      "deploy",
      name,
      "--auto-approve",
    ]);
    expect(deployed.code).toBe(0);
    expect(deployed.output).toMatch(/Apply complete!/);
    expect(existsSync(join(root, ".cache", "emulator", "sandbox", "state", `${name}.tfstate`))).toBe(true);

    const unchanged = npm("emulator run cdktf diff", ["emulator", "--", "run", "cdktf", "diff", name]);
    expect(unchanged.code).toBe(0);
    expect(unchanged.output).toMatch(/No changes/);

    const config = configOf(name);
    // The bot-session role exists in either deploy phase; the client only in phase "client".
    config.oauthClient.botSessionRole = {
      ...config.oauthClient.botSessionRole,
      description: "edited while trying it against the emulator",
    };
    writeFileSync(join(root, "config", `${name}.json`), `${JSON.stringify(config, null, 2)}\n`);
    const edited = npm("emulator run cdktf diff", ["emulator", "--", "run", "cdktf", "diff", name]);
    expect(edited.code).toBe(0);
    expect(edited.output).toMatch(/1 to change/);
    expect(edited.output).toContain("edited while trying it against the emulator");

    expect(realStateAndOutput(root)).toEqual(before);
  }, 600_000);

  it("refuses an option that would point the command back at the project", () => {
    const root = projectCopy();
    const env = { ...process.env, CHECKPOINT_DISABLE: "1" };
    const result = run(
      "emulator run",
      "npm",
      ["run", "--silent", "emulator", "--", "run", "cdktf", "synth", "--output", "cdktf.out"],
      env,
      root,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--output is set by the emulator's sandbox");
    expect(existsSync(join(root, "cdktf.out"))).toBe(false);
  });

  it("refuses --outputs-file into the project, also through a symlink outside it", () => {
    const root = projectCopy();
    const link = join(mkdtempSync(join(tmpdir(), "emulator-run-link-")), "lib");
    symlinkSync(join(root, "lib"), link);
    const env = { ...process.env, CHECKPOINT_DISABLE: "1" };
    for (const target of ["lib/outputs.json", join(link, "outputs.json")]) {
      const result = run(
        "emulator run",
        "npm",
        ["run", "--silent", "emulator", "--", "run", "cdktf", "deploy", "dev", "--outputs-file", target],
        env,
        root,
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`--outputs-file ${target} points into the project`);
    }
    expect(existsSync(join(root, "lib", "outputs.json"))).toBe(false);
  });
});
