/** Permissions as the API checks them: a caller holds what the roles granted to it carry. */
import type { OAuthClient, Org, Role } from "../emulator/world";
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

export function requirePermission(org: Org, caller: OAuthClient, permission: string): void {
  const held = caller.roles.some((grant) => {
    const role = org.roles.find((r) => r.id === grant.roleId);
    return role !== undefined && rolePermissions(role).some((p) => permissionCovers(p, permission));
  });
  if (!held) {
    throw apiError(403, "missing.permissions", `You are missing the following permission(s): ${permission}`, {
      permissions: permission,
    });
  }
}
