/** `genesyscloud_auth_role`: custom roles, or adoption of a built-in default role. */
import type { Models } from "purecloud-platform-client-v2";
import type { ObjectValue, Value } from "../cty";
import { HttpError } from "../../api/http";
import type { Diagnostic } from "../diagnostics";
import { validateAuthRole } from "../validation";
import type { PermissionPolicy, Role } from "../world";
import type { Context, ResourceHandler, StateResult } from "./types";
import { apiCall, ignoreNotFound, objects, readById, str, strings } from "./types";

const TYPE = "genesyscloud_auth_role";
const ROLES_PATH = "/api/v2/authorization/roles";

/** The policies as the API takes them; an undefined field is left out of the JSON body. */
function policiesBody(value: Value | undefined): Models.DomainPermissionPolicy[] {
  const reference = (id: string | undefined) => (id ? { id } : undefined);
  return objects(value).map((p) => {
    const condition = objects(p.conditions)[0];
    return {
      domain: str(p.domain) ?? "",
      entityName: str(p.entity_name) ?? "",
      actionSet: strings(p.action_set) ?? [],
      resourceConditionNode: condition && {
        conjunction: str(condition.conjunction) ?? "",
        terms: objects(condition.terms).map((t) => ({
          operator: str(t.operator) ?? "",
          variableName: str(t.variable_name) ?? "",
          operands: objects(t.operands).map((o) => ({
            type: str(o.type) ?? "",
            user: reference(str(o.user_id)),
            queue: reference(str(o.queue_id)),
            value: str(o.value) || undefined,
          })),
        })),
      },
    } as Models.DomainPermissionPolicy;
  });
}

function policiesView(policies: readonly PermissionPolicy[]): ObjectValue[] {
  return policies.map((p) => ({
    domain: p.domain,
    entity_name: p.entityName,
    action_set: [...p.actionSet],
    conditions: p.resourceConditionNode
      ? [
          {
            conjunction: p.resourceConditionNode.conjunction,
            terms: p.resourceConditionNode.terms.map((t) => ({
              operator: t.operator,
              variable_name: t.variableName,
              operands: t.operands.map((o) => ({
                type: o.type,
                user_id: o.user?.id ?? null,
                queue_id: o.queue?.id ?? null,
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

function requestBody(planned: ObjectValue): Models.DomainOrganizationRoleUpdate {
  return {
    name: str(planned.name) ?? "",
    description: str(planned.description),
    permissions: strings(planned.permissions),
    permissionPolicies: policiesBody(planned.permission_policies),
  };
}

const read = readById((org) => org.roles, view);

/** With `default_role_id`, the provider adopts the org's existing default role instead of creating one. */
function create(ctx: Context, planned: ObjectValue): StateResult {
  const defaultRoleId = str(planned.default_role_id);
  return apiCall(TYPE, `Failed to create role ${str(planned.name) ?? ""}`, () => {
    let id: string;
    if (defaultRoleId) {
      const query = `${ROLES_PATH}?defaultRoleId=${encodeURIComponent(defaultRoleId)}`;
      const [adopted] = ctx.api<Models.OrganizationRoleEntityListing>("GET", query).entities ?? [];
      const notFound = { message: `Default role ${defaultRoleId} not found` };
      if (!adopted) throw new HttpError(404, notFound, { method: "GET", path: ROLES_PATH });
      id = adopted.id!;
      ctx.api("PUT", `${ROLES_PATH}/${id}`, requestBody(planned));
    } else {
      id = ctx.api<Models.DomainOrganizationRole>("POST", ROLES_PATH, requestBody(planned)).id!;
    }
    return { state: { ...planned, ...read(ctx, { id }) }, diagnostics: [] };
  });
}

function update(ctx: Context, prior: ObjectValue, planned: ObjectValue): StateResult {
  const id = str(prior.id) ?? "";
  return apiCall(TYPE, `Failed to update role ${id} ${str(planned.name) ?? ""}`, () => {
    ctx.api("PUT", `${ROLES_PATH}/${id}`, requestBody(planned));
    return { state: { ...planned, ...read(ctx, { id }) }, diagnostics: [] };
  });
}

function remove(ctx: Context, prior: ObjectValue): Diagnostic[] {
  const id = str(prior.id) ?? "";
  return apiCall(TYPE, `Failed to delete role ${id}`, () => {
    // Destroying an adopted default role restores it instead of deleting it.
    if (str(prior.default_role_id)) ctx.api("PUT", `${ROLES_PATH}/default`, [{ id }]);
    else ignoreNotFound(() => ctx.api("DELETE", `${ROLES_PATH}/${id}`));
  }).diagnostics;
}

export const authRole: ResourceHandler = {
  forceNew: ["default_role_id"],
  validate: validateAuthRole,
  create,
  update,
  delete: remove,
  read,
};
