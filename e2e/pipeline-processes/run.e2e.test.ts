// The unit suite starts no process, and the runner exists to start them.
import { createRunner } from "../../commands/core/run";

describe("createRunner", () => {
  const options = { cwd: process.cwd(), env: { PATH: process.env.PATH } };

  it("returns the exit code and, when capturing, the output", async () => {
    const run = createRunner("quiet");
    expect(
      await run("node", ["-e", "process.stdout.write('hi'); process.exit(3)"], { ...options, capture: true }),
    ).toEqual({
      status: 3,
      stdout: "hi",
      stderr: "",
    });
  });

  it("runs in the given directory with only the given environment", async () => {
    const run = createRunner("quiet");
    const result = await run(
      "node",
      ["-e", "process.stdout.write(process.cwd() + '|' + (process.env.HOME ?? 'none'))"],
      {
        cwd: "/",
        env: { PATH: process.env.PATH },
        capture: true,
      },
    );
    expect(result.stdout).toBe("/|none");
  });

  it("reports a program that cannot be started", async () => {
    const result = await createRunner("quiet")("no-such-program-here", [], options);
    expect(result.status).toBeNull();
    expect(result.startError).toContain("ENOENT");
  });
});
