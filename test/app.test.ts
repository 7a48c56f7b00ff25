import * as fs from "fs";
import * as path from "path";
import { SELECTED_STACKS_ENV, selectedStacksFromEnv, synthesizeApp } from "../lib/app";
import { runApp } from "../lib/cli";
import { ConfigError } from "../lib/config/errors";
import { minimalEnvironment, tempConfigDir, tempDir } from "./support/config-dir";
import { expectRejected, REJECTED_INPUTS } from "./support/rejected-inputs";

/**
 * The app as main.ts runs it (runApp around synthesizeApp), in-process: what it writes to stderr,
 * the exit code it sets and the files it leaves. The same entry run as a process, and through the
 * real `cdktf synth`, is tested in e2e/app-command.e2e.test.ts.
 */
function synth(configDir: string, outdir: string): { status: number; stderr: string } {
  const written: string[] = [];
  const stderr = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  process.exitCode = undefined;
  try {
    runApp(() => synthesizeApp({ configDir, outdir }));
  } finally {
    stderr.mockRestore();
  }
  const status = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { status, stderr: written.join("") };
}

const freshOutdir = () => path.join(tempDir("partner-oauth-out-"), "cdktf.out");

describe("the app (lib/app.ts, as main.ts runs it)", () => {
  it("writes one stack per environment file, named after the file", () => {
    const outdir = freshOutdir();
    const configDir = tempConfigDir({
      "alpha.json": minimalEnvironment("alpha"),
      "beta-2.json": minimalEnvironment("beta-2"),
    });
    const result = synth(configDir, outdir);
    expect(result).toEqual({ status: 0, stderr: "" });
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(["alpha", "beta-2"]);
  });

  describe.each(REJECTED_INPUTS)("given $title", ({ files, expected }) => {
    it("exits non-zero with one message and no stack trace, and writes nothing", () => {
      const outdir = freshOutdir();
      const result = synth(tempConfigDir(files ?? {}), outdir);
      expectRejected(result, expected, outdir);
    });
  });
});

describe("synth warnings", () => {
  const warnedStacks = (outdir: string): string[] => {
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
    return Object.entries(manifest.stacks as Record<string, { annotations: { level: string }[] }>)
      .filter(([, stack]) => stack.annotations.some((a) => a.level === "@cdktf/warn"))
      .map(([name]) => name);
  };
  // A token validity over 48 hours: every environment gets a warning.
  const warned = (name: string) => {
    const environment = minimalEnvironment(name);
    return { ...environment, oauthClient: { name: `Partner (${name})`, accessTokenValiditySeconds: 200_000 } };
  };
  const configDir = () => tempConfigDir({ "alpha.json": warned("alpha"), "beta.json": warned("beta") });

  it("are reported for every stack when no stack is selected (npm run synth)", () => {
    const outdir = freshOutdir();
    synthesizeApp({ configDir: configDir(), outdir });
    expect(warnedStacks(outdir)).toEqual(["alpha", "beta"]);
  });

  it("are reported only for the stacks the command acts on (npm run deploy:<env>)", () => {
    const outdir = freshOutdir();
    synthesizeApp({
      configDir: configDir(),
      outdir,
      selectedStacks: selectedStacksFromEnv({ [SELECTED_STACKS_ENV]: "beta" }),
    });
    expect(warnedStacks(outdir)).toEqual(["beta"]);
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(["alpha", "beta"]);
  });

  it("are selected by the environment names among the cdktf arguments (scripts/cdktf.js)", () => {
    const { selectedStacks } = require("../scripts/cdktf") as {
      selectedStacks: (a: string[], e: string[]) => string[];
    };
    expect(selectedStacks(["deploy", "beta", "--auto-approve", "--output", "alpha"], ["alpha", "beta"])).toEqual([
      "beta",
    ]);
    expect(selectedStacks(["synth"], ["alpha"])).toEqual([]);
  });
});

describe("runApp", () => {
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    process.exitCode = undefined;
  });
  afterEach(() => {
    stderr.mockRestore();
    process.exitCode = undefined;
  });

  it("reports a configuration error as its message alone and fails the process", () => {
    runApp(() => {
      throw new ConfigError(["config/dev.json: region: bad"]);
    });
    expect(stderr).toHaveBeenCalledWith("Configuration error:\n  config/dev.json: region: bad\n");
    expect(process.exitCode).toBe(1);
  });

  it("lets programming errors through with their stack", () => {
    expect(() =>
      runApp(() => {
        throw new TypeError("bug");
      }),
    ).toThrow(TypeError);
    expect(process.exitCode).toBeUndefined();
  });
});
