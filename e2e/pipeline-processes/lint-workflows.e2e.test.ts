// Moved from test/pipeline/lint-workflows.test.ts: the unit suite starts no process. The command as a
// user runs it: exit code, file:line:column and no stack trace.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../../test/support/config-dir";
import { tempDir } from "../../test/pipeline/support";

const CHECKOUT = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2";

function workflowsDir(files: Record<string, string>): string {
  const dir = path.join(tempDir("pipeline-workflows-"), ".github", "workflows");
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

const BROKEN = `name: Broken
on: pushh
jobs:
  deploy:
    runs-on: ubuntu-latest
    needs: biuld
    steps:
      - uses: ${CHECKOUT}
      - run: echo "\${{ github.nope }}"
`;

describe("npm run lint:workflows", () => {
  it("exits non-zero with file, line and rule for a broken workflow, offline", () => {
    const dir = workflowsDir({ "broken.yml": BROKEN });
    const result = spawnSync(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", "scripts/pipeline/cli.ts", "lint-workflows", "--workflows-dir", dir],
      { cwd: PROJECT_ROOT, encoding: "utf8", env: { PATH: process.env.PATH, HOME: process.env.HOME } },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`broken.yml:2:5: unknown Webhook event "pushh"`);
    expect(result.stderr).toMatch(/error: 3 problem\(s\) in the workflows of /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
