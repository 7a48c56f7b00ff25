/** The signed-in user: `GET /api/v2/users/me`, with `expand=authorization` their roles and permissions. */
import type { Models } from "purecloud-platform-client-v2";
import { type ApiCall, routes } from "../context";
import type { Org } from "../../emulator/world";
import { badRequest } from "../http";
import { rolePermissions } from "../permissions";
import type { User } from "../users";

function authorizationOf(org: Org, user: User): Models.UserAuthorization {
  const roles = user.roles.flatMap((g) => org.roles.filter((r) => r.id === g.roleId));
  return {
    roles: [...new Set(roles)].map((r) => ({ id: r.id, name: r.name })),
    unusedRoles: [],
    permissions: [...new Set(roles.flatMap(rolePermissions))],
    permissionPolicies: roles.flatMap((r) =>
      (r.permissionPolicies ?? []).map((p) => ({
        domain: p.domain,
        entityName: p.entityName,
        actionSet: [...p.actionSet],
      })),
    ),
  };
}

export const userRoutes = routes<ApiCall>({
  "GET /api/v2/users/me"({ org, user, request }): Models.UserMe {
    if (!user) {
      throw badRequest("[sandbox's wording] This request needs a user: a client-credentials token acts as no user.");
    }
    const expand = request.query.getAll("expand").flatMap((e) => e.split(","));
    return {
      id: user.user.id,
      name: user.user.name,
      email: user.user.email,
      username: user.user.email,
      state: "active",
      version: 1,
      ...(expand.includes("authorization") ? { authorization: authorizationOf(org, user.user) } : {}),
      selfUri: `/api/v2/users/${user.user.id}`,
    };
  },
});
