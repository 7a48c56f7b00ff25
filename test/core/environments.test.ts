import {
  assertKnownEnvironment,
  environmentNames,
  loadEnvironment,
  loadInPromotionOrder,
  promotionOrder,
} from "../../commands/core/environments";
import { CommandError } from "../../commands/core/errors";
import * as fs from "fs";
import * as path from "path";
import { tempDir, tempProject } from "../pipeline/support";

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
