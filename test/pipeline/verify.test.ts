import { verify } from "../../commands/pipeline/verify";
import { tempProject } from "./support";

// The checks of deployed outputs need terraform: e2e/pipeline-processes/verify.e2e.test.ts.
describe("verify", () => {
  it("refuses an unknown environment and a missing cdktf.out", async () => {
    const project = tempProject({ dev: {} });
    await expect(verify(project.context(), { environment: "qa" })).rejects.toThrow(`Unknown environment "qa"`);
    await expect(verify(project.context(), { environment: "dev" })).rejects.toThrow(
      `No synthesized output at ${project.outDir}`,
    );
  });
});
