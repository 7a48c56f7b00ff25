import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { AuthRole, AuthRolePermissionPolicies } from "../../.gen/providers/genesyscloud/auth-role";
import { terraformLiteral } from "../terraform-literal";

export interface BotSessionRoleProps {
  readonly name: string;
  readonly description?: string;
  /** Permissions as `domain:entity:action`, e.g. `textbots:botFlowSession:execute`. */
  readonly permissions: readonly string[];
  /** Refuse plans that destroy the role. Default: false. */
  readonly preventDestroy?: boolean;
  /** Id of an existing role of this name to import (adopt) instead of creating one. */
  readonly adoptId?: string;
  /** What must be read before the role is touched: the org guard. */
  readonly dependsOn?: ITerraformDependable[];
}

/** The least-privilege custom role that lets the partner client start bot sessions. */
export class BotSessionRole extends Construct {
  public readonly roleId: string;
  /** The role's name as Terraform knows it (a reference, so no config text becomes a new Terraform literal). */
  public readonly roleName: string;

  constructor(scope: Construct, id: string, props: BotSessionRoleProps) {
    super(scope, id);
    const role = new AuthRole(this, "Role", {
      name: terraformLiteral(props.name),
      description: terraformLiteral(
        props.description ?? `Lets the partner OAuth client run bot sessions. Managed by cdktf.`,
      ),
      permissionPolicies: permissionPolicies(props.permissions),
      dependsOn: props.dependsOn,
      lifecycle: { preventDestroy: props.preventDestroy ?? false },
    });
    if (props.adoptId) role.importFrom(terraformLiteral(props.adoptId));
    this.roleId = role.id;
    // The attribute, not the config text: whoever uses it in Terraform gets a reference, never raw text.
    this.roleName = role.name;
  }
}

/** One policy per domain and entity, with every action granted on it. */
export function permissionPolicies(permissions: readonly string[]): AuthRolePermissionPolicies[] {
  const actions = new Map<string, Set<string>>();
  for (const permission of permissions) {
    const [domain, entity, action] = permission.split(":");
    const key = `${domain}:${entity}`;
    actions.set(key, (actions.get(key) ?? new Set()).add(action));
  }
  return [...actions].map(([key, set]) => {
    const [domain, entityName] = key.split(":");
    return {
      domain: terraformLiteral(domain),
      entityName: terraformLiteral(entityName),
      actionSet: [...set].sort().map(terraformLiteral),
    };
  });
}
