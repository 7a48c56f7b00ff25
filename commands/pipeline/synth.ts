import * as fs from "fs";
import * as path from "path";
import { CONFIG_DIR_ENV } from "../../lib/config/load";
import { BUILD_INFO_FILE, BuildInfo, captureBuildInfo, writeBuildInfo } from "./build-info";
import { PipelineContext } from "./context";
import { CREDENTIAL_VARIABLE } from "../core/credentials";
import { environmentNames } from "../core/environments";
import { CommandError } from "../core/errors";
import { synthesizedStacks } from "../core/manifest";
import { interruptible } from "../core/run";

/** `cdktf synth` into `outDir`, then `build-info.json`, so deploy can refuse an output the checkout no longer matches. */
export async function synth(context: PipelineContext): Promise<BuildInfo> {
  const environments = environmentNames(context.configDir);
  // Captured before synthesis: the record must describe the inputs, not what changed meanwhile.
  const info = captureBuildInfo(context.projectDir, context.configDir);

  // A failed synth must not leave an older record vouching for whatever it half wrote, and files of
  // an earlier output (say, a stack folder with an extra *.tf file) must not be recorded as built.
  fs.rmSync(path.join(context.outDir, BUILD_INFO_FILE), { force: true });
  if (fs.existsSync(path.join(context.outDir, "manifest.json"))) {
    fs.rmSync(path.join(context.outDir, "stacks"), { recursive: true, force: true });
    fs.rmSync(path.join(context.outDir, "manifest.json"), { force: true });
  }
  const cdktf = path.join(context.projectDir, "node_modules", ".bin", "cdktf");
  const result = await interruptible(async (interruption) => {
    const ran = await context.run(cdktf, ["synth", "--output", path.resolve(context.outDir)], {
      cwd: context.projectDir,
      env: { ...withoutSecrets(context.env), [CONFIG_DIR_ENV]: path.resolve(context.configDir) },
      quietOnSignal: true,
    });
    interruption.check(
      () =>
        `cdktf synth was stopped; nothing was recorded in ${BUILD_INFO_FILE}, so nothing deploys from ${context.outDir}.`,
    );
    return ran;
  });
  if (result.startError !== undefined) {
    throw new CommandError(`Could not run ${cdktf}: ${result.startError}. Run "npm ci" first.`);
  }
  if (result.status !== 0) {
    throw new CommandError(
      `cdktf synth failed (exit code ${result.status}); see its output above. Nothing was recorded in ${BUILD_INFO_FILE}.`,
    );
  }

  const synthesized = new Set(
    synthesizedStacks(context.outDir, `Nothing was recorded in ${BUILD_INFO_FILE}.`).map((stack) => stack.name),
  );
  const missing = environments.filter((name) => !synthesized.has(name));
  if (missing.length > 0) {
    throw new CommandError(
      `cdktf synth wrote no stack for ${missing.map((name) => `"${name}"`).join(", ")} into ${context.outDir}; ` +
        `every ${context.configDir}/<env>.json must become a stack named after it.`,
    );
  }
  const record = writeBuildInfo(context.outDir, info);
  context.log(
    `Synthesized ${environments.join(", ")} into ${context.outDir}` +
      (info.commit
        ? ` from commit ${info.commit.slice(0, 12)}`
        : " (not a git checkout: staleness is checked by file digests only)") +
      (info.uncommittedChanges === null
        ? " (warning: git could not tell whether the sources have uncommitted changes)"
        : info.uncommittedChanges
          ? ", with uncommitted changes"
          : "") +
      ".",
  );
  return record;
}

/** Synthesis talks to no API and no state: it gets no credential of Genesys Cloud, the backend or the registry. */
function withoutSecrets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !CREDENTIAL_VARIABLE.test(name)));
}
