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
