/**
 * `npm run api-stub -- [--world FILE] [--region REGION] [--port N] [--tokens-file FILE]`
 * Serves the world file on 127.0.0.1 until Ctrl-C; prints the gateway URL. The world is by default
 * the one `npm run emulator -- run` and `npm run sandbox` use.
 * Started by tests (start.ts) with GC_API_STUB_PARENT_STDIN=1, it also exits when its stdin closes.
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { seedSandboxWorld } from "../emulator/run";
import { REGIONS } from "../facts/provider";
import { startApiStub } from "./server";

const USAGE = "usage: npm run api-stub -- [--world FILE] [--region REGION] [--port N] [--tokens-file FILE]";

async function main(): Promise<number> {
  let values: { world?: string; region?: string; port?: string; "tokens-file"?: string };
  try {
    values = parseArgs({
      options: {
        world: { type: "string" },
        region: { type: "string" },
        port: { type: "string" },
        "tokens-file": { type: "string" },
      },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const region = (values.region ?? "us-east-1").toLowerCase();
  const world = values.world ?? seedSandboxWorld();
  if (!existsSync(world)) {
    console.error(`--world must name an existing world file (e.g. the one npm run emulator prints)\n${USAGE}`);
    return 2;
  }
  if (!REGIONS.includes(region)) {
    console.error(`--region must be one of ${REGIONS.join(", ")}; got "${region}"`);
    return 2;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be an integer 0-65535; got "${values.port}"`);
    return 2;
  }
  const tokensFile = values["tokens-file"];
  const stub = await startApiStub({ worldFile: world, region, port, ...(tokensFile ? { tokensFile } : {}) });
  console.log(`ready ${stub.url}`);
  console.log(`# Genesys API stand-in for ${region} on world ${world}; pass --gateway ${stub.url}`);
  const stop = () => void stub.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  if (process.env.GC_API_STUB_PARENT_STDIN === "1") {
    // Exit with the parent (the e2e suite), like the emulator.
    process.stdin.on("end", stop);
    process.stdin.resume();
  }
  return 0;
}

main().then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (error: unknown) => {
    // The message, never the object: a request error can carry its headers.
    console.error(`api-stub: unexpected failure: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(70);
  },
);
