import { Construct } from "constructs";
import { Annotations, TerraformOutput, TerraformStack } from "cdktf";
import { GenesyscloudProvider } from "../.gen/providers/genesyscloud/provider";
import { EnvironmentConfig } from "./config/schema";
import { synthesizedScopes } from "./config/scopes";
import { configNotices, configWarnings } from "./config/warnings";
import { botSessionRoleName, DeployPhase, deployPlan } from "./deploy-phase";
import { apiBaseUrl, loginBaseUrl } from "./genesys/provider-rules";
import { BotSessionRole } from "./constructs/bot-session-role";
import { OrganizationGuard } from "./constructs/organization-guard";
import { PartnerOAuthClient } from "./constructs/partner-oauth-client";
import { RoleGrant, RoleGrants } from "./constructs/role-grants";
import { addStateBackend } from "./constructs/state-backend";
import { OUTPUT_NAMES } from "./stack-outputs";

export interface PartnerOAuthStackProps {
  /** The validated `config/<env>.json`. */
  readonly environment: EnvironmentConfig;
  /** Add the config's synth warnings to this stack (default true); false for stacks a command does not act on. */
  readonly reportWarnings?: boolean;
}

/** The integration credential a customer's client secret is delivered in, if that is the customer's choice. */
function integrationCredentialName(environment: EnvironmentConfig): string | undefined {
  const customer = environment.customer;
  if (customer?.secretDelivery !== "integration-credential") return undefined;
  return customer.integrationCredentialName ?? `${environment.oauthClient.name} credentials`;
}

/** One environment (or customer org): its org guard, the partner OAuth client with its roles, and the outputs the app needs. */
export class PartnerOAuthStack extends TerraformStack {
  public readonly organizationId: string;
  /** Undefined in deploy phase "role", where the client is not declared yet. */
  public readonly oauthClientId?: string;
  public readonly deployPhase: DeployPhase;

  constructor(scope: Construct, id: string, props: PartnerOAuthStackProps) {
    super(scope, id);
    const { environment } = props;
    const client = environment.oauthClient;
    const plan = deployPlan(client);
    this.deployPhase = plan.phase;

    new GenesyscloudProvider(this, "genesyscloud", { awsRegion: environment.region });
    addStateBackend(this, environment.backend);

    const guard = new OrganizationGuard(this, "Organization", {
      environment: environment.name,
      configFile: environment.file,
      expectedName: environment.organization.name,
      expectedId: environment.organization.id,
      region: environment.region,
      credentials: environment.customer?.credentials,
    });
    this.organizationId = guard.organizationId;

    const grants: RoleGrant[] = client.roles.map((role) => ({ roleName: role.name, division: role.division }));
    const botRole = client.botSessionRole;
    let role: BotSessionRole | undefined;
    if (plan.declaresBotSessionRole) {
      role = new BotSessionRole(this, "BotSessionRole", {
        name: botSessionRoleName(client),
        description: botRole.description,
        permissions: botRole.permissions,
        preventDestroy: client.preventDestroy,
        adoptId: botRole.adoptId,
        dependsOn: [guard.lookup],
      });
      if (plan.grantsBotSessionRole) grants.push({ roleId: role.roleId, division: botRole.division });
    }

    new TerraformOutput(this, OUTPUT_NAMES.organizationId, {
      value: guard.organizationId,
      description: "Genesys Cloud organization ID for the partner app's configuration.",
    });
    new TerraformOutput(this, OUTPUT_NAMES.organizationName, { value: guard.organizationName });
    new TerraformOutput(this, OUTPUT_NAMES.region, { value: environment.region });
    new TerraformOutput(this, OUTPUT_NAMES.apiBaseUrl, { value: apiBaseUrl(environment.region) });
    new TerraformOutput(this, OUTPUT_NAMES.loginBaseUrl, { value: loginBaseUrl(environment.region) });
    new TerraformOutput(this, OUTPUT_NAMES.deployPhase, { value: plan.phase });
    if (role) {
      new TerraformOutput(this, OUTPUT_NAMES.botSessionRoleId, { value: role.roleId });
      new TerraformOutput(this, OUTPUT_NAMES.botSessionRoleName, { value: role.roleName });
    }

    if (plan.declaresClient) {
      const oauthClient = new PartnerOAuthClient(this, "PartnerOAuthClient", {
        client,
        scopes: synthesizedScopes(client.grantType, client.scopes),
        grants: new RoleGrants(this, "RoleGrants", { grants, dependsOn: [guard.lookup] }).roles,
        integrationCredentialName: integrationCredentialName(environment),
        dependsOn: [guard.lookup],
      });
      this.oauthClientId = oauthClient.clientId;
      new TerraformOutput(this, OUTPUT_NAMES.oauthClientId, { value: oauthClient.clientId });
      if (environment.customer) {
        new TerraformOutput(this, OUTPUT_NAMES.secretDelivery, { value: environment.customer.secretDelivery });
      }
      if (oauthClient.integrationCredentialId) {
        new TerraformOutput(this, OUTPUT_NAMES.integrationCredentialId, { value: oauthClient.integrationCredentialId });
      }
      if (client.exposeSecret) {
        new TerraformOutput(this, OUTPUT_NAMES.oauthClientSecret, {
          value: oauthClient.clientSecret,
          sensitive: true,
        });
      }
    }

    if (props.reportWarnings !== false) {
      for (const notice of configNotices(environment)) Annotations.of(this).addInfo(notice);
      for (const warning of configWarnings(environment)) Annotations.of(this).addWarning(warning);
    }
  }
}
