/**
 * The app command (`node scripts/app.js`, as cdktf.json runs it) and the real `cdktf synth`, as
 * processes. The unit suite runs the same entry in-process for every
 * rejected input (test/app.test.ts). Kept here, as processes, only what a process adds:
 * - two rejected inputs (one JSON error, one schema error) through the app command: the exit code,
 *   stderr and no stack trace of a real process;
 * - one through `npm run synth` (scripts/cdktf.js, then the real cdktf): the message is printed once
 *   (cdktf alone prints an app's stderr twice), and an earlier synth stays;
 * - the secret canary through the real CLI, and the app command's bundle cache.
 */
import * as fs from "fs";
import * as path from "path";
import { CONFIG_DIR_ENV, listEnvironments } from "../lib/config/load";
import {
  filesUnder,
  minimalEnvironment,
  PROJECT_ROOT,
  SHIPPED_CONFIG_DIR,
  tempConfigDir,
  tempDir,
} from "../test/support/config-dir";
import { expectRejected, REJECTED_INPUTS } from "../test/support/rejected-inputs";
import { APP, CDKTF, run } from "../test/support/run";

/** The app command of cdktf.json, as `cdktf synth` runs it. */
function synthWithApp(configDir: string, outdir: string, env: NodeJS.ProcessEnv = {}) {
  return run("node", [APP], { [CONFIG_DIR_ENV]: configDir, CDKTF_OUTDIR: outdir, ...env });
}

const freshOutdir = () => path.join(tempDir("partner-oauth-out-"), "cdktf.out");

describe("the app command (node scripts/app.js)", () => {
  it("writes one stack per shipped environment file", () => {
    const outdir = freshOutdir();
    const result = synthWithApp(SHIPPED_CONFIG_DIR, outdir);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(listEnvironments(SHIPPED_CONFIG_DIR).sort());
  });

  const asProcess = REJECTED_INPUTS.filter((input) => ["invalid JSON", "an unknown region"].includes(input.title));
  it("has the rejected inputs it runs as a process", () => expect(asProcess).toHaveLength(2));

  describe.each(asProcess)("given $title", ({ files, expected }) => {
    it("exits 1 with one message and no stack trace, and writes nothing", () => {
      const outdir = freshOutdir();
      const result = synthWithApp(tempConfigDir(files ?? {}), outdir);
      expectRejected(result, expected, outdir);
    });
  });
});

describe("the real cdktf CLI", () => {
  const markers = {
    GENESYSCLOUD_OAUTHCLIENT_ID: "canary.client.id.5f1e2d",
    GENESYSCLOUD_OAUTHCLIENT_SECRET: "canary.client.secret.9a8b7c",
    GENESYSCLOUD_ACCESS_TOKEN: "canary.access.token.3c4d5e",
  };

  it("synthesizes every environment without any credential reaching the output or the snapshots", () => {
    const configDir = tempConfigDir({
      "alpha.json": { ...minimalEnvironment("alpha"), oauthClient: { name: "P", exposeSecret: true } },
      "beta.json": { ...minimalEnvironment("beta"), oauthClient: { name: "Q", preventDestroy: true } },
    });
    const outdir = freshOutdir();
    const result = run(CDKTF, ["synth", "--output", outdir], { [CONFIG_DIR_ENV]: configDir, ...markers });
    expect(result.status).toBe(0);
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(["alpha", "beta"]);

    const written = [...filesUnder(outdir), ...filesUnder(path.join(PROJECT_ROOT, "test", "__snapshots__"))];
    expect(written.length).toBeGreaterThan(3);
    for (const file of written) {
      const content = fs.readFileSync(file, "utf8");
      for (const marker of Object.values(markers))
        expect({ file, found: content.includes(marker) }).toEqual({ file, found: false });
    }
    expect(result.stdout + result.stderr).not.toMatch(/canary\./);
  });

  it("prints a config error once through npm run synth, and leaves an earlier synth untouched", () => {
    const outdir = freshOutdir();
    const synth = (configDir: string) =>
      run("npm", ["run", "--silent", "synth", "--", "--output", outdir], { [CONFIG_DIR_ENV]: configDir });
    expect(synth(tempConfigDir({ "alpha.json": minimalEnvironment("alpha") })).status).toBe(0);
    const before = filesUnder(outdir).map((file) => [file, fs.readFileSync(file, "utf8")]);

    const configDir = tempConfigDir({
      "alpha.json": minimalEnvironment("alpha"),
      "beta.json": { ...minimalEnvironment("beta"), region: "us-east-9" },
    });
    const bad = synth(configDir);
    expect(bad.status).toBe(1);
    const message = 'beta.json: region: the string "us-east-9" is not allowed';
    expect((bad.stdout + bad.stderr).split(message)).toHaveLength(2);
    expect(bad.stderr).toMatch(/^Configuration error:\n/);
    expect(filesUnder(outdir).map((file) => [file, fs.readFileSync(file, "utf8")])).toEqual(before);
  });
});

describe("the app command's bundle cache", () => {
  /** A copy of the project's sources next to links to its dependencies and bindings. */
  function projectCopy(): string {
    const root = tempDir("partner-oauth-copy-");
    for (const entry of ["main.ts", "lib", "scripts", "cdktf.json", "provider-schema"]) {
      fs.cpSync(path.join(PROJECT_ROOT, entry), path.join(root, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(root, "node_modules"));
    fs.symlinkSync(path.join(PROJECT_ROOT, ".gen"), path.join(root, ".gen"));
    return root;
  }
  const apiBaseUrlOf = (outdir: string) =>
    JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "dev", "cdk.tf.json"), "utf8")).output.api_base_url.value;

  it("reuses the bundle while nothing changed and picks up a source edit on the next run", () => {
    const root = projectCopy();
    const configDir = tempConfigDir({ "dev.json": minimalEnvironment() });
    const synth = () => {
      const outdir = freshOutdir();
      const result = run(
        "node",
        [path.join(root, "scripts", "app.js")],
        { [CONFIG_DIR_ENV]: configDir, CDKTF_OUTDIR: outdir },
        root,
      );
      expect(result.stderr).toBe("");
      return outdir;
    };
    const bundle = path.join(root, ".cache", "app", "main.js");

    expect(apiBaseUrlOf(synth())).toBe("https://api.mypurecloud.com");
    const firstBuild = fs.statSync(bundle).mtimeMs;
    synth();
    expect(fs.statSync(bundle).mtimeMs).toBe(firstBuild);

    const rules = path.join(root, "lib", "genesys", "provider-rules.ts");
    fs.writeFileSync(
      rules,
      fs.readFileSync(rules, "utf8").replace('"us-east-1": "mypurecloud.com"', '"us-east-1": "edited.example"'),
    );
    expect(apiBaseUrlOf(synth())).toBe("https://api.edited.example");
  });
});
