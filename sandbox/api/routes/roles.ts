/**
 * Authorization roles: list (by `name`, `defaultRoleId`), create, read, update, delete, restore a
 * default role; and the permission catalog the provider checks permission policies against.
 */
import { randomUUID } from "node:crypto";
import type { Models } from "purecloud-platform-client-v2";
import { z } from "zod";
import { type ApiCall, routes } from "../context";
import type { Org, PermissionPolicy, PolicyOperand, Role, Shape } from "../../emulator/world";
import { permissionPolicy, nonEmpty } from "../../emulator/world";
import { PERMISSIONS } from "../../facts/api";
import { badRequest, byId, page, requestBody } from "../http";

const roleBody = z.strictObject({
  name: nonEmpty,
  description: z.string().optional(),
  permissions: z.array(z.string()).optional(),
  permissionPolicies: z.array(permissionPolicy).default([]),
} satisfies Shape<Models.DomainOrganizationRoleUpdate>);
const defaultRolesBody = z.array(z.strictObject({ id: nonEmpty } satisfies Shape<Models.DomainOrganizationRole>));

function policyView(policy: PermissionPolicy): Models.DomainPermissionPolicy {
  // The world holds references as `{ id }`, all the API's answers carry of them.
  return { ...policy, allowConditions: policy.resourceConditionNode !== undefined } as Models.DomainPermissionPolicy;
}

export function roleView(role: Role): Models.DomainOrganizationRole {
  return {
    id: role.id,
    name: role.name,
    description: role.description,
    ...(role.defaultRoleId ? { defaultRoleId: role.defaultRoleId } : {}),
    // The general (legacy) permissions only: a role's policies are in permissionPolicies.
    permissions: [...(role.permissions ?? [])],
    permissionPolicies: (role.permissionPolicies ?? []).map(policyView),
    default: role.defaultRoleId !== undefined,
    base: false,
    selfUri: `/api/v2/authorization/roles/${role.id}`,
  };
}

/** The API keeps one value per operand: the user for USER, the queue for QUEUE, the value otherwise. */
function toOperand({ type, user, queue, value }: PolicyOperand): PolicyOperand {
  if (type === "USER") return { type, ...(user?.id ? { user: { id: user.id } } : {}) };
  if (type === "QUEUE") return { type, ...(queue?.id ? { queue: { id: queue.id } } : {}) };
  return { type, ...(value !== undefined ? { value } : {}) };
}

/** The body's fields onto `role` of `org`; no two roles of an org share a name. */
function applyBody(call: ApiCall, org: Org, role: Role): void {
  const body = requestBody(call, "the role", roleBody);
  if (org.roles.some((r) => r !== role && r.name === body.name)) {
    throw badRequest(`[sandbox] A role with the name ${body.name} already exists.`);
  }
  role.name = body.name;
  role.description = body.description;
  role.permissions = body.permissions;
  role.permissionPolicies = body.permissionPolicies.map(({ resourceConditionNode: node, ...policy }) => ({
    ...policy,
    ...(node
      ? {
          resourceConditionNode: {
            ...node,
            terms: node.terms.map((t) => ({ ...t, operands: t.operands.map(toOperand) })),
          },
        }
      : {}),
  }));
}

/** The permission catalog for one domain, as `GET /api/v2/authorization/permissions?queryType=domain&query=<domain>`. */
function permissionsOfDomain(domain: string | null): Models.DomainPermissionCollection[] {
  const permissionMap: Record<string, Models.DomainPermission[]> = {};
  for (const permission of PERMISSIONS) {
    const [d, entityType, action] = permission.split(":");
    if (d !== domain) continue;
    (permissionMap[entityType!] ??= []).push({ domain: d, entityType, action });
  }
  return domain && Object.keys(permissionMap).length > 0 ? [{ id: domain, domain, permissionMap }] : [];
}

export const roleRoutes = routes<ApiCall>({
  "GET /api/v2/authorization/roles"({ org, request }): Models.OrganizationRoleEntityListing {
    const name = request.query.get("name");
    const defaultRoleIds = request.query.getAll("defaultRoleId");
    const ids = request.query.getAll("id");
    const matching = org.roles.filter(
      (r) =>
        (!name || r.name === name) &&
        (defaultRoleIds.length === 0 || (r.defaultRoleId !== undefined && defaultRoleIds.includes(r.defaultRoleId))) &&
        (ids.length === 0 || ids.includes(r.id)),
    );
    return page(matching.map(roleView), request.query, "/api/v2/authorization/roles");
  },
  "POST /api/v2/authorization/roles"(call) {
    return call.change((org) => {
      const role: Role = { id: randomUUID(), name: "" };
      applyBody(call, org, role);
      org.roles.push(role);
      return roleView(role);
    });
  },
  "PUT /api/v2/authorization/roles/default"(call) {
    const wanted = requestBody(call, "the roles", defaultRolesBody);
    return call.change((org) => {
      const defaults = org.roles.filter((r) => r.defaultRoleId !== undefined);
      const restored = wanted.map(({ id }) => {
        const role = byId(defaults, id, "Role");
        role.permissions = [];
        role.permissionPolicies = [];
        return roleView(role);
      });
      return { entities: restored, total: restored.length } satisfies Models.OrganizationRoleEntityListing;
    });
  },
  "GET /api/v2/authorization/roles/{roleId}": ({ org, params }) => roleView(byId(org.roles, params.roleId, "Role")),
  "PUT /api/v2/authorization/roles/{roleId}"(call) {
    return call.change((org) => {
      const role = byId(org.roles, call.params.roleId, "Role");
      applyBody(call, org, role);
      return roleView(role);
    });
  },
  "DELETE /api/v2/authorization/roles/{roleId}"(call) {
    call.change((org) => {
      const role = byId(org.roles, call.params.roleId, "Role");
      if (role.defaultRoleId) throw badRequest("[sandbox] A default role cannot be deleted.");
      org.roles.splice(org.roles.indexOf(role), 1);
      for (const client of org.oauthClients) client.roles = client.roles.filter((g) => g.roleId !== role.id);
    });
    return undefined;
  },
  "GET /api/v2/authorization/permissions"({ request }): Models.PermissionCollectionEntityListing {
    const domain = request.query.get("queryType") === "domain" ? request.query.get("query") : null;
    return page(permissionsOfDomain(domain), request.query, "/api/v2/authorization/permissions");
  },
});
