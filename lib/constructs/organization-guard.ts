import { Construct } from "constructs";
import { DataGenesyscloudOrganizationsMe } from "../../.gen/providers/genesyscloud/data-genesyscloud-organizations-me";
import { CustomerCredentials } from "../config/schema";
import { CREDENTIAL_ENV_VARS } from "../genesys/provider-rules";
import { terraformLiteral, terraformQuotedString } from "../terraform-literal";

export interface OrganizationGuardProps {
  /** Environment (stack) name, shown in the guard's error. */
  readonly environment: string;
  /** Config file the expected org comes from, shown in the guard's error. */
  readonly configFile: string;
  /** Exact name of the org the provider's credentials must belong to. */
  readonly expectedName: string;
  /** ID of that org, when known: names can be changed by an org admin, IDs cannot. */
  readonly expectedId?: string;
  /** Region the provider signs in to, shown in the guard's error. */
  readonly region: string;
  /** How a customer's deploys sign in (the error names the variables to check); default: a deployer client. */
  readonly credentials?: CustomerCredentials;
}

/**
 * Looks up the org the provider's credentials belong to, and fails the plan when it is not the
 * environment's org. The OAuth client has no org attribute, so this is the only thing that stops
 * prod credentials from landing a dev client in the prod org, or the reverse.
 */
export class OrganizationGuard extends Construct {
  /** The lookup; resources that must never be created in the wrong org depend on it. */
  public readonly lookup: DataGenesyscloudOrganizationsMe;
  public readonly organizationId: string;
  public readonly organizationName: string;

  constructor(scope: Construct, id: string, props: OrganizationGuardProps) {
    super(scope, id);
    // Conditions compare with quoted strings; messages are templates that show the config text.
    const name = terraformLiteral(props.expectedName);
    const file = terraformLiteral(props.configFile);
    const region = terraformLiteral(props.region);
    const check =
      props.credentials === "admin-token"
        ? `Check that ${CREDENTIAL_ENV_VARS.accessToken} holds a token of the ${terraformLiteral(props.environment)} ` +
          `org's admin and that the org is in region ${region}.`
        : `Check that ${CREDENTIAL_ENV_VARS.clientId} and ${CREDENTIAL_ENV_VARS.clientSecret} hold the ` +
          `${terraformLiteral(props.environment)} deployer's credentials and that the org is in region ${region}.`;
    const postconditions = [
      {
        condition: `\${self.name == ${terraformQuotedString(props.expectedName)}}`,
        errorMessage:
          `Org guard (${terraformLiteral(props.environment)}): the Genesys Cloud credentials belong to org "\${self.name}", ` +
          `but ${file} expects "${name}" (region ${terraformLiteral(props.region)}). ${check}`,
      },
    ];
    if (props.expectedId) {
      // Genesys reports ids in lower case; the config may use either case.
      const expectedId = props.expectedId.toLowerCase();
      postconditions.push({
        condition: `\${lower(self.id) == ${terraformQuotedString(expectedId)}}`,
        errorMessage:
          `Org guard (${terraformLiteral(props.environment)}): the Genesys Cloud credentials belong to org "\${self.name}" with id ` +
          `\${self.id}, but ${file} expects org id ${terraformLiteral(expectedId)}. ${check}`,
      });
    }
    this.lookup = new DataGenesyscloudOrganizationsMe(this, "Current", {
      lifecycle: { postcondition: postconditions },
    });
    this.organizationId = this.lookup.id;
    this.organizationName = this.lookup.name;
  }
}
