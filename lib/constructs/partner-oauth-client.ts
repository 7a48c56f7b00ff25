import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { OauthClient, OauthClientRoles } from "../../.gen/providers/genesyscloud/oauth-client";
import { OAuthClientConfig } from "../config/schema";
import { optionalTerraformLiteral, terraformLiteral } from "../terraform-literal";

export interface PartnerOAuthClientProps {
  /** The client's settings from the environment config (its `roles` are resolved into `grants`). */
  readonly client: Omit<OAuthClientConfig, "roles" | "botSessionRole" | "scopes">;
  /** Genesys scope names to send (lib/config/scopes.ts); must be empty for CLIENT-CREDENTIALS. */
  readonly scopes: readonly string[];
  /** Role grants (role id + division id) of the client; at least one for CLIENT-CREDENTIALS. */
  readonly grants: OauthClientRoles[];
  /**
   * Name of a `pureCloudOAuthClient` integration credential the provider creates in the org with the
   * client's id and secret (the secret then never enters the Terraform state).
   */
  readonly integrationCredentialName?: string;
  /** What must be read before the client is touched: the org guard. */
  readonly dependsOn?: ITerraformDependable[];
}

/** The AppFoundry partner's OAuth client. */
export class PartnerOAuthClient extends Construct {
  public readonly clientId: string;
  /** Sensitive; empty unless the client exposes its secret. */
  public readonly clientSecret: string;
  /** Set when the client has an integration credential. */
  public readonly integrationCredentialId?: string;

  constructor(scope: Construct, id: string, props: PartnerOAuthClientProps) {
    super(scope, id);
    const { client } = props;
    if (client.grantType === "CLIENT-CREDENTIALS" && (props.grants.length === 0 || props.scopes.length > 0)) {
      throw new Error("PartnerOAuthClient: a CLIENT-CREDENTIALS client needs a role and takes no scopes");
    }
    const resource = new OauthClient(this, "Client", {
      name: terraformLiteral(client.name),
      description: optionalTerraformLiteral(client.description),
      authorizedGrantType: terraformLiteral(client.grantType),
      scopes: props.scopes.length > 0 ? props.scopes.map(terraformLiteral) : undefined,
      registeredRedirectUris: client.redirectUris?.map(terraformLiteral),
      accessTokenValiditySeconds: client.accessTokenValiditySeconds,
      state: terraformLiteral(client.state),
      exposeClientSecret: client.exposeSecret,
      roles: props.grants.length > 0 ? props.grants : undefined,
      integrationCredentialName: optionalTerraformLiteral(props.integrationCredentialName),
      dependsOn: props.dependsOn,
      lifecycle: { preventDestroy: client.preventDestroy },
    });
    // Adoption: Terraform imports the existing client into state (keeping its id) instead of creating one.
    if (client.adoptId) resource.importFrom(terraformLiteral(client.adoptId));
    this.clientId = resource.id;
    if (props.integrationCredentialName !== undefined) this.integrationCredentialId = resource.integrationCredentialId;
    this.clientSecret = resource.clientSecret;
  }
}
