import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { DataGenesyscloudAuthDivision } from "../../.gen/providers/genesyscloud/data-genesyscloud-auth-division";
import { DataGenesyscloudAuthDivisionHome } from "../../.gen/providers/genesyscloud/data-genesyscloud-auth-division-home";
import { DataGenesyscloudAuthRole } from "../../.gen/providers/genesyscloud/data-genesyscloud-auth-role";
import { OauthClientRoles } from "../../.gen/providers/genesyscloud/oauth-client";
import { ALL_DIVISIONS } from "../config/schema";
import { terraformLiteral } from "../terraform-literal";

/** A role granted in a division: omit `division` for the home division, `"*"` for all divisions. */
export interface RoleGrant {
  /** An existing role, looked up by exact name. */
  readonly roleName?: string;
  /** A role declared in this stack. */
  readonly roleId?: string;
  readonly division?: string;
}

export interface RoleGrantsProps {
  readonly grants: readonly RoleGrant[];
  /**
   * What the lookups wait for: the org guard, so that credentials of the wrong org fail with the
   * guard's message rather than with a role that the other org happens not to have.
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Resolves role and division names to the ids an OAuth client's `roles` block needs. Each role
 * and division is looked up once, however many grants name it.
 */
export class RoleGrants extends Construct {
  public readonly roles: OauthClientRoles[];
  private readonly lookups = new Map<string, string>();
  private readonly dependsOn?: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: RoleGrantsProps) {
    super(scope, id);
    this.dependsOn = props.dependsOn;
    this.roles = props.grants.map((grant) => ({
      roleId: grant.roleId ?? this.roleId(requireRoleName(grant)),
      divisionId: this.divisionId(grant.division),
    }));
  }

  private roleId(name: string): string {
    return this.lookup(
      `Role ${name}`,
      () =>
        new DataGenesyscloudAuthRole(this, constructId("Role", name), {
          name: terraformLiteral(name),
          dependsOn: this.dependsOn,
        }).id,
    );
  }

  private divisionId(division: string | undefined): string {
    if (division === ALL_DIVISIONS) return ALL_DIVISIONS;
    if (division === undefined) {
      return this.lookup(
        "HomeDivision",
        () => new DataGenesyscloudAuthDivisionHome(this, "HomeDivision", { dependsOn: this.dependsOn }).id,
      );
    }
    return this.lookup(
      `Division ${division}`,
      () =>
        new DataGenesyscloudAuthDivision(this, constructId("Division", division), {
          name: terraformLiteral(division),
          dependsOn: this.dependsOn,
        }).id,
    );
  }

  private lookup(key: string, create: () => string): string {
    let id = this.lookups.get(key);
    if (id === undefined) {
      id = create();
      this.lookups.set(key, id);
    }
    return id;
  }
}

function requireRoleName(grant: RoleGrant): string {
  if (!grant.roleName) throw new Error("RoleGrants: a grant needs roleName or roleId");
  return grant.roleName;
}

/** Construct ids end up in the synthesized JSON (paths, metadata), so config text in them is escaped too. */
function constructId(kind: string, name: string): string {
  return `${kind} ${terraformLiteral(name)}`;
}
