/** Builders of a world for the Genesys API stand-in (sandbox/), for tests that make their own orgs. */
import * as fs from "fs";
import * as path from "path";
import type { OAuthClient, Org, Role, World } from "../../sandbox/emulator/world";
import { tempDir } from "./config-dir";

export function role(
  id: string,
  name: string,
  policies: [string, string, string[]][],
  extra: Partial<Role> = {},
): Role {
  return {
    id,
    name,
    permissionPolicies: policies.map(([domain, entityName, actionSet]) => ({ domain, entityName, actionSet })),
    ...extra,
  };
}

/** A client-credentials client holding each of `roleIds` in every division. */
export function client(id: string, secret: string, roleIds: string[]): OAuthClient {
  return {
    id,
    secret,
    name: `client ${id}`,
    authorizedGrantType: "CLIENT-CREDENTIALS",
    state: "active",
    accessTokenValiditySeconds: 86400,
    roles: roleIds.map((roleId) => ({ roleId, divisionId: "*" })),
  };
}

/** An org in us-east-1 with one home division, unless `extra` says otherwise. */
export function org(id: string, name: string, roles: Role[], clients: OAuthClient[], extra: Partial<Org> = {}): Org {
  return {
    id,
    name,
    region: "us-east-1",
    domain: name.toLowerCase().replace(/\W/g, ""),
    thirdPartyOrgName: name.toLowerCase().replace(/\W/g, ""),
    divisions: [{ id: `${id.slice(0, 8)}-home`, name: "Home", home: true }],
    roles,
    oauthClients: clients,
    integrationCredentials: [],
    ...extra,
  };
}

/** `world` as world.json in a new temp folder named after `prefix`. */
export function writeWorld(world: World, prefix: string): { readonly dir: string; readonly worldFile: string } {
  const dir = tempDir(prefix);
  const worldFile = path.join(dir, "world.json");
  fs.writeFileSync(worldFile, JSON.stringify(world));
  return { dir, worldFile };
}
