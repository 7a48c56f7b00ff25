// The unit suite starts no process. The command as
// npm run lint:workflows runs it: exit code, file:line:column and no stack trace.
import { spawnSync } from "child_process";
import { PROJECT_ROOT } from "../../test/support/config-dir";
import { BROKEN_WORKFLOW, workflowsDir } from "../../test/pipeline/support";

describe("npm run lint:workflows", () => {
  it("exits non-zero with file, line and rule for a broken workflow, offline", () => {
    const dir = workflowsDir({ "broken.yml": BROKEN_WORKFLOW });
    const result = spawnSync(
      process.execPath,
      ["scripts/run-bundled.js", "commands/pipeline/cli.ts", "lint-workflows", "--workflows-dir", dir],
      { cwd: PROJECT_ROOT, encoding: "utf8", env: { PATH: process.env.PATH, HOME: process.env.HOME } },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`broken.yml:2:5: unknown Webhook event "pushh"`);
    expect(result.stderr).toMatch(/error: 3 problem\(s\) in the workflows of /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
