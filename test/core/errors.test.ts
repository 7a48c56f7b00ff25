import * as fs from "fs";
import * as path from "path";
import { crashReport, handleSignalsHere, parseCommandLine, runCli, runCommand } from "../../commands/core/cli";
import { CommandError, EXIT, usageError } from "../../commands/core/errors";
import { tempDir } from "../support/config-dir";

describe("the command-line core", () => {
  it("exit 1 for mistakes, 2 for wrong command lines, with one error line and a usage hint for the latter", async () => {
    const lines: string[] = [];
    expect(
      await runCommand(
        () => Promise.reject(new CommandError("bad")),
        (l) => lines.push(l),
      ),
    ).toBe(1);
    expect(
      await runCommand(
        () => Promise.reject(usageError("wrong")),
        (l) => lines.push(l),
      ),
    ).toBe(2);
    expect(
      await runCommand(
        () => Promise.reject(new CommandError("stop", EXIT.SIGINT)),
        (l) => lines.push(l),
      ),
    ).toBe(130);
    expect(lines).toEqual(["error: bad", "error: wrong", "Run with --help for usage.", "error: stop"]);
  });

  it("a path that cannot be used is a mistake; anything else is a bug and is thrown on", async () => {
    const lines: string[] = [];
    const missing = () => Promise.resolve(fs.readFileSync("/nonexistent/x")).then(() => 0);
    expect(await runCommand(missing, (l) => lines.push(l))).toBe(1);
    expect(lines[0]).toMatch(/^error: ENOENT: no such file or directory/);
    await expect(
      runCommand(
        () => Promise.reject(new TypeError("a bug")),
        () => undefined,
      ),
    ).rejects.toThrow("a bug");
  });

  it("parses with node:util parseArgs, strict; a wrong option is a usage error naming the command", () => {
    const options = { json: { type: "boolean" }, out: { type: "string" } } as const;
    expect(parseCommandLine("x", ["dev", "--json", "--out", "f"], options)).toEqual({
      values: { json: true, out: "f" },
      positionals: ["dev"],
    });
    expect(() => parseCommandLine("x", ["--force"], options)).toThrow(
      expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/^x: Unknown option '--force'/) }),
    );
  });

  it("scripts/cdktf.js reads stack names with parseArgs: an option's value is never a stack", () => {
    const { selectedStacks } = require("../../scripts/cdktf") as {
      selectedStacks: (a: string[], e: string[]) => string[];
    };
    const stacks = ["alpha", "beta", "gamma"];
    expect(selectedStacks(["deploy", "beta", "-o", "alpha", "--output=gamma", "--auto-approve"], stacks)).toEqual([
      "beta",
    ]);
    expect(selectedStacks(["deploy", "--outputs-file", "alpha", "gamma", "--var-file", "beta"], stacks)).toEqual([
      "gamma",
    ]);
  });

  it("a crash is one line naming the private file that holds the stack, never the error object", () => {
    const dir = tempDir("crash-");
    const error = Object.assign(new Error("boom\nsecond line"), { headers: { Authorization: "Basic c2VjcmV0" } });
    const line = crashReport("pipeline", error, dir);
    expect(line).toMatch(/^pipeline: unexpected failure \(a bug, please report it\): boom \(stack trace in (.+)\)$/);
    expect(line).not.toContain("c2VjcmV0");
    const file = /stack trace in (.+)\)$/.exec(line)![1];
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(path.dirname(path.dirname(file))).toBe(dir);
    expect(fs.readFileSync(file, "utf8")).toContain("at ");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a signal outside a command's own graceful stop prints one line and exits 130/143; inside one it stands aside", () => {
    const before = { SIGINT: process.listeners("SIGINT"), SIGTERM: process.listeners("SIGTERM") };
    const exit = jest.spyOn(process, "exit").mockImplementation((() => undefined) as never);
    const write = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      runCli("doctor", () => new Promise<number>(() => undefined), []);
      const standAside = handleSignalsHere();
      process.emit("SIGINT", "SIGINT");
      expect(exit).not.toHaveBeenCalled();
      standAside();
      process.emit("SIGTERM", "SIGTERM");
      expect(write).toHaveBeenCalledWith("Interrupted (SIGTERM): doctor was stopped before it finished.\n");
      expect(exit).toHaveBeenCalledWith(143);
    } finally {
      exit.mockRestore();
      write.mockRestore();
      for (const signal of ["SIGINT", "SIGTERM"] as const) {
        for (const listener of process.listeners(signal)) {
          if (!before[signal].includes(listener)) process.removeListener(signal, listener);
        }
      }
    }
  });
});
