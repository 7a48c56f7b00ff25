/**
 * Permissions as the API checks them: a caller holds what the roles granted to it carry, and each
 * operation needs the permissions the sandbox's API facts (sandbox/facts/) list for it.
 */
import type { OAuthClient, Org, Role } from "../emulator/world";
import type { OperationFact } from "../facts/api";
import { apiError } from "./http";

export const BOT_SESSION_PERMISSION = "textbots:botFlowSession:execute";

/** `domain:entity:action` strings a role carries: its `permissions` plus those of its permissionPolicies. */
export function rolePermissions(role: Role): string[] {
  const fromPolicies = (role.permissionPolicies ?? []).flatMap((p) =>
    p.actionSet.map((action) => `${p.domain}:${p.entityName}:${action}`),
  );
  return [...new Set([...(role.permissions ?? []), ...fromPolicies])];
}

/** Whether `granted` (possibly with `*` parts) covers `wanted`. */
export function permissionCovers(granted: string, wanted: string): boolean {
  const g = granted.split(":");
  const w = wanted.split(":");
  return g.length === 3 && w.length === 3 && g.every((part, i) => part === "*" || part === w[i]);
}

/** Whether any role granted to `caller` (a client, or a signed-in user; in any division) carries `permission` or a wildcard covering it. */
export function holdsPermission(org: Org, caller: Pick<OAuthClient, "roles">, permission: string): boolean {
  return caller.roles.some((grant) => {
    const role = org.roles.find((r) => r.id === grant.roleId);
    return role !== undefined && rolePermissions(role).some((p) => permissionCovers(p, permission));
  });
}

/** 403 unless `caller` holds what `operation` needs. The codes are those seen in public clients; the text is ours. */
export function requireOperation(org: Org, caller: Pick<OAuthClient, "roles">, operation: OperationFact): void {
  const { permissionMatch, permissions } = operation;
  if (permissionMatch === null || permissions.length === 0) return;
  const missing = permissions.filter((p) => !holdsPermission(org, caller, p));
  const denied = permissionMatch === "ALL" ? missing.length > 0 : missing.length === permissions.length;
  if (!denied) return;
  const any = permissionMatch === "ANY" && permissions.length > 1;
  const list = (any ? permissions : missing).join(", ");
  throw apiError(
    403,
    any ? "missing.any.permissions" : "missing.permissions",
    `You are missing the following permission(s): ${list}`,
    { permissions: list },
  );
}
