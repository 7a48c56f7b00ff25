/** Authorization roles: read one. */
import type { ApiRoute } from "../context";
import type { Role } from "../../emulator/world";
import { apiError } from "../http";
import { rolePermissions } from "../permissions";

function roleView(role: Role): Record<string, unknown> {
  return {
    id: role.id,
    name: role.name,
    description: role.description,
    ...(role.defaultRoleId ? { defaultRoleId: role.defaultRoleId } : {}),
    permissions: rolePermissions(role),
    permissionPolicies: (role.permissionPolicies ?? []).map((p) => ({
      domain: p.domain,
      entityName: p.entityName,
      actionSet: [...p.actionSet],
      allowConditions: p.conditions !== undefined,
    })),
    default: role.defaultRoleId !== undefined,
    base: false,
    selfUri: `/api/v2/authorization/roles/${role.id}`,
  };
}

export const roleRoutes: readonly ApiRoute[] = [
  {
    method: "GET",
    path: "/api/v2/authorization/roles/{roleId}",
    handle({ org, params }) {
      const role = org.roles.find((r) => r.id === params.roleId);
      if (!role) throw apiError(404, "not.found", `Role ${params.roleId} not found.`);
      return roleView(role);
    },
  },
];
