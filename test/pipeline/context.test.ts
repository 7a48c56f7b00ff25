import * as path from "path";
import { defaultAppConfigFile, defaultOutputsFile } from "../../commands/pipeline/context";

describe("default paths", () => {
  it("put outputs in the synthesized output and app configs in app-config/", () => {
    expect(defaultOutputsFile("cdktf.out", "dev")).toBe(path.join("cdktf.out", "outputs", "dev.json"));
    expect(defaultAppConfigFile("/project", "prod")).toBe(path.join("/project", "app-config", "prod.json"));
  });
});
