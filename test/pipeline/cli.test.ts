import * as fs from "fs";
import * as path from "path";
import { CliIo, main } from "../../commands/pipeline/cli";
import { cli, credentialsEnv, goodOutputs, synthesizedThreeEnvironments, tempProject } from "./support";

describe("pipeline CLI", () => {
  it("runs cdktf and terraform with version checks off, so nothing phones home", async () => {
    const project = tempProject({ dev: {} });
    const seen: NodeJS.ProcessEnv[] = [];
    const io: CliIo = {
      env: credentialsEnv(),
      out: () => undefined,
      err: () => undefined,
      interactive: false,
      run: (_command, _args, options) => {
        seen.push(options.env);
        return { status: 1, stdout: "" };
      },
    };
    await main(["synth", "--project-dir", project.dir], io);
    expect(seen).toHaveLength(1);
    expect(seen[0].CHECKPOINT_DISABLE).toBe("1");
  });

  describe("command line mistakes exit 2 with a message, never a stack trace", () => {
    it.each([
      [
        ["launch"],
        `error: unknown command "launch"; commands: synth, environments, diff, deploy, verify, app-config, lint-workflows`,
      ],
      [["deploy"], `error: deploy takes exactly one environment, e.g. "deploy dev"; got none`],
      [["verify", "dev", "prod"], `error: verify takes exactly one environment, e.g. "verify dev"; got dev prod`],
      [["synth", "dev"], "error: synth takes no environment; got dev"],
      [["deploy", "dev", "--force"], "error: deploy: Unknown option '--force'"],
      [
        ["app-config", "dev", "--include-secret=yes"],
        "error: app-config: Option '--include-secret' does not take an argument",
      ],
    ])("%j", async (argv, expected) => {
      const result = await cli(argv, tempProject().dir);
      expect(result.code).toBe(2);
      expect(result.err).toContain(expected);
      expect(result.err).toContain("Run with --help for usage.");
      expect(result.err).not.toMatch(/\n\s+at /);
    });
  });

  it("prints usage", async () => {
    const result = await cli(["--help"], tempProject().dir);
    expect(result.code).toBe(0);
    expect(result.out).toContain("Usage: npm run pipeline:<command> -- [environment] [options]");
    expect((await cli(["deploy", "--help"], tempProject().dir)).out).toContain("--auto-approve");
  });

  it("exits 1 for an unknown environment, with paths relative to where it runs", async () => {
    // This project's own config folder, read only: the check fails before anything else is read.
    const result = await cli(["deploy", "NOT_AN_ENV", "--auto-approve"]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(
      /^error: Unknown environment "NOT_AN_ENV": config has [a-z0-9, -]+\. An environment is a config file: add config\/NOT_AN_ENV\.json to create it\.$/,
    );
  });

  it("lists environments in promotion order, as JSON for the workflow matrix", async () => {
    const project = synthesizedThreeEnvironments();
    expect((await cli(["environments", "--json"], project.dir)).out).toBe(`["dev","test","prod"]`);
    expect((await cli(["environments"], project.dir)).out).toBe("dev\ntest\nprod");
  });

  it("takes the config and output folders from options or from the app's environment variables", async () => {
    const project = synthesizedThreeEnvironments();
    const configDir = path.join(project.dir, "elsewhere");
    fs.renameSync(project.configDir, configDir);
    const outDir = path.join(project.dir, "build");
    fs.renameSync(project.outDir, outDir);

    expect((await cli(["environments"], project.dir)).err).toContain(`${project.configDir}: config folder not found`);
    expect((await cli(["environments", "--config-dir", configDir], project.dir)).code).toBe(0);
    const env = credentialsEnv({ PARTNER_OAUTH_CONFIG_DIR: "elsewhere", CDKTF_OUTDIR: "build" });
    const deployed = await cli(["deploy", "dev", "--auto-approve"], project.dir, env);
    expect(deployed.err).toContain("is stale"); // the config moved, and its digests with it
    expect(deployed.err).toContain("config/dev.json (removed)");
  });

  describe("a file or folder given on the command line that cannot be used exits 1 with a message", () => {
    it("an app config file below a regular file", async () => {
      const project = synthesizedThreeEnvironments();
      fs.mkdirSync(path.join(project.outDir, "outputs"));
      fs.writeFileSync(path.join(project.outDir, "outputs", "dev.json"), JSON.stringify({ dev: goodOutputs() }));
      const target = path.join(project.dir, "main.ts", "dev.json");
      const result = await cli(["app-config", "dev", "--app-config-file", target], project.dir);
      expect(result).toMatchObject({ code: 1, out: "" });
      expect(result.err).toMatch(/^error: EEXIST: file already exists, mkdir '.*main\.ts'$/);
    });

    it("an outputs file that is a folder", async () => {
      const project = synthesizedThreeEnvironments();
      const folder = path.join(project.dir, "outputs");
      fs.mkdirSync(folder);
      const result = await cli(["deploy", "dev", "--auto-approve", "--outputs-file", folder], project.dir);
      expect(result.code).toBe(1);
      expect(result.err).toMatch(
        /^error: Refusing to write outputs to .*outputs: it exists and is not a regular file\./,
      );
    });
  });

  it("lets a bug in the pipeline itself through, stack trace and all", async () => {
    const io: CliIo = {
      env: credentialsEnv(),
      out: () => undefined,
      err: () => undefined,
      interactive: false,
      run: () => {
        throw new TypeError("a bug");
      },
    };
    await expect(main(["synth", "--project-dir", tempProject().dir], io)).rejects.toThrow("a bug");
  });

  it("writes no app config for an environment that was not deployed", async () => {
    const project = synthesizedThreeEnvironments();
    const result = await cli(["app-config", "prod"], project.dir);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`Outputs file ${path.join(project.outDir, "outputs", "prod.json")} not found`);
    expect(fs.existsSync(path.join(project.dir, "app-config", "prod.json"))).toBe(false);
  });
});
