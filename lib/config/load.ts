import * as fs from "fs";
import * as path from "path";
import { ConfigError, describeIssue } from "./errors";
import { JsonSyntaxError, parseStrictJson } from "./strict-json";
import { BackendConfig, customerFileSchema, EnvironmentConfig, EnvironmentFile, environmentFileSchema } from "./schema";

/** Environment variable that points the app at another config folder (tests, benchmarks). */
export const CONFIG_DIR_ENV = "PARTNER_OAUTH_CONFIG_DIR";
export const DEFAULT_CONFIG_DIR = "config";
/** Environment variable that points the app at another customers folder (tests, benchmarks). */
export const CUSTOMERS_DIR_ENV = "PARTNER_OAUTH_CUSTOMERS_DIR";
export const DEFAULT_CUSTOMERS_DIR = "customers";
/** A customer's stack is `customer-<name>`: no environment can take its name, and a fleet can tell them apart. */
export const CUSTOMER_STACK_PREFIX = "customer-";

const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,30}$/;
/** Every stack name the app can make: an environment's, or a customer's behind its prefix. */
export const STACK_NAME = new RegExp(`^(${CUSTOMER_STACK_PREFIX})?${ENVIRONMENT_NAME.source.slice(1)}`);
const SCHEMA_FILE_SUFFIX = ".schema.json";
/** Far larger than any environment file; a larger one is refused unread. */
const MAX_FILE_BYTES = 1024 * 1024;
/** Names that are members of every JavaScript object: as keys they would read as those members. */
const RESERVED_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype).map((name) => name.toLowerCase()));

export function configDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env[CONFIG_DIR_ENV] || DEFAULT_CONFIG_DIR;
}

export function customersDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env[CUSTOMERS_DIR_ENV] || DEFAULT_CUSTOMERS_DIR;
}

export function customerStackName(customer: string): string {
  return `${CUSTOMER_STACK_PREFIX}${customer}`;
}

/** One customer of `customers/`: its name (the file name), its stack and its file. */
export interface CustomerEntry {
  readonly name: string;
  readonly stack: string;
  readonly file: string;
}

/**
 * The customers in `customersDir`, sorted by name: one per `<name>.json`. No folder means no
 * customers. Names only (nothing is validated): `loadCustomers` validates.
 */
export function listCustomers(customersDir: string): CustomerEntry[] {
  if (!fs.existsSync(customersDir)) return [];
  return configFiles(customersDir, "customer").map((file) => {
    const name = path.basename(file, ".json");
    return { name, stack: customerStackName(name), file };
  });
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
  const { configs, problems } = loadConfigFiles(environmentFiles(configDir), projectRoot, "environment");
  problems.push(...sharedStateProblems(configs));
  if (problems.length > 0) throw new ConfigError(problems);
  return configs;
}

/**
 * Reads and validates every `<name>.json` in `customersDir` (none when the folder does not exist) as
 * stacks `customer-<name>`. `environments` are the stacks already loaded: a customer shares neither
 * their state nor their stack names. Throws one ConfigError listing every problem.
 */
export function loadCustomers(
  customersDir: string,
  projectRoot = process.cwd(),
  environments: readonly EnvironmentConfig[] = [],
): EnvironmentConfig[] {
  const files = listCustomers(customersDir).map((entry) => entry.file);
  const { configs, problems } = loadConfigFiles(files, projectRoot, "customer");
  const names = new Map(environments.map((environment) => [environment.name, environment.file]));
  for (const customer of configs) {
    const clash = names.get(customer.name);
    if (clash) {
      problems.push(
        `${clash}: the environment name "${customer.name}" is the stack name of customer ${customer.file}; ` +
          `rename the environment (names starting with "${CUSTOMER_STACK_PREFIX}" are customers' stacks)`,
      );
    }
  }
  problems.push(...sharedStateProblems(configs, environments));
  if (problems.length > 0) throw new ConfigError(problems);
  return configs;
}

type ConfigKind = "environment" | "customer";

function loadConfigFiles(
  files: readonly string[],
  projectRoot: string,
  kind: ConfigKind,
): { configs: EnvironmentConfig[]; problems: string[] } {
  const problems: string[] = [];
  const configs: EnvironmentConfig[] = [];
  const schema = kind === "customer" ? customerFileSchema : environmentFileSchema;

  for (const file of files) {
    const shown = displayPath(file, projectRoot);
    const fileName = path.basename(file, ".json");
    const nameProblem = configNameProblem(fileName, kind);
    if (nameProblem) {
      problems.push(`${shown}: ${nameProblem}`);
      continue;
    }
    const name = kind === "customer" ? customerStackName(fileName) : fileName;
    const text = readRegularFile(file);
    if ("error" in text) {
      problems.push(`${shown}: ${text.error}`);
      continue;
    }
    const parsed = parseJson(text.value);
    if ("error" in parsed) {
      problems.push(`${shown}: ${parsed.error}`);
      continue;
    }
    const result = schema.safeParse(parsed.value);
    if (!result.success) {
      for (const issue of result.error.issues) {
        for (const line of describeIssue(issue, schema, parsed.value).split("\n")) {
          problems.push(`${shown}: ${line}`);
        }
      }
      continue;
    }
    const backend = resolveBackendPaths(result.data.backend, name, projectRoot);
    if ("error" in backend) {
      problems.push(`${shown}: ${backend.error}`);
      continue;
    }
    configs.push({
      ...result.data,
      // Genesys Cloud ids are UUIDs, which compare case-insensitively; the guard compares lower case.
      organization: { ...result.data.organization, id: result.data.organization.id?.toLowerCase() },
      backend: backend.value,
      name,
      file: shown,
      scopesWritten: writesScopes(parsed.value),
      botSessionRoleWritten: writesBotSessionRole(parsed.value),
    });
  }
  return { configs, problems };
}

function writesBotSessionRole(file: unknown): boolean {
  const client = (file as { oauthClient?: { botSessionRole?: unknown } }).oauthClient;
  return client?.botSessionRole !== undefined;
}

function writesScopes(file: unknown): boolean {
  const client = (file as { oauthClient?: { scopes?: unknown } }).oauthClient;
  return client?.scopes !== undefined;
}

function environmentFiles(configDir: string): string[] {
  const files = configFiles(configDir, "environment");
  if (files.length === 0) {
    throw new ConfigError([
      `${configDir}: no environment config found; add one JSON file per environment, e.g. ` +
        `${path.join(configDir, "dev.json")} (see README, "Configuration")`,
    ]);
  }
  return files;
}

function configFiles(configDir: string, kind: ConfigKind): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(configDir);
  } catch {
    throw new ConfigError([
      kind === "customer"
        ? `${configDir}: customers folder cannot be read; it holds one <name>.json per customer org`
        : `${configDir}: config folder not found; create ${path.join(configDir, "<env>.json")} for each environment`,
    ]);
  }
  const wrongCase = entries.filter(
    (entry) => entry.toLowerCase().endsWith(".json") && !entry.endsWith(".json") && !isSchemaFile(entry),
  );
  if (wrongCase.length > 0) {
    throw new ConfigError(
      wrongCase.map(
        (entry) =>
          `${path.join(configDir, entry)}: ${kind} files must end in lower-case ".json", or they would be ` +
          `skipped on some systems and read on others; rename it to ${entry.slice(0, -".json".length)}.json`,
      ),
    );
  }
  return entries
    .filter((entry) => entry.endsWith(".json") && !isSchemaFile(entry))
    .sort()
    .map((entry) => path.join(configDir, entry));
}

function isSchemaFile(entry: string): boolean {
  return entry.toLowerCase().endsWith(SCHEMA_FILE_SUFFIX);
}

function configNameProblem(name: string, kind: ConfigKind): string | undefined {
  if (!ENVIRONMENT_NAME.test(name)) {
    return (
      `the file name is the ${kind} name and must be lowercase letters, digits and dashes, ` +
      `starting with a letter (at most 31 characters), e.g. ` +
      (kind === "customer" ? "customers/globex.json" : "config/staging.json")
    );
  }
  if (RESERVED_NAMES.has(name)) {
    return `"${name}" cannot be ${kind === "customer" ? "a customer" : "an environment"} name: it is the name of a member of every JavaScript object; choose another`;
  }
  return undefined;
}

/**
 * The file's text, only when it is a regular file: never follows a symbolic link (it could point at
 * any file of the machine, whose content would then show in errors) and never opens a FIFO or
 * device (reading one can block forever).
 */
function readRegularFile(file: string): { value: string } | { error: string } {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch (error) {
    return { error: `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})` };
  }
  if (stat.isSymbolicLink()) {
    const target = fs.existsSync(file) ? "" : " whose target does not exist";
    return { error: `is a symbolic link${target}; an environment file must be a regular file` };
  }
  if (!stat.isFile()) {
    const kind = stat.isDirectory() ? "a folder" : stat.isFIFO() ? "a named pipe (FIFO)" : "not a regular file";
    return { error: `is ${kind}; an environment file must be a regular file holding one JSON object` };
  }
  if (stat.size > MAX_FILE_BYTES) {
    return { error: `is ${stat.size} bytes; an environment file may be at most ${MAX_FILE_BYTES} bytes` };
  }
  try {
    return { value: fs.readFileSync(file, "utf8") };
  } catch (error) {
    return { error: `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})` };
  }
}

function parseJson(text: string): { value: unknown } | { error: string } {
  if (text.replace(/^\uFEFF/, "").trim() === "")
    return { error: 'the file is empty; it must hold one JSON object (see README, "Configuration")' };
  try {
    return { value: parseStrictJson(text) };
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return { error: `not valid JSON: ${error.message}` };
  }
}

function resolveBackendPaths(
  backend: EnvironmentFile["backend"],
  name: string,
  projectRoot: string,
): { value: BackendConfig } | { error: string } {
  switch (backend.type) {
    case "local": {
      const root = path.resolve(projectRoot);
      const statePath = path.resolve(root, backend.path ?? `terraform.${name}.tfstate`);
      const relative = path.relative(root, statePath);
      const outside =
        relative === "" || relative === ".." || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
      if (outside && backend.allowOutsideProject !== true) {
        return {
          error:
            `backend.path: ${statePath} is outside the project (${root}); a local state file stays in the ` +
            `project unless the config says otherwise: set "allowOutsideProject": true in backend to mean it`,
        };
      }
      return { value: { ...backend, path: statePath } };
    }
    case "s3":
      return { value: { ...backend, key: backend.key ?? `genesys-partner-oauth/${name}.tfstate` } };
    default:
      return { value: backend };
  }
}

/**
 * Where the state lives, as a key that two environments must not share. Local paths compare
 * without case (macOS and Windows file systems usually ignore it); `remote` and `cloud` name the
 * same HCP Terraform / Terraform Enterprise workspaces, whose names ignore case too.
 */
function stateLocation(environment: EnvironmentConfig): { key: string; shown: string } {
  const backend = environment.backend;
  switch (backend.type) {
    case "local":
      return { key: `local:${backend.path.toLowerCase()}`, shown: `local file ${backend.path}` };
    case "s3":
      return {
        key: `s3:${backend.bucket.toLowerCase()}/${backend.key}`,
        shown: `s3://${backend.bucket}/${backend.key}`,
      };
    default: {
      const where = `${backend.hostname ?? "app.terraform.io"}/${backend.organization}/${backend.workspace}`;
      return { key: `workspace:${where.toLowerCase()}`, shown: `${backend.type} workspace ${where}` };
    }
  }
}

/** Stacks of `environments` whose state another stack uses; `owners` already hold theirs. */
function sharedStateProblems(
  environments: readonly EnvironmentConfig[],
  earlier: readonly EnvironmentConfig[] = [],
): string[] {
  const owners = new Map<string, { environment: EnvironmentConfig; shown: string }>(
    earlier.map((environment) => {
      const location = stateLocation(environment);
      return [location.key, { environment, shown: location.shown }];
    }),
  );
  const problems: string[] = [];
  for (const environment of environments) {
    const location = stateLocation(environment);
    const owner = owners.get(location.key);
    if (owner) {
      problems.push(
        `${environment.file}: backend: state ${location.shown} is also used by ${owner.environment.file}` +
          (owner.shown === location.shown ? "" : ` (as ${owner.shown})`) +
          `; every environment and customer needs its own state`,
      );
    } else {
      owners.set(location.key, { environment, shown: location.shown });
    }
  }
  return problems;
}

function displayPath(file: string, projectRoot: string): string {
  const relative = path.relative(projectRoot, path.resolve(file));
  return relative.startsWith("..") || path.isAbsolute(relative) ? path.resolve(file) : relative;
}
