/**
 * A throwaway copy of the environment configs for trying stacks against the emulator: every
 * backend becomes a local state file inside the sandbox, so a try never writes the project's
 * real state (local or remote) and never leaves emulator objects in it.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { CommandError } from "../../commands/core/errors";
import { describeIssue } from "../../lib/config/errors";
import { listCustomers, listEnvironments } from "../../lib/config/load";
import { customerFileSchema, environmentFileSchema } from "../../lib/config/schema";
import { JsonSyntaxError, parseStrictJson } from "../../lib/config/strict-json";

/** The copies' folders (for PARTNER_OAUTH_CONFIG_DIR and PARTNER_OAUTH_CUSTOMERS_DIR) and cdktf's --output. */
export function prepareSandbox(configDir: string, sandboxDir: string, customersDir?: string) {
  const sandbox = {
    configDir: join(sandboxDir, "config"),
    customersDir: join(sandboxDir, "customers"),
    outDir: join(sandboxDir, "cdktf.out"),
  };
  // Afresh on every call: an edited config is read, a removed one is gone.
  for (const dir of [sandbox.configDir, sandbox.customersDir]) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }
  const copy = (from: string, to: string, stack: string, schema: z.ZodType) => {
    const config = readConfig(from, schema);
    config.backend = { type: "local", path: join(sandboxDir, "state", `${stack}.tfstate`), allowOutsideProject: true };
    writeFileSync(to, `${JSON.stringify(config, null, 2)}\n`);
  };
  for (const name of listEnvironments(configDir)) {
    copy(join(configDir, `${name}.json`), join(sandbox.configDir, `${name}.json`), name, environmentFileSchema);
  }
  for (const customer of customersDir ? listCustomers(customersDir) : []) {
    copy(customer.file, join(sandbox.customersDir, `${customer.name}.json`), customer.stack, customerFileSchema);
  }
  return sandbox;
}

/** The config as written (the copy keeps it so), refused with the file's name when it is not a valid config. */
function readConfig(file: string, schema: z.ZodType): Record<string, unknown> {
  let config: Record<string, unknown>;
  try {
    config = parseStrictJson(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new CommandError(`${file} is not valid JSON: ${error.message}`);
    throw error;
  }
  const result = schema.safeParse(config);
  if (!result.success) {
    throw new CommandError(
      result.error.issues.map((issue) => `${file}: ${describeIssue(issue, schema, config)}`).join("\n"),
    );
  }
  return config;
}
