/** `genesyscloud_auth_role`: custom roles, or adoption of a built-in default role. */
import type { ObjectValue, Value } from "../cty";
import { ApiError, type Diagnostic } from "../diagnostics";
import { validateAuthRole } from "../validation";
import { type Org, type PermissionPolicy, type PolicyOperand, type Role, newId } from "../world";
import type { Context, ResourceHandler, StateResult } from "./types";
import { apiCall, objects, readById, str, strings } from "./types";

const TYPE = "genesyscloud_auth_role";
const ROLES_PATH = "/api/v2/authorization/roles";

/** The API keeps one value per operand: user_id for USER, queue_id for QUEUE, value otherwise. */
function toOperand(o: ObjectValue): PolicyOperand {
  const type = str(o.type) ?? "";
  if (type === "USER") return { type, ...(str(o.user_id) ? { userId: str(o.user_id) } : {}) };
  if (type === "QUEUE") return { type, ...(str(o.queue_id) ? { queueId: str(o.queue_id) } : {}) };
  return { type, ...(str(o.value) ? { value: str(o.value) } : {}) };
}

function toPolicies(value: Value | undefined): PermissionPolicy[] {
  return objects(value).map((p) => {
    const condition = objects(p.conditions)[0];
    return {
      domain: str(p.domain) ?? "",
      entityName: str(p.entity_name) ?? "",
      actionSet: strings(p.action_set) ?? [],
      ...(condition
        ? {
            conditions: {
              conjunction: str(condition.conjunction) ?? "",
              terms: objects(condition.terms).map((t) => ({
                operator: str(t.operator) ?? "",
                variableName: str(t.variable_name) ?? "",
                operands: objects(t.operands).map(toOperand),
              })),
            },
          }
        : {}),
    };
  });
}

function policiesView(policies: readonly PermissionPolicy[]): ObjectValue[] {
  return policies.map((p) => ({
    domain: p.domain,
    entity_name: p.entityName,
    action_set: [...p.actionSet],
    conditions: p.conditions
      ? [
          {
            conjunction: p.conditions.conjunction,
            terms: p.conditions.terms.map((t) => ({
              operator: t.operator,
              variable_name: t.variableName,
              operands: t.operands.map((o) => ({
                type: o.type,
                user_id: o.userId ?? null,
                queue_id: o.queueId ?? null,
                value: o.value ?? null,
              })),
            })),
          },
        ]
      : [],
  }));
}

function view(role: Role): ObjectValue {
  return {
    id: role.id,
    name: role.name,
    description: role.description ?? null,
    default_role_id: role.defaultRoleId ?? null,
    permissions: role.permissions ?? null,
    permission_policies: policiesView(role.permissionPolicies ?? []),
  };
}

function applyFields(role: Role, planned: ObjectValue): void {
  role.name = str(planned.name) ?? "";
  role.description = str(planned.description);
  role.permissions = strings(planned.permissions);
  role.permissionPolicies = toPolicies(planned.permission_policies);
}

function findDefaultRole(org: Org, defaultRoleId: string): Role {
  const role = org.roles.find((r) => r.defaultRoleId === defaultRoleId);
  if (!role) throw new ApiError(404, `Default role ${defaultRoleId} not found`, "GET", `${ROLES_PATH}/default`);
  return role;
}

function create(ctx: Context, planned: ObjectValue): StateResult {
  const name = str(planned.name) ?? "";
  const defaultRoleId = str(planned.default_role_id);
  return apiCall(TYPE, `Failed to create role ${name}`, () => {
    const role = ctx.world((_world, org) => {
      if (defaultRoleId) {
        const adopted = findDefaultRole(org, defaultRoleId);
        applyFields(adopted, planned);
        return adopted;
      }
      if (org.roles.some((r) => r.name === name)) {
        throw new ApiError(400, `A role with the name ${name} already exists`, "POST", ROLES_PATH);
      }
      const role: Role = { id: newId(), name };
      applyFields(role, planned);
      org.roles.push(role);
      return role;
    }, true);
    return { state: { ...planned, ...view(role) }, diagnostics: [] };
  });
}

function update(ctx: Context, prior: ObjectValue, planned: ObjectValue): StateResult {
  const id = str(prior.id) ?? "";
  return apiCall(TYPE, `Failed to update role ${id} ${str(planned.name) ?? ""}`, () => {
    const role = ctx.world((_world, org) => {
      const existing = org.roles.find((r) => r.id === id);
      if (!existing) throw new ApiError(404, `Role ${id} not found`, "PUT", `${ROLES_PATH}/${id}`);
      applyFields(existing, planned);
      return existing;
    }, true);
    return { state: { ...planned, ...view(role) }, diagnostics: [] };
  });
}

function remove(ctx: Context, prior: ObjectValue): Diagnostic[] {
  const id = str(prior.id) ?? "";
  ctx.world((_world, org) => {
    const role = org.roles.find((r) => r.id === id);
    if (!role) return;
    if (role.defaultRoleId) {
      // Destroying an adopted default role restores it instead of deleting it.
      role.permissions = [];
      role.permissionPolicies = [];
      return;
    }
    org.roles.splice(org.roles.indexOf(role), 1);
    for (const client of org.oauthClients) client.roles = client.roles.filter((g) => g.roleId !== id);
  }, true);
  return [];
}

export const authRole: ResourceHandler = {
  forceNew: ["default_role_id"],
  validate: validateAuthRole,
  create,
  update,
  delete: remove,
  read: readById((org) => org.roles, view),
};
