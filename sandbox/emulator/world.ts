/**
 * The emulated Genesys Cloud: orgs with their divisions, roles, OAuth clients and integration
 * credentials. A fixture file seeds it; the world file holds it while it changes, so several
 * Terraform commands (and several emulator processes) see one world.
 */
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { Models } from "purecloud-platform-client-v2";
import { z } from "zod";
import { CommandError } from "../../commands/core/errors";
import { describeIssue } from "../../lib/config/errors";
import { JsonSyntaxError, parseStrictJson } from "../../lib/config/strict-json";

/** A zod shape over fields of the SDK model `T`: with `satisfies`, a key `T` does not have fails to compile. */
export type Shape<T> = { readonly [K in keyof T]?: z.ZodType };

export const nonEmpty = z.string().min(1, { message: "must not be empty" });
const text = z.string();
const id = nonEmpty;

const division = z.strictObject({
  id,
  name: text,
  description: text.optional(),
  /** Exactly one division per org is the home division. */
  home: z.boolean().optional(),
});

/**
 * A permission policy in the API's shape (SDK model DomainPermissionPolicy without `allowConditions`), as the API
 * takes it in a request body and as the world keeps it (one value per operand, as the API keeps them).
 */
const reference = z.object({ id: z.string().optional() }).optional();
const policyOperand = z.strictObject({
  type: nonEmpty,
  user: reference,
  queue: reference,
  value: z.string().optional(),
} satisfies Shape<Models.DomainResourceConditionValue>);
const policyTerm = z.strictObject({
  variableName: nonEmpty,
  operator: nonEmpty,
  operands: z.array(policyOperand).default([]),
} satisfies Shape<Models.DomainResourceConditionNode>);
export const permissionPolicy = z.strictObject({
  domain: nonEmpty,
  entityName: nonEmpty,
  actionSet: z.array(z.string()).min(1, { message: "must not be empty" }),
  resourceConditionNode: z
    .strictObject({
      conjunction: nonEmpty,
      terms: z.array(policyTerm).default([]),
    } satisfies Shape<Models.DomainResourceConditionNode>)
    .optional(),
} satisfies Shape<Models.DomainPermissionPolicy>);

const role = z.strictObject({
  id,
  name: text,
  description: text.optional(),
  /** Set on the built-in roles that `default_role_id` can adopt (e.g. "employee"). */
  defaultRoleId: text.optional(),
  permissions: z.array(text).optional(),
  permissionPolicies: z.array(permissionPolicy).optional(),
});

/** A role held in a division; divisionId "*" means every division. */
const roleGrant = z.strictObject({ roleId: id, divisionId: id });

const oauthClient = z.strictObject({
  id,
  /** Kept so the emulator can authenticate with the client; never returned by reads. */
  secret: text,
  name: text,
  description: text.optional(),
  authorizedGrantType: text,
  state: text,
  accessTokenValiditySeconds: z.number().int(),
  scopes: z.array(text).optional(),
  registeredRedirectUris: z.array(text).optional(),
  roles: z.array(roleGrant),
});

/** A user of the org, who signs in through a client (sandbox/api/users.ts) and holds roles as clients do. */
const user = z.strictObject({
  id,
  name: text,
  /** Also the user's login name. */
  email: text,
  roles: z.array(roleGrant),
});

const integrationCredential = z.strictObject({
  id,
  name: text.optional(),
  credentialTypeName: text,
  fields: z.record(z.string(), text),
});

const org = z.strictObject({
  id,
  name: text,
  /** The provider `aws_region` the org lives in; credentials only work there. */
  region: text,
  domain: text,
  thirdPartyOrgName: text,
  defaultCountryCode: text.optional(),
  defaultLanguage: text.optional(),
  defaultSiteId: text.optional(),
  productPlatform: text.optional(),
  supportUri: text.optional(),
  voicemailEnabled: z.boolean().optional(),
  /** The client `npm run emulator -- run` deploys with; the org's first client when absent. */
  deployerClientId: id.optional(),
  divisions: z.array(division).refine((all) => all.filter((d) => d.home).length === 1, {
    message: 'needs exactly one division with "home": true',
  }),
  roles: z.array(role),
  oauthClients: z.array(oauthClient),
  integrationCredentials: z.array(integrationCredential),
  users: z.array(user).optional(),
});

/** An OAuth client deleted through the emulated API, with the states it was set to on the way out. */
const deletedOAuthClient = z.strictObject({
  orgId: id,
  id,
  name: text,
  /** Its state before the delete, then each state it was set to before the DELETE (the provider sets `inactive`). */
  stateHistory: z.array(text),
});

/** The one definition of a world file: the types below and the check `readWorld` makes. */
const worldSchema = z.strictObject({
  orgs: z.array(org),
  /** Written by the emulator when a client is deleted; absent in fixtures. */
  deletedOAuthClients: z.array(deletedOAuthClient).optional(),
});

export type Division = z.infer<typeof division>;
export type PolicyOperand = z.output<typeof policyOperand>;
export type PermissionPolicy = z.infer<typeof permissionPolicy>;
export type Role = z.infer<typeof role>;
export type RoleGrant = z.infer<typeof roleGrant>;
export type OAuthClient = z.infer<typeof oauthClient>;
export type User = z.infer<typeof user>;
export type IntegrationCredential = z.infer<typeof integrationCredential>;
export type Org = z.infer<typeof org>;
export type World = z.infer<typeof worldSchema>;

export function newSecret(): string {
  return `emulated-secret-${randomBytes(16).toString("hex")}`;
}

/** The world in `file`; a file that is not a world is one CommandError naming the file and the first problem. */
export function readWorld(file: string): World {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new CommandError(`Could not read the world file ${file}: ${(error as Error).message}`);
  }
  const data = parseJson(file, text);
  const result = worldSchema.safeParse(data);
  if (!result.success) {
    throw new CommandError(`${file}: ${describeIssue(result.error.issues[0]!, worldSchema, data).split("\n")[0]}`);
  }
  return result.data;
}

/**
 * JSON.parse, since the world is read on every emulated call and the strict reader is far slower; the strict
 * reader only words the error, with a line and column. A duplicate key is not refused here (the last one wins).
 */
function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    try {
      parseStrictJson(text);
    } catch (error) {
      if (error instanceof JsonSyntaxError) throw new CommandError(`${file} is not valid JSON: ${error.message}`);
    }
    throw new CommandError(`${file} is not valid JSON`);
  }
}

function writeWorld(file: string, world: World): void {
  // Write then rename, so a reader in another emulator process never sees half a file.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(world, null, 2)}\n`);
  renameSync(tmp, file);
}

/** Reads the world, lets `change` modify it, and writes it back. Synchronous, so atomic per process. */
export function updateWorld<T>(file: string, change: (world: World) => T): T {
  const world = readWorld(file);
  const result = change(world);
  writeWorld(file, world);
  return result;
}

/** Seeds `worldFile` from `fixtureFile` unless it already exists. */
export function createWorldFile(fixtureFile: string, worldFile: string): void {
  if (!existsSync(worldFile)) copyFileSync(fixtureFile, worldFile);
}

export function homeDivision(org: Org): Division {
  const home = org.divisions.find((d) => d.home);
  if (!home) throw new Error(`fixture org ${org.name} has no home division`);
  return home;
}

/** The quoted names, for messages that say what exists: `"a", "b"`, or `none`. */
export function names(items: readonly { name?: string }[]): string {
  return items.map((i) => `"${i.name}"`).join(", ") || "none";
}

export function findOrg(world: World, name: string): Org {
  const org = world.orgs.find((o) => o.name === name);
  if (!org) throw new CommandError(`no org named "${name}" in the sandbox; it has ${names(world.orgs)}`);
  return org;
}
