// The command-line core (commands/core/): credentials and the environment terraform gets, loading environments,
// and the one error type, entry and crash handler of every command.

import * as fs from "fs";
import * as path from "path";
import { crashReport, handleSignalsHere, parseCommandLine, runCli, runCommand } from "../../commands/core/cli";
import { hasProviderCredentials, missingCredentialsMessage, terraformEnv } from "../../commands/core/credentials";
import {
  assertKnownEnvironment,
  environmentNames,
  loadEnvironment,
  loadInPromotionOrder,
  promotionOrder,
} from "../../commands/core/environments";
import { CommandError, EXIT, usageError } from "../../commands/core/errors";
import { tempDir, tempProject } from "../pipeline/support";

describe("credentials", () => {
  it("needs a client id and secret, or an access token", () => {
    expect(
      hasProviderCredentials({ GENESYSCLOUD_OAUTHCLIENT_ID: "id", GENESYSCLOUD_OAUTHCLIENT_SECRET: "secret" }),
    ).toBe(true);
    expect(hasProviderCredentials({ GENESYSCLOUD_ACCESS_TOKEN: "token" })).toBe(true);
    expect(hasProviderCredentials({ GENESYSCLOUD_OAUTHCLIENT_ID: "id" })).toBe(false);
    expect(hasProviderCredentials({ GENESYSCLOUD_OAUTHCLIENT_ID: "id", GENESYSCLOUD_OAUTHCLIENT_SECRET: "" })).toBe(
      false,
    );
    expect(hasProviderCredentials({})).toBe(false);
  });

  it("says which variables to set for which environment", () => {
    expect(missingCredentialsMessage("prod")).toContain(
      `No Genesys Cloud credentials for environment "prod": set GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET`,
    );
  });
});

describe("terraform's environment", () => {
  const given = {
    PATH: "/bin",
    HOME: "/home/me",
    LC_ALL: "C",
    HTTPS_PROXY: "http://proxy:3128",
    AWS_ACCESS_KEY_ID: "",
    AWS_SECRET_ACCESS_KEY: "aws",
    TF_TOKEN_app_terraform_io: "",
    TF_CLI_CONFIG_FILE: "/home/me/.terraformrc",
    TF_REATTACH_PROVIDERS: "{}",
    GENESYSCLOUD_OAUTHCLIENT_ID: "id",
    GENESYSCLOUD_OAUTHCLIENT_SECRET: "deployer-secret",
    PARTNER_OAUTHCLIENT_SECRET: "partner-secret",
    GITHUB_TOKEN: "gh",
    NODE_OPTIONS: "--require /tmp/x.js",
    EMPTY_BUT_UNRELATED: "",
  };
  const set = { CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_DATA_DIR: "/private/data" };

  it("is an allowlist: plan and apply get the Genesys credentials, nothing else of the caller's secrets", () => {
    expect(terraformEnv(given, "genesys", "/private/data")).toEqual({
      PATH: "/bin",
      HOME: "/home/me",
      LC_ALL: "C",
      HTTPS_PROXY: "http://proxy:3128",
      AWS_SECRET_ACCESS_KEY: "aws",
      TF_CLI_CONFIG_FILE: "/home/me/.terraformrc",
      TF_REATTACH_PROVIDERS: "{}",
      GENESYSCLOUD_OAUTHCLIENT_ID: "id",
      GENESYSCLOUD_OAUTHCLIENT_SECRET: "deployer-secret",
      ...set,
    });
  });

  it("gives init, show and output (state only) no Genesys Cloud secret", () => {
    const env = terraformEnv(given, "state-only", "/private/data");
    expect(Object.keys(env).filter((name) => name.startsWith("GENESYSCLOUD_"))).toEqual([]);
    expect(JSON.stringify(env)).not.toContain("secret");
  });

  it.each([
    [{ TF_CLI_ARGS_plan: "-destroy" }, "TF_CLI_ARGS_plan"],
    [{ TF_CLI_ARGS: "-lock=false", TF_CLI_ARGS_init: "-upgrade" }, "TF_CLI_ARGS, TF_CLI_ARGS_init"],
    [{ TF_WORKSPACE: "other" }, "TF_WORKSPACE"],
    [{ TF_DATA_DIR: "/tmp/planted" }, "TF_DATA_DIR"],
    [{ TF_LOG: "trace", TF_LOG_PATH: "/tmp/log" }, "TF_LOG, TF_LOG_PATH"],
    [{ TF_VAR_x: "1" }, "TF_VAR_x"],
    [{ TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: "1" }, "TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE"],
  ])("refuses %j with one line naming them", (extra, named) => {
    expect(() => terraformEnv({ ...given, ...extra }, "genesys", "/d")).toThrow(
      new RegExp(`^Refusing to run terraform with ${named} set: (it changes|they change) what terraform plans`),
    );
  });
});

describe("environments", () => {
  it("are the config files, whatever their names", () => {
    const project = tempProject({ dev: {}, staging: {}, prod: {} });
    expect(environmentNames(project.configDir)).toEqual(["dev", "prod", "staging"]);
  });

  it("come in promotion order, those without promotionOrder last by name", () => {
    const project = tempProject({
      prod: { promotionOrder: 30 },
      dev: { promotionOrder: 10 },
      test: { promotionOrder: 20 },
      sandbox: {},
    });
    expect(loadInPromotionOrder(project.configDir, project.dir).map((e) => e.name)).toEqual([
      "dev",
      "test",
      "prod",
      "sandbox",
    ]);
  });

  it("sort stably by name when no promotionOrder is set", () => {
    expect(promotionOrder([{ name: "test" }, { name: "dev" }, { name: "prod" }]).map((e) => e.name)).toEqual([
      "dev",
      "prod",
      "test",
    ]);
  });

  it("name the known environments when asked for an unknown one", () => {
    const project = tempProject({ dev: {}, prod: {} });
    expect(() => assertKnownEnvironment("qa", project.configDir)).toThrow(
      `Unknown environment "qa": ${project.configDir} has dev, prod. An environment is a config file: add ${project.configDir}/qa.json to create it.`,
    );
    expect(() => assertKnownEnvironment("../dev", project.configDir)).toThrow(CommandError);
  });

  it("load one validated config", () => {
    const project = tempProject({ dev: { region: "eu-west-1" } });
    expect(loadEnvironment("dev", project.configDir, project.dir)).toMatchObject({
      name: "dev",
      region: "eu-west-1",
      file: "config/dev.json",
    });
  });

  it("turn config mistakes into one pipeline error listing them", () => {
    const dir = tempDir("pipeline-config-");
    expect(() => environmentNames(dir)).toThrow(CommandError);
    fs.writeFileSync(path.join(dir, "dev.json"), "{ not json");
    expect(() => loadInPromotionOrder(dir, dir)).toThrow(/^Configuration error:\n {2}dev\.json: not valid JSON/);
  });
});

describe("a customer stack", () => {
  const saved = process.env.PARTNER_OAUTH_CUSTOMERS_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.PARTNER_OAUTH_CUSTOMERS_DIR;
    else process.env.PARTNER_OAUTH_CUSTOMERS_DIR = saved;
  });

  function customersDir(): string {
    const dir = tempDir("customers-");
    fs.writeFileSync(
      path.join(dir, "globex.json"),
      JSON.stringify({
        region: "us-east-1",
        organization: { name: "Globex Corporation" },
        oauthClient: { name: "Acme Bot Partner" },
        customer: { secretDelivery: "integration-credential" },
      }),
    );
    return dir;
  }

  it("loads like an environment from the customers folder, and stays out of the promotion order", () => {
    const project = tempProject({ dev: {} });
    process.env.PARTNER_OAUTH_CUSTOMERS_DIR = customersDir();
    expect(loadEnvironment("customer-globex", project.configDir, project.dir).organization.name).toBe(
      "Globex Corporation",
    );
    expect(loadInPromotionOrder(project.configDir, project.dir).map((e) => e.name)).toEqual(["dev"]);
  });

  it("that the customers folder does not have is refused with the file to add", () => {
    const project = tempProject({ dev: {} });
    process.env.PARTNER_OAUTH_CUSTOMERS_DIR = customersDir();
    expect(() => assertKnownEnvironment("customer-initech", project.configDir)).toThrow(
      /Unknown customer stack "customer-initech": .* has customer-globex\. A customer is a file: add .*initech\.json/,
    );
  });
});

describe("the command-line core", () => {
  it("exit 1 for mistakes, 2 for wrong command lines, with one error line and a usage hint for the latter", async () => {
    const lines: string[] = [];
    expect(
      await runCommand(
        () => Promise.reject(new CommandError("bad")),
        (l) => lines.push(l),
      ),
    ).toBe(1);
    expect(
      await runCommand(
        () => Promise.reject(usageError("wrong")),
        (l) => lines.push(l),
      ),
    ).toBe(2);
    expect(
      await runCommand(
        () => Promise.reject(new CommandError("stop", EXIT.SIGINT)),
        (l) => lines.push(l),
      ),
    ).toBe(130);
    expect(lines).toEqual(["error: bad", "error: wrong", "Run with --help for usage.", "error: stop"]);
  });

  it("a path that cannot be used is a mistake; anything else is a bug and is thrown on", async () => {
    const lines: string[] = [];
    const missing = () => Promise.resolve(fs.readFileSync("/nonexistent/x")).then(() => 0);
    expect(await runCommand(missing, (l) => lines.push(l))).toBe(1);
    expect(lines[0]).toMatch(/^error: ENOENT: no such file or directory/);
    await expect(
      runCommand(
        () => Promise.reject(new TypeError("a bug")),
        () => undefined,
      ),
    ).rejects.toThrow("a bug");
  });

  it("parses with node:util parseArgs, strict; a wrong option is a usage error naming the command", () => {
    const options = { json: { type: "boolean" }, out: { type: "string" } } as const;
    expect(parseCommandLine("x", ["dev", "--json", "--out", "f"], options)).toEqual({
      values: { json: true, out: "f" },
      positionals: ["dev"],
    });
    expect(() => parseCommandLine("x", ["--force"], options)).toThrow(
      expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/^x: Unknown option '--force'/) }),
    );
  });

  it("scripts/cdktf.js reads stack names with parseArgs: an option's value is never a stack", () => {
    const { selectedStacks } = require("../../scripts/cdktf") as {
      selectedStacks: (a: string[], e: string[]) => string[];
    };
    const stacks = ["alpha", "beta", "gamma"];
    expect(selectedStacks(["deploy", "beta", "-o", "alpha", "--output=gamma", "--auto-approve"], stacks)).toEqual([
      "beta",
    ]);
    expect(selectedStacks(["deploy", "--outputs-file", "alpha", "gamma", "--var-file", "beta"], stacks)).toEqual([
      "gamma",
    ]);
  });

  it("a crash is one line naming the private file that holds the stack, never the error object", () => {
    const dir = tempDir("crash-");
    const error = Object.assign(new Error("boom\nsecond line"), { headers: { Authorization: "Basic c2VjcmV0" } });
    const line = crashReport("pipeline", error, dir);
    expect(line).toMatch(/^pipeline: unexpected failure \(a bug, please report it\): boom \(stack trace in (.+)\)$/);
    expect(line).not.toContain("c2VjcmV0");
    const file = /stack trace in (.+)\)$/.exec(line)![1];
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(path.dirname(path.dirname(file))).toBe(dir);
    expect(fs.readFileSync(file, "utf8")).toContain("at ");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a signal outside a command's own graceful stop prints one line and exits 130/143; inside one it stands aside", () => {
    const before = { SIGINT: process.listeners("SIGINT"), SIGTERM: process.listeners("SIGTERM") };
    const exit = jest.spyOn(process, "exit").mockImplementation((() => undefined) as never);
    const write = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      runCli("doctor", () => new Promise<number>(() => undefined), []);
      const standAside = handleSignalsHere();
      process.emit("SIGINT", "SIGINT");
      expect(exit).not.toHaveBeenCalled();
      standAside();
      process.emit("SIGTERM", "SIGTERM");
      expect(write).toHaveBeenCalledWith("Interrupted (SIGTERM): doctor was stopped before it finished.\n");
      expect(exit).toHaveBeenCalledWith(143);
    } finally {
      exit.mockRestore();
      write.mockRestore();
      for (const signal of ["SIGINT", "SIGTERM"] as const) {
        for (const listener of process.listeners(signal)) {
          if (!before[signal].includes(listener)) process.removeListener(signal, listener);
        }
      }
    }
  });
});
