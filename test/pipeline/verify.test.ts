import { verify } from "../../commands/pipeline/verify";
import { tempProject } from "./support";

// The checks of deployed outputs need terraform: e2e/pipeline-processes/verify.e2e.test.ts.
describe("verify", () => {
  it("refuses an unknown environment and a missing cdktf.out", () => {
    const project = tempProject({ dev: {} });
    expect(() => verify(project.context(), { environment: "qa" })).toThrow(`Unknown environment "qa"`);
    expect(() => verify(project.context(), { environment: "dev" })).toThrow(
      `No synthesized output at ${project.outDir}`,
    );
  });
});
