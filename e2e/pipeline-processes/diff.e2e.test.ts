// The unit suite starts no terraform process. These run the real
// terraform on provider-less stacks, offline.
import * as path from "path";
import { deploy, diff } from "../../commands/pipeline/deploy";
import { deployOptions, synthesizedProject } from "../../test/pipeline/support";

describe("diff", () => {
  it("plans the synthesized stack and says whether it has changes", async () => {
    const project = synthesizedProject();
    expect(await diff(project.context(), { environment: "dev", ifCredentials: false })).toBe("changes");
    expect(project.log).toEqual([`"dev" has changes to deploy (plan above).`]);
    await deploy(project.context(), deployOptions(project, { outputsFile: path.join(project.dir, "o.json") }));
    expect(await diff(project.context(), { environment: "dev", ifCredentials: false })).toBe("no-changes");
  });
});
