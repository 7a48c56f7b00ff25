// Moved from test/pipeline/diff.test.ts: the unit suite starts no terraform process. These run the real
// terraform on provider-less stacks, offline.
import * as path from "path";
import { deploy } from "../../scripts/pipeline/deploy";
import { diff } from "../../scripts/pipeline/diff";
import { fakeSynth, goodOutputs, literalStack, tempProject } from "../../test/pipeline/support";

function synthesized() {
  const project = tempProject({ dev: {}, prod: {} });
  fakeSynth(project, {
    dev: literalStack(project, "dev", goodOutputs()),
    prod: literalStack(project, "prod", goodOutputs("prod")),
  });
  return project;
}

describe("diff", () => {
  it("plans the synthesized stack and says whether it has changes", async () => {
    const project = synthesized();
    expect(await diff(project.context(), { environment: "dev", ifCredentials: false })).toBe("changes");
    expect(project.log).toEqual([`"dev" has changes to deploy (plan above).`]);
    await deploy(project.context(), {
      environment: "dev",
      autoApprove: true,
      outputsFile: path.join(project.dir, "o.json"),
      includeSensitiveOutputs: false,
    });
    expect(await diff(project.context(), { environment: "dev", ifCredentials: false })).toBe("no-changes");
  });
});
