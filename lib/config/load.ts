import * as fs from "fs";
import * as path from "path";
import { ConfigError, describeIssue } from "./errors";
import { BackendConfig, EnvironmentConfig, EnvironmentFile, environmentFileSchema } from "./schema";

/** Environment variable that points the app at another config folder (tests, benchmarks). */
export const CONFIG_DIR_ENV = "PARTNER_OAUTH_CONFIG_DIR";
export const DEFAULT_CONFIG_DIR = "config";

const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,30}$/;
const SCHEMA_FILE_SUFFIX = ".schema.json";

export function configDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env[CONFIG_DIR_ENV] || DEFAULT_CONFIG_DIR;
}

/** Names of the environments in `configDir`, sorted: one per `<env>.json`. */
export function listEnvironments(configDir: string): string[] {
  return environmentFiles(configDir).map((file) => path.basename(file, ".json"));
}

/**
 * Reads and validates every `<env>.json` in `configDir`. Throws one ConfigError listing every
 * problem of every file, so nothing is synthesized from a half-valid configuration.
 */
export function loadEnvironments(configDir: string, projectRoot = process.cwd()): EnvironmentConfig[] {
  const files = environmentFiles(configDir);
  const problems: string[] = [];
  const environments: EnvironmentConfig[] = [];

  for (const file of files) {
    const shown = displayPath(file, projectRoot);
    const name = path.basename(file, ".json");
    if (!ENVIRONMENT_NAME.test(name)) {
      problems.push(
        `${shown}: the file name is the environment name and must be lowercase letters, digits and dashes, ` +
          `starting with a letter (at most 31 characters), e.g. config/staging.json`,
      );
      continue;
    }
    const parsed = parseJson(fs.readFileSync(file, "utf8"));
    if ("error" in parsed) {
      problems.push(`${shown}: ${parsed.error}`);
      continue;
    }
    const result = environmentFileSchema.safeParse(parsed.value);
    if (!result.success) {
      for (const issue of result.error.issues) {
        for (const line of describeIssue(issue, environmentFileSchema, parsed.value).split("\n")) {
          problems.push(`${shown}: ${line}`);
        }
      }
      continue;
    }
    environments.push({
      ...result.data,
      backend: resolveBackendPaths(result.data.backend, name, projectRoot),
      name,
      file: shown,
      scopesWritten: writesScopes(parsed.value),
    });
  }

  problems.push(...sharedStateProblems(environments));
  if (problems.length > 0) throw new ConfigError(problems);
  return environments;
}

function writesScopes(file: unknown): boolean {
  const client = (file as { oauthClient?: { scopes?: unknown } }).oauthClient;
  return client?.scopes !== undefined;
}

function environmentFiles(configDir: string): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(configDir);
  } catch {
    throw new ConfigError([
      `${configDir}: config folder not found; create ${path.join(configDir, "<env>.json")} for each environment`,
    ]);
  }
  const files = entries
    .filter((entry) => entry.endsWith(".json") && !entry.endsWith(SCHEMA_FILE_SUFFIX))
    .sort()
    .map((entry) => path.join(configDir, entry));
  if (files.length === 0) {
    throw new ConfigError([
      `${configDir}: no environment config found; add one JSON file per environment, e.g. ` +
        `${path.join(configDir, "dev.json")} (see README, "Configuration")`,
    ]);
  }
  return files;
}

function parseJson(text: string): { value: unknown } | { error: string } {
  if (text.trim() === "")
    return { error: 'the file is empty; it must hold one JSON object (see README, "Configuration")' };
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { error: `not valid JSON: ${(error as Error).message}${lineAndColumn(text, error as Error)}` };
  }
}

/** Node reports a character offset; people look for a line and column. */
function lineAndColumn(text: string, error: Error): string {
  const position = /at position (\d+)/.exec(error.message);
  if (!position) return "";
  const before = text.slice(0, Number(position[1])).split("\n");
  return ` (line ${before.length}, column ${before[before.length - 1].length + 1})`;
}

function resolveBackendPaths(backend: EnvironmentFile["backend"], name: string, projectRoot: string): BackendConfig {
  switch (backend.type) {
    case "local":
      return { ...backend, path: path.resolve(projectRoot, backend.path ?? `terraform.${name}.tfstate`) };
    case "s3":
      return { ...backend, key: backend.key ?? `genesys-partner-oauth/${name}.tfstate` };
    default:
      return backend;
  }
}

function stateLocation(environment: EnvironmentConfig): string {
  const backend = environment.backend;
  switch (backend.type) {
    case "local":
      return `local file ${backend.path}`;
    case "s3":
      return `s3://${backend.bucket}/${backend.key}`;
    default:
      return `${backend.type} workspace ${backend.hostname ?? "app.terraform.io"}/${backend.organization}/${backend.workspace}`;
  }
}

function sharedStateProblems(environments: EnvironmentConfig[]): string[] {
  const owners = new Map<string, EnvironmentConfig>();
  const problems: string[] = [];
  for (const environment of environments) {
    const location = stateLocation(environment);
    const owner = owners.get(location);
    if (owner) {
      problems.push(
        `${environment.file}: backend: state ${location} is also used by ${owner.file}; ` +
          `every environment needs its own state`,
      );
    } else {
      owners.set(location, environment);
    }
  }
  return problems;
}

function displayPath(file: string, projectRoot: string): string {
  const relative = path.relative(projectRoot, path.resolve(file));
  return relative.startsWith("..") || path.isAbsolute(relative) ? path.resolve(file) : relative;
}
