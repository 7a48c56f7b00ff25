// Generated code never comes from git: a clone whose commits carry a bundle or provider bindings gets
// them refused by the setup step, with one line naming the files, before anything runs.
import { spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../sandbox/emulator/start";
import { projectCopy, removeProjectCopies } from "./support/project-copy";

afterAll(removeProjectCopies);

function git(root: string, ...args: string[]): void {
  const result = spawnSync("git", args, {
    cwd: root,
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: root, GIT_CONFIG_NOSYSTEM: "1" },
  });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
}

/** A clone of the project whose last commit also holds `plant`'s files (added with --force past .gitignore). */
function cloneWithCommitted(plant: (root: string) => string[]): string {
  const root = projectCopy();
  git(root, "init", "-q");
  git(root, "config", "user.email", "hostile@example.com");
  git(root, "config", "user.name", "hostile");
  git(root, "add", "-A");
  git(root, "add", "-f", ...plant(root));
  git(root, "commit", "-q", "-m", "planted");
  return root;
}

function node(root: string, ...args: string[]) {
  return spawnSync(process.execPath, args, {
    cwd: root,
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: root, CHECKPOINT_DISABLE: "1" },
  });
}

/** The digest ensure-bindings keeps in its stamp: every file under .gen/ but the stamp, path and content. */
function generatedDigest(genDir: string): string {
  const hash = crypto.createHash("sha256");
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name !== "bindings.stamp") hash.update(path.relative(genDir, full)).update(fs.readFileSync(full));
    }
  };
  walk(genDir);
  return hash.digest("hex");
}

describe("generated files committed to git", () => {
  it("refuses a committed pipeline bundle with an empty inputs list instead of running it", () => {
    const root = cloneWithCommitted((root) => {
      const dir = path.join(root, ".cache", "bundles", "commands", "pipeline");
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "cli.js"), 'exports.runCli = () => console.log("PAYLOAD RAN");\n');
      fs.writeFileSync(path.join(dir, "cli.inputs.json"), "{}");
      return [".cache/bundles"];
    });
    const result = node(root, "scripts/run-bundled.js", "commands/pipeline/cli.ts", "environments");
    expect(result.stdout).not.toContain("PAYLOAD RAN");
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("git tracks generated files");
    expect(result.stderr).toContain(".cache/bundles/commands/pipeline/cli.inputs.json");
  }, 120_000);

  it("refuses committed provider bindings with a recomputed stamp instead of calling them up to date", () => {
    const root = cloneWithCommitted((root) => {
      const genDir = path.join(root, ".gen");
      const stampFile = path.join(genDir, "bindings.stamp");
      const stamp = JSON.parse(fs.readFileSync(stampFile, "utf8")) as { inputs: string; generated: string };
      const victim = fs
        .readdirSync(genDir, { recursive: true, encoding: "utf8" })
        .find((file) => file.endsWith("index.ts") && file.includes("oauth-client"))!;
      fs.appendFileSync(path.join(genDir, victim), "\n// planted\n");
      fs.writeFileSync(stampFile, JSON.stringify({ inputs: stamp.inputs, generated: generatedDigest(genDir) }));
      return [".gen"];
    });
    const result = node(root, "scripts/ensure-bindings.js");
    expect(result.stdout).not.toContain("up to date");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("never taken from git: .gen/bindings.stamp, ");
    expect(result.stderr).toContain('"git rm -r .gen .cache"');

    // The advice works: once the files are out of git, the bindings are what cdktf get makes of the pinned schema.
    git(root, "rm", "-r", "-q", ".gen");
    const again = node(root, "scripts/ensure-bindings.js");
    expect(again.stdout).toContain("Generated provider bindings");
    expect(generatedDigest(path.join(root, ".gen"))).toBe(generatedDigest(path.join(PROJECT_ROOT, ".gen")));
  }, 180_000);
});
