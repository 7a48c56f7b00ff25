/**
 * Starts the Genesys API stand-in as its own process (for tests whose code under test runs in child
 * processes: an in-process server could not answer while the test waits on spawnSync).
 */
import { join } from "node:path";
import { bundled, PROJECT_ROOT, type SandboxProcess, startSandboxProcess } from "../emulator/start";

export interface ApiStubProcess extends SandboxProcess {
  readonly url: string;
}

export async function startApiStubProcess(options: {
  worldFile: string;
  region: string;
  tokensFile?: string;
}): Promise<ApiStubProcess> {
  const args = ["api-stub", "--world", options.worldFile, "--region", options.region];
  if (options.tokensFile) args.push("--tokens-file", options.tokensFile);
  const bundle = bundled("sandbox/cli.ts", join(PROJECT_ROOT, ".cache", "genesys-api-stub"));
  const env = { ...process.env, GC_API_STUB_PARENT_STDIN: "1" };
  const stub = await startSandboxProcess("Genesys API stand-in", bundle, { args, env });
  return { ...stub, url: stub.ready };
}
