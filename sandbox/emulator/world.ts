/**
 * The emulated Genesys Cloud: orgs with their divisions, roles, OAuth clients and integration
 * credentials. A fixture file seeds it; the world file holds it while it changes, so several
 * Terraform commands (and several emulator processes) see one world.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { CommandError } from "../../commands/core/errors";

export interface Division {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  /** Exactly one division per org is the home division. */
  readonly home?: boolean;
}

export interface PolicyOperand {
  readonly type: string;
  readonly queueId?: string;
  readonly userId?: string;
  readonly value?: string;
}

export interface PolicyTerm {
  readonly operator: string;
  readonly variableName: string;
  readonly operands: PolicyOperand[];
}

export interface PermissionPolicy {
  readonly domain: string;
  readonly entityName: string;
  readonly actionSet: string[];
  readonly conditions?: { readonly conjunction: string; readonly terms: PolicyTerm[] };
}

export interface Role {
  readonly id: string;
  name: string;
  description?: string;
  /** Set on the built-in roles that `default_role_id` can adopt (e.g. "employee"). */
  readonly defaultRoleId?: string;
  permissions?: string[];
  permissionPolicies?: PermissionPolicy[];
}

/** A role held in a division; divisionId "*" means every division. */
export interface RoleGrant {
  readonly roleId: string;
  readonly divisionId: string;
}

export interface OAuthClient {
  readonly id: string;
  /** Kept so the emulator can authenticate with the client; never returned by reads. */
  readonly secret: string;
  name: string;
  description?: string;
  authorizedGrantType: string;
  state: string;
  accessTokenValiditySeconds: number;
  scopes?: string[];
  registeredRedirectUris?: string[];
  roles: RoleGrant[];
}

export interface IntegrationCredential {
  readonly id: string;
  name?: string;
  credentialTypeName: string;
  fields: Record<string, string>;
}

export interface Org {
  readonly id: string;
  readonly name: string;
  /** The provider `aws_region` the org lives in; credentials only work there. */
  readonly region: string;
  readonly domain: string;
  readonly thirdPartyOrgName: string;
  readonly defaultCountryCode?: string;
  readonly defaultLanguage?: string;
  readonly defaultSiteId?: string;
  readonly productPlatform?: string;
  readonly supportUri?: string;
  readonly voicemailEnabled?: boolean;
  /** The client `npm run emulator -- run` deploys with; the org's first client when absent. */
  deployerClientId?: string;
  readonly divisions: Division[];
  readonly roles: Role[];
  readonly oauthClients: OAuthClient[];
  readonly integrationCredentials: IntegrationCredential[];
}

/** An OAuth client deleted through the emulated API, with the states it was set to on the way out. */
export interface DeletedOAuthClient {
  readonly orgId: string;
  readonly id: string;
  readonly name: string;
  /** Its state before the delete, then each state it was set to before the DELETE (the provider sets `inactive`). */
  readonly stateHistory: string[];
}

export interface World {
  readonly orgs: Org[];
  /** Written by the emulator when a client is deleted; absent in fixtures. */
  deletedOAuthClients?: DeletedOAuthClient[];
}

export function newId(): string {
  return randomUUID();
}

export function newSecret(): string {
  return `emulated-secret-${randomBytes(16).toString("hex")}`;
}

export function readWorld(file: string): World {
  return JSON.parse(readFileSync(file, "utf8")) as World;
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

/**
 * Why `holder` may not grant `grant` under the API's rule that a client grants only roles it holds itself (in
 * that division, or in all via "*"): the status and the text after the wording label, or undefined when it may.
 */
export function grantRefusal(
  org: Org,
  holder: Pick<OAuthClient, "roles"> | undefined,
  grant: RoleGrant,
): { status: 400 | 403; text: string } | undefined {
  const role = org.roles.find((r) => r.id === grant.roleId);
  if (!role) return { status: 400, text: `Role ${grant.roleId} does not exist` };
  const division = org.divisions.find((d) => d.id === grant.divisionId);
  if (grant.divisionId !== "*" && !division)
    return { status: 400, text: `Division ${grant.divisionId} does not exist` };
  const held = holder?.roles.some(
    (h) => h.roleId === grant.roleId && (h.divisionId === "*" || h.divisionId === grant.divisionId),
  );
  if (held) return undefined;
  const where = grant.divisionId === "*" ? "all divisions (*)" : `division ${division?.name}`;
  return {
    status: 403,
    text:
      "the API's status and text are unknown] cannot grant a role the requesting client does not hold: " +
      `it does not hold role ${role.name} (${role.id}) in ${where}`,
  };
}

export function findOrg(world: World, name: string): Org {
  const org = world.orgs.find((o) => o.name === name);
  const names = world.orgs.map((o) => `"${o.name}"`).join(", ") || "none";
  if (!org) throw new CommandError(`no org named "${name}" in the sandbox; it has ${names}`);
  return org;
}

export function orgOfClient(world: World, clientId: string): Org | undefined {
  return world.orgs.find((o) => o.oauthClients.some((c) => c.id === clientId));
}

/**
 * Grants a role to an OAuth client, as an admin would in the Genesys Cloud UI between two deploys.
 * For tests: `division` is a division name or "*" (the default).
 */
export function grantRoleToClient(
  worldFile: string,
  grant: { clientId: string; roleName: string; division?: string },
): void {
  updateWorld(worldFile, (world) => {
    const org = orgOfClient(world, grant.clientId);
    const role = org?.roles.find((r) => r.name === grant.roleName);
    const division = grant.division ?? "*";
    const divisionId = division === "*" ? "*" : org?.divisions.find((d) => d.name === division)?.id;
    if (!org || !role || !divisionId) {
      throw new Error(
        `no OAuth client ${grant.clientId} with role ${grant.roleName} and division ${division} to grant`,
      );
    }
    org.oauthClients.find((c) => c.id === grant.clientId)!.roles.push({ roleId: role.id, divisionId });
  });
}
