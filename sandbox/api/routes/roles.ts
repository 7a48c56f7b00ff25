/**
 * Authorization roles: list (by `name`, `defaultRoleId`), create, read, update, delete, restore a
 * default role; and the permission catalog the provider checks permission policies against.
 */
import type { Models } from "purecloud-platform-client-v2";
import { type ApiCall, routes } from "../context";
import { type PermissionPolicy, type PolicyOperand, type PolicyTerm, type Role, newId } from "../../emulator/world";
import { PERMISSIONS } from "../../facts/api";
import { bodyOf, requestBody, type Fields, itemsOf, optionalString, optionalStrings, requiredString } from "../body";
import { apiError, byId, parseJson } from "../http";
import { page } from "../paging";

const ROLE_FIELDS: Fields<Models.DomainOrganizationRoleUpdate> = [
  "name",
  "description",
  "permissions",
  "permissionPolicies",
];
const POLICY_FIELDS: Fields<Models.DomainPermissionPolicy> = [
  "domain",
  "entityName",
  "actionSet",
  "resourceConditionNode",
];
const NODE_FIELDS: Fields<Models.DomainResourceConditionNode> = [
  "conjunction",
  "terms",
  "variableName",
  "operator",
  "operands",
];
const OPERAND_FIELDS: Fields<Models.DomainResourceConditionValue> = ["type", "user", "queue", "value"];

function operandView(operand: PolicyOperand): Models.DomainResourceConditionValue {
  return {
    type: operand.type,
    ...(operand.userId ? { user: { id: operand.userId } as Models.UserFullReference } : {}),
    ...(operand.queueId ? { queue: { id: operand.queueId } as Models.QueueFullReference } : {}),
    ...(operand.value !== undefined ? { value: operand.value } : {}),
  };
}

function policyView(p: PermissionPolicy): Models.DomainPermissionPolicy {
  return {
    domain: p.domain,
    entityName: p.entityName,
    actionSet: [...p.actionSet],
    allowConditions: p.conditions !== undefined,
    ...(p.conditions
      ? {
          resourceConditionNode: {
            conjunction: p.conditions.conjunction,
            terms: p.conditions.terms.map((t) => ({
              variableName: t.variableName,
              operator: t.operator,
              operands: t.operands.map(operandView),
            })),
          },
        }
      : {}),
  };
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

function toOperand(call: ApiCall, where: string, value: unknown): PolicyOperand {
  const operand = bodyOf<Models.DomainResourceConditionValue>(call.standIn, where, value, OPERAND_FIELDS);
  const type = requiredString(operand.type, `${where}.type`);
  const userId = optionalString((operand.user as { id?: unknown } | undefined)?.id, `${where}.user.id`);
  const queueId = optionalString((operand.queue as { id?: unknown } | undefined)?.id, `${where}.queue.id`);
  const text = optionalString(operand.value, `${where}.value`);
  // The API keeps one value per operand: the user for USER, the queue for QUEUE, the value otherwise.
  if (type === "USER") return { type, ...(userId ? { userId } : {}) };
  if (type === "QUEUE") return { type, ...(queueId ? { queueId } : {}) };
  return { type, ...(text !== undefined ? { value: text } : {}) };
}

function toTerm(call: ApiCall, where: string, node: Partial<Models.DomainResourceConditionNode>): PolicyTerm {
  return {
    operator: requiredString(node.operator, `${where}.operator`),
    variableName: requiredString(node.variableName, `${where}.variableName`),
    operands: (Array.isArray(node.operands) ? node.operands : []).map((o, i) =>
      toOperand(call, `${where}.operands[${i}]`, o),
    ),
  };
}

function toPolicies(call: ApiCall, value: unknown): PermissionPolicy[] {
  return itemsOf<Models.DomainPermissionPolicy>(call.standIn, "permissionPolicies", value, POLICY_FIELDS).map(
    (p, i) => {
      const where = `permissionPolicies[${i}]`;
      const actionSet = optionalStrings(p.actionSet, `${where}.actionSet`) ?? [];
      if (actionSet.length === 0) throw apiError(400, "bad.request", `${where}.actionSet must not be empty.`);
      const policy: PermissionPolicy = {
        domain: requiredString(p.domain, `${where}.domain`),
        entityName: requiredString(p.entityName, `${where}.entityName`),
        actionSet,
      };
      if (p.resourceConditionNode === undefined || p.resourceConditionNode === null) return policy;
      const at = `${where}.resourceConditionNode`;
      const node = bodyOf<Models.DomainResourceConditionNode>(call.standIn, at, p.resourceConditionNode, NODE_FIELDS);
      const terms = itemsOf<Models.DomainResourceConditionNode>(call.standIn, `${at}.terms`, node.terms, NODE_FIELDS);
      return {
        ...policy,
        conditions: {
          conjunction: requiredString(node.conjunction, `${at}.conjunction`),
          terms: terms.map((t, j) => toTerm(call, `${at}.terms[${j}]`, t)),
        },
      };
    },
  );
}

function applyBody(call: ApiCall, role: Role): void {
  const body = requestBody<Models.DomainOrganizationRoleUpdate>(call, "the role", ROLE_FIELDS);
  role.name = requiredString(body.name, "name");
  role.description = optionalString(body.description, "description");
  role.permissions = optionalStrings(body.permissions, "permissions");
  role.permissionPolicies = toPolicies(call, body.permissionPolicies);
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
      const role: Role = { id: newId(), name: "" };
      applyBody(call, role);
      if (org.roles.some((r) => r.name === role.name)) {
        throw apiError(400, "bad.request", `[sandbox] A role with the name ${role.name} already exists.`);
      }
      org.roles.push(role);
      return roleView(role);
    });
  },
  "PUT /api/v2/authorization/roles/default"(call) {
    const body = parseJson(call.request.body);
    const wanted = itemsOf<Models.DomainOrganizationRole>(call.standIn, "the roles", body, ["id"]);
    return call.change((org) => {
      const defaults = org.roles.filter((r) => r.defaultRoleId !== undefined);
      const restored = wanted.map(({ id }) => {
        const role = byId(defaults, String(id), "Role");
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
      applyBody(call, role);
      if (org.roles.some((r) => r !== role && r.name === role.name)) {
        throw apiError(400, "bad.request", `[sandbox] A role with the name ${role.name} already exists.`);
      }
      return roleView(role);
    });
  },
  "DELETE /api/v2/authorization/roles/{roleId}"(call) {
    call.change((org) => {
      const role = byId(org.roles, call.params.roleId, "Role");
      if (role.defaultRoleId) throw apiError(400, "bad.request", "[sandbox] A default role cannot be deleted.");
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
