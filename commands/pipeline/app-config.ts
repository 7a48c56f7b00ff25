import * as fs from "fs";
import * as path from "path";
import { nextStepAfterRolePhase } from "../../lib/deploy-phase";
import { OUTPUT_NAMES } from "../../lib/stack-outputs";
import { CommandError } from "../core/errors";
import { assertNotCommittable, ignoredPathAdvice } from "./git";
import { writeFileAtomically } from "../core/files";
import { readOutputsFile, StackOutputs, stackOutputs } from "./outputs";

/** What the partner app reads from `app-config/<env>.json` (docs/pipeline.md, "How the app reads it"). */
export type AppConfig = Pick<
  StackOutputs,
  "organizationId" | "organizationName" | "region" | "apiBaseUrl" | "loginBaseUrl" | "oauthClientSecret"
> & { readonly oauthClientId: string };

export interface WriteAppConfigOptions {
  readonly environment: string;
  /** JSON written by `pipeline:deploy`, `cdktf deploy --outputs-file` or `cdktf output --outputs-file`. */
  readonly outputsFile: string;
  readonly target: string;
  /** Also write the OAuth client secret (the stack must expose it and the outputs file hold it). */
  readonly includeSecret: boolean;
  /** The environment's config file, named in the next step of deploy phase "role". Default: config/<env>.json. */
  readonly configFile?: string;
}

/** Written, or why not: in deploy phase "role" there is no client to configure the app with yet. */
export type AppConfigResult = { readonly written: AppConfig } | { readonly notWritten: string };

export function toAppConfig(outputs: StackOutputs & { oauthClientId: string }, includeSecret: boolean): AppConfig {
  return {
    organizationId: outputs.organizationId,
    organizationName: outputs.organizationName,
    region: outputs.region,
    apiBaseUrl: outputs.apiBaseUrl,
    loginBaseUrl: outputs.loginBaseUrl,
    oauthClientId: outputs.oauthClientId,
    ...(includeSecret && outputs.oauthClientSecret !== undefined
      ? { oauthClientSecret: outputs.oauthClientSecret }
      : {}),
  };
}

/** Writes one environment's app config from its outputs file; a bad outputs file leaves the previous one. */
export function writeAppConfig(options: WriteAppConfigOptions): AppConfigResult {
  const outputs = stackOutputs(readOutputsFile(options.outputsFile), options.environment, options.outputsFile);
  if (outputs.oauthClientId === undefined) {
    const roleName = outputs.botSessionRoleName ?? "<bot_session_role_name output>";
    return {
      notWritten:
        `Not written: "${options.environment}" is in deploy phase "role" (the bot-session role exists, the OAuth ` +
        `client does not yet), so there is no client for the app. Next: ` +
        `${nextStepAfterRolePhase(roleName, options.configFile ?? `config/${options.environment}.json`)}; then run app-config again.`,
    };
  }
  if (options.includeSecret && outputs.oauthClientSecret === undefined) {
    throw new CommandError(
      `${options.outputsFile}: stack "${options.environment}" has no output "${OUTPUT_NAMES.oauthClientSecret}". ` +
        `Set oauthClient.exposeSecret in the environment's config, deploy, and write the outputs file ` +
        `with sensitive outputs (pipeline:deploy --include-sensitive-outputs).`,
    );
  }
  fs.mkdirSync(path.dirname(options.target), { recursive: true });
  if (options.includeSecret)
    assertNotCommittable(options.target, "the OAuth client secret", ignoredPathAdvice("app-config/*.json"));
  const config = toAppConfig({ ...outputs, oauthClientId: outputs.oauthClientId }, options.includeSecret);
  writeFileAtomically(options.target, `${JSON.stringify(config, null, 2)}\n`, options.includeSecret ? 0o600 : 0o644);
  return { written: config };
}
