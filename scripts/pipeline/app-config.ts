import * as fs from "fs";
import * as path from "path";
import { OUTPUT_NAMES } from "../../lib/stack-outputs";
import { PipelineError } from "./errors";
import { assertNotCommittable } from "./git";
import { writeFileAtomically } from "./files";
import { readOutputsFile, StackOutputs, stackOutputs } from "./outputs";

/** What the partner app reads from `app-config/<env>.json` (docs/pipeline.md, "How the app reads it"). */
export interface AppConfig {
  readonly organizationId: string;
  readonly organizationName: string;
  readonly region: string;
  readonly apiBaseUrl: string;
  readonly oauthClientId: string;
  /** Only with `includeSecret`. */
  readonly oauthClientSecret?: string;
}

export interface WriteAppConfigOptions {
  readonly environment: string;
  /** JSON written by `pipeline:deploy`, `cdktf deploy --outputs-file` or `cdktf output --outputs-file`. */
  readonly outputsFile: string;
  readonly target: string;
  /** Also write the OAuth client secret (the stack must expose it and the outputs file hold it). */
  readonly includeSecret: boolean;
}

export function toAppConfig(outputs: StackOutputs, includeSecret: boolean): AppConfig {
  return {
    organizationId: outputs.organizationId,
    organizationName: outputs.organizationName,
    region: outputs.region,
    apiBaseUrl: outputs.apiBaseUrl,
    oauthClientId: outputs.oauthClientId,
    ...(includeSecret && outputs.oauthClientSecret !== undefined
      ? { oauthClientSecret: outputs.oauthClientSecret }
      : {}),
  };
}

/**
 * Writes the app config of one environment from its outputs file. Everything is checked before
 * anything is written, so a bad outputs file leaves no (or the previous) app config behind.
 */
export function writeAppConfig(options: WriteAppConfigOptions): AppConfig {
  const outputs = stackOutputs(readOutputsFile(options.outputsFile), options.environment, options.outputsFile);
  if (options.includeSecret) {
    if (outputs.oauthClientSecret === undefined) {
      throw new PipelineError(
        `${options.outputsFile}: stack "${options.environment}" has no output "${OUTPUT_NAMES.oauthClientSecret}". ` +
          `Set oauthClient.exposeSecret in the environment's config, deploy, and write the outputs file ` +
          `with sensitive outputs (pipeline:deploy --include-sensitive-outputs).`,
      );
    }
  }
  fs.mkdirSync(path.dirname(options.target), { recursive: true });
  if (options.includeSecret) assertNotCommittable(options.target, "the OAuth client secret", "app-config/*.json");
  const config = toAppConfig(outputs, options.includeSecret);
  writeFileAtomically(options.target, `${JSON.stringify(config, null, 2)}\n`, options.includeSecret ? 0o600 : 0o644);
  return config;
}
