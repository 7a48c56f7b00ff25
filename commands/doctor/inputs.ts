/** What the doctor and rotate-secret read: the environment's config and the app config. */
import * as fs from "node:fs";
import { JsonSyntaxError, parseStrictJson } from "../../lib/config/strict-json";
import type { AppConfig } from "../core/app-config";
import { usageError } from "../core/errors";

/** The fields of `app-config/<env>.json` (as pipeline:app-config writes it) the doctor uses; others are ignored. */
export type AppConfigInput = Pick<AppConfig, "organizationId" | "oauthClientId"> &
  Partial<Pick<AppConfig, "organizationName" | "region">>;

/** Reads and checks an app config file; never echoes values of unknown fields (one may be a secret). */
export function readAppConfig(file: string): AppConfigInput {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(
      code === "ENOENT"
        ? `${file} not found: write it with "npm run pipeline:app-config -- <env>" or pass --app-config FILE.`
        : `${file} cannot be read: ${(error as Error).message}`,
    );
  }
  let parsed: unknown;
  try {
    // A position, never an excerpt: the file may be a secret passed by mistake.
    parsed = parseStrictJson(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw usageError(`${file} is not valid JSON: ${error.message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw usageError(
      `${file} must hold a JSON object (the app config), got ${Array.isArray(parsed) ? "an array" : typeof parsed}`,
    );
  }
  const values = parsed as Record<string, unknown>;
  const problems: string[] = [];
  const required = (name: string): string => {
    const value = values[name];
    if (typeof value !== "string" || value.trim() === "") problems.push(`${name} must be a non-empty string`);
    return typeof value === "string" ? value : "";
  };
  const optional = (name: string): string | undefined => {
    const value = values[name];
    if (value === undefined) return undefined;
    if (typeof value !== "string") problems.push(`${name} must be a string`);
    return typeof value === "string" ? value : undefined;
  };
  const config = {
    organizationId: required("organizationId"),
    oauthClientId: required("oauthClientId"),
    organizationName: optional("organizationName"),
    region: optional("region"),
  };
  if (problems.length > 0) throw usageError(`${file}: ${problems.join("; ")}`);
  return config;
}
