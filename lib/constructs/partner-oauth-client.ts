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
  /** What must be read before the client is touched: the org guard. */
  readonly dependsOn?: ITerraformDependable[];
}

/** The AppFoundry partner's OAuth client. */
export class PartnerOAuthClient extends Construct {
  public readonly clientId: string;
  /** Sensitive; empty unless the client exposes its secret. */
  public readonly clientSecret: string;

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
      dependsOn: props.dependsOn,
      lifecycle: { preventDestroy: client.preventDestroy },
    });
    this.clientId = resource.id;
    this.clientSecret = resource.clientSecret;
  }
}
