/**
 * What an org admin does in the Genesys Cloud UI, done to the sandbox's world: create an org, create
 * an OAuth client, grant a role to a client or revoke it. These bypass the API's rules on purpose
 * (an admin holds every role), except those that make a world no API answer could come from.
 */
import { randomUUID } from "node:crypto";
import { CommandError } from "../commands/core/errors";
import { rolePermissions } from "./api/permissions";
import { REGIONS } from "./facts/provider";
import type { OAuthClient, Org, Role, RoleGrant, World } from "./emulator/world";
import { findOrg, homeDivision, names, newSecret, updateWorld } from "./emulator/world";

const GRANT_TYPES = ["CLIENT-CREDENTIALS", "CODE", "TOKEN", "SAML2-BEARER", "PASSWORD"];

/** A client by id, or by name within `orgName` (or across orgs when that name is unique). */
function findClient(world: World, client: string, orgName?: string): { org: Org; client: OAuthClient } {
  const orgs = orgName ? [findOrg(world, orgName)] : world.orgs;
  const matching = (pick: (c: OAuthClient) => boolean) =>
    orgs.flatMap((org) => org.oauthClients.filter(pick).map((c) => ({ org, client: c })));
  const byId = matching((c) => c.id === client);
  if (byId.length === 1) return byId[0]!;
  const byName = matching((c) => c.name === client);
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) {
    throw new CommandError(
      `${byName.length} OAuth clients are named "${client}" (in ${names(byName.map((m) => m.org))}); pass --org or the client's id`,
    );
  }
  throw new CommandError(
    `no OAuth client with id or name "${client}"${orgName ? ` in "${orgName}"` : ""}; see npm run sandbox -- show`,
  );
}

function findRole(org: Org, role: string): Role {
  const found = org.roles.find((r) => r.name === role || r.id === role);
  if (!found) throw new CommandError(`no role named "${role}" in "${org.name}"; it has ${names(org.roles)}`);
  return found;
}

/** "*" (every division), or a division's name or id. */
function divisionId(org: Org, division: string | undefined): string {
  if (division === undefined || division === "") return homeDivision(org).id;
  if (division === "*") return "*";
  const found = org.divisions.find((d) => d.name === division || d.id === division);
  if (!found) throw new CommandError(`no division "${division}" in "${org.name}"; it has "*", ${names(org.divisions)}`);
  return found.id;
}

export interface GrantRequest {
  readonly client: string;
  readonly role: string;
  /** Division name or id, or "*"; the home division when absent. */
  readonly division?: string | undefined;
  readonly org?: string | undefined;
}

function describeDivision(org: Org, id: string): string {
  return id === "*" ? "all divisions (*)" : (org.divisions.find((d) => d.id === id)?.name ?? id);
}

/** Grants the role; returns what was done, in a line for the person who asked. */
export function grantRole(worldFile: string, request: GrantRequest): string {
  return updateWorld(worldFile, (world) => {
    const { org, client } = findClient(world, request.client, request.org);
    const role = findRole(org, request.role);
    const grant: RoleGrant = { roleId: role.id, divisionId: divisionId(org, request.division) };
    const held = client.roles.some((g) => g.roleId === grant.roleId && g.divisionId === grant.divisionId);
    if (!held) client.roles.push(grant);
    const where = `in "${org.name}", ${describeDivision(org, grant.divisionId)}`;
    return `${held ? "already held" : "granted"}: role "${role.name}" for OAuth client ${client.id} ${where}`;
  });
}

/** Revokes the role, in every division unless one is named; returns what was done. */
export function revokeRole(worldFile: string, request: GrantRequest): string {
  return updateWorld(worldFile, (world) => {
    const { org, client } = findClient(world, request.client, request.org);
    const role = findRole(org, request.role);
    const only = request.division === undefined ? undefined : divisionId(org, request.division);
    const before = client.roles.length;
    client.roles = client.roles.filter((g) => g.roleId !== role.id || (only !== undefined && g.divisionId !== only));
    const where = `in "${org.name}", ${only === undefined ? "every division" : describeDivision(org, only)}`;
    return `${client.roles.length !== before ? "revoked" : "not held"}: role "${role.name}" for OAuth client ${client.id} ${where}`;
  });
}

/** A new org as Genesys provisions one: a home division, the Master Admin role and the default employee role. */
export function createOrg(worldFile: string, request: { name: string; region: string }): Org {
  const region = request.region.toLowerCase();
  if (!REGIONS.includes(region))
    throw new CommandError(`--region must be one of ${REGIONS.join(", ")}; got "${request.region}"`);
  if (request.name.trim() === "") throw new CommandError("--name must not be empty");
  return updateWorld(worldFile, (world) => {
    if (world.orgs.some((o) => o.name === request.name))
      throw new CommandError(`an org named "${request.name}" exists already`);
    const domain = request.name.toLowerCase().replace(/[^a-z0-9]/g, "");
    const org: Org = {
      id: randomUUID(),
      name: request.name,
      region,
      domain,
      thirdPartyOrgName: domain,
      defaultCountryCode: "US",
      defaultLanguage: "en-us",
      productPlatform: "PureCloud",
      divisions: [{ id: randomUUID(), name: "Home", description: "Home division", home: true }],
      roles: [
        {
          id: randomUUID(),
          name: "Master Admin",
          description: "Full access",
          permissionPolicies: [{ domain: "*", entityName: "*", actionSet: ["*"] }],
        },
        { id: randomUUID(), name: "employee", description: "Default role for every user", defaultRoleId: "employee" },
      ],
      oauthClients: [],
      integrationCredentials: [],
    };
    world.orgs.push(org);
    return org;
  });
}

export interface ClientRequest {
  readonly org: string;
  readonly name: string;
  /** Role names (or ids), each granted in `division`. */
  readonly roles: readonly string[];
  readonly division?: string | undefined;
  readonly grantType: string;
  /** The client `npm run emulator -- run` deploys into this org with. */
  readonly deployer: boolean;
  /** Chosen by the sandbox when absent. */
  readonly id?: string | undefined;
}

export function createClient(worldFile: string, request: ClientRequest): { org: Org; client: OAuthClient } {
  if (!GRANT_TYPES.includes(request.grantType)) {
    throw new CommandError(`--grant-type must be one of ${GRANT_TYPES.join(", ")}; got "${request.grantType}"`);
  }
  if (request.grantType === "CLIENT-CREDENTIALS" && request.roles.length === 0) {
    throw new CommandError("a CLIENT-CREDENTIALS client needs at least one --role (as in the Genesys UI)");
  }
  if (request.deployer && request.grantType !== "CLIENT-CREDENTIALS") {
    throw new CommandError("--deployer needs a CLIENT-CREDENTIALS client: terraform logs in with client credentials");
  }
  return updateWorld(worldFile, (world) => {
    const org = findOrg(world, request.org);
    if (request.id !== undefined && world.orgs.some((o) => o.oauthClients.some((c) => c.id === request.id))) {
      throw new CommandError(`an OAuth client with id "${request.id}" exists already`);
    }
    const division = divisionId(org, request.division);
    const client: OAuthClient = {
      id: request.id ?? randomUUID(),
      secret: newSecret(),
      name: request.name,
      description: "made with npm run sandbox -- create-client",
      authorizedGrantType: request.grantType,
      state: "active",
      accessTokenValiditySeconds: 86_400,
      roles: request.roles.map((role) => ({ roleId: findRole(org, role).id, divisionId: division })),
    };
    org.oauthClients.push(client);
    if (request.deployer) org.deployerClientId = client.id;
    return { org, client };
  });
}

/** A new secret for a client, as the UI's "generate new secret" (the old one stops working). */
export function regenerateSecret(
  worldFile: string,
  request: { client: string; org?: string | undefined },
): { org: Org; client: OAuthClient } {
  return updateWorld(worldFile, (world) => {
    const found = findClient(world, request.client, request.org);
    (found.client as { secret: string }).secret = newSecret();
    return found;
  });
}

/** The client `npm run emulator -- run` deploys into `org` with. */
export function deployerClient(org: Org): OAuthClient | undefined {
  return org.oauthClients.find((c) => c.id === org.deployerClientId) ?? org.oauthClients[0];
}

/** The world as a person reads it: orgs, divisions, roles (with permissions), clients (with roles), never a secret. */
export function describeWorld(world: World, orgName?: string): string {
  const orgs = orgName ? [findOrg(world, orgName)] : world.orgs;
  const lines: string[] = [];
  for (const org of orgs) {
    lines.push(`org "${org.name}" (${org.region}) id ${org.id}`);
    lines.push(`  divisions: ${org.divisions.map((d) => `${d.name}${d.home ? " (home)" : ""}`).join(", ")}`);
    for (const role of org.roles) {
      const permissions = rolePermissions(role);
      lines.push(`  role "${role.name}" id ${role.id}${permissions.length ? `: ${permissions.join(", ")}` : ""}`);
    }
    const deployer = deployerClient(org);
    for (const client of org.oauthClients) {
      const grants = client.roles.map(
        (g) =>
          `${org.roles.find((r) => r.id === g.roleId)?.name ?? g.roleId} in ${describeDivision(org, g.divisionId)}`,
      );
      lines.push(
        `  client "${client.name}" id ${client.id} ${client.authorizedGrantType} ${client.state}` +
          `${client === deployer ? " [deployer for npm run emulator -- run]" : ""}` +
          `; roles: ${grants.join(", ") || "none"}`,
      );
    }
  }
  return lines.join("\n");
}
