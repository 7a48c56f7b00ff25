// The unit suite starts no process. These need real git repositories.
import * as fs from "fs";
import * as path from "path";
import { freshStack } from "../../commands/pipeline/build-info";
import { commitAll, synthesizedProject } from "../../test/pipeline/support";

describe("freshStack", () => {
  it("accepts an output synthesized from this checkout", () => {
    const project = synthesizedProject({ git: true });
    const stack = freshStack({ ...project.context(), name: "dev" });
    expect(stack.dir).toBe(path.join(project.outDir, "stacks", "dev"));
    expect(stack.buildInfo.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it("refuses an output synthesized from another commit", () => {
    const project = synthesizedProject({ git: true });
    fs.writeFileSync(path.join(project.dir, "README.md"), "later\n");
    commitAll(project.dir, "a later commit");
    expect(() => freshStack({ ...project.context(), name: "dev" })).toThrow(
      /cdktf\.out is stale for stack "dev": it was synthesized from commit [0-9a-f]{12} but the checkout is at [0-9a-f]{12}\. It was synthesized at \d{4}-\d\d-\d\dT[\d:.]+Z\. Run "npm run pipeline:synth"/,
    );
  });
});
