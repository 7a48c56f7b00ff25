/**
 * The doctor's checks, from "deployed" to "bot session starts" (docs/doctor.md lists the calls). A client of
 * another grant type (CODE, …) has only user tokens: its checks are skipped, pointing to the token doctor.
 */
import type { Models } from "purecloud-platform-client-v2";
import { BOT_SESSION_PERMISSION, type EnvironmentConfig } from "../../lib/config/schema";
import { REGIONS, type Region } from "../../lib/genesys/provider-rules";
import type { AppConfigInput } from "../core/app-config";
import { type Credentials, deployerCredentials } from "../core/credentials";
import { type Session, type Target, api, describeFailure, describeTarget, login } from "../core/genesys-api";
import {
  CLIENT_CREDENTIALS,
  type Check,
  type Outcome,
  LATE_GRANT,
  NOT_403,
  NO_FLOW_ID,
  NO_ROLES,
  RETRY,
  checksOf,
  fail,
  liveSession,
  noRoleCovers,
  pass,
  roleFix,
  rolesCovering,
  skip,
} from "./report";

export type CheckResult = Check<"login" | "organization" | "roles" | "bot-session-permission" | "live-session">;

export interface DoctorReport {
  readonly environment: string;
  readonly checks: CheckResult[];
}

export interface DoctorInputs {
  readonly config: EnvironmentConfig;
  readonly appConfig: AppConfigInput;
  /** Shown in messages, e.g. "app-config/dev.json". */
  readonly appConfigFile: string;
  /** PARTNER_OAUTHCLIENT_SECRET; undefined when not set. */
  readonly partnerSecret: string | undefined;
  /** GENESYSCLOUD_OAUTHCLIENT_ID/SECRET; undefined when not set. */
  readonly deployer: Credentials | undefined;
  readonly flowId: string | undefined;
  /** Where the configured region's calls go. */
  readonly target: Target;
  /** Other regions to try when login fails (the most common cause); undefined behind a gateway (one region). */
  readonly probe: readonly { region: Region; target: Target }[] | undefined;
}

export const PARTNER_SECRET_ENV = "PARTNER_OAUTHCLIENT_SECRET";

/** The partner app's secret and the deployer's credentials, from `env`. */
export function doctorCredentials(env: NodeJS.ProcessEnv): Pick<DoctorInputs, "partnerSecret" | "deployer"> {
  return { partnerSecret: env[PARTNER_SECRET_ENV] || undefined, deployer: deployerCredentials(env) };
}

/**
 * The doctor on a deployed stack's client as `appConfig` says (by default its outputs stand in for the app
 * config: verify --live, fleet --live).
 */
export function checkDeployed(
  config: EnvironmentConfig,
  appConfig: AppConfigInput,
  credentials: Pick<DoctorInputs, "partnerSecret" | "deployer">,
  options: { readonly gateway?: URL; readonly flowId?: string; readonly appConfigFile?: string },
): Promise<DoctorReport> {
  const { gateway, flowId } = options;
  const region = config.region as Region;
  const others = REGIONS.filter((r) => r !== region && r !== "dca" && r !== "tca");
  return runDoctor({
    config,
    appConfig,
    appConfigFile: options.appConfigFile ?? `the deployed outputs of "${config.name}"`,
    ...credentials,
    flowId,
    // The region's own hosts, or the gateway; other regions can be probed only without a gateway.
    target: gateway ? { gateway } : { region },
    probe: gateway ? undefined : others.map((r) => ({ region: r, target: { region: r } })),
  });
}

interface State {
  partner?: Session;
  deployer?: Session;
  roleDivisions?: readonly Models.RoleDivision[];
  permissionFound?: boolean;
}

export async function runDoctor(inputs: DoctorInputs): Promise<DoctorReport> {
  if (inputs.config.oauthClient.grantType !== CLIENT_CREDENTIALS) return userTokenClientReport(inputs);
  const state: State = {};
  const login = await checkLogin(inputs, state);
  const organization = await checkOrganization(inputs, state, login);
  const roles = await checkRoles(inputs, state);
  const permission = await checkBotSessionPermission(inputs, state, roles);
  const live = await checkLiveSession(inputs, state, login);
  const checks = checksOf({ login, organization, roles, "bot-session-permission": permission, "live-session": live });
  return { environment: inputs.config.name, checks };
}

/** A client of another grant type has only signed-in users' tokens: every check points to the token doctor. */
function userTokenClientReport(inputs: DoctorInputs): DoctorReport {
  const { config } = inputs;
  const grant = config.oauthClient.grantType;
  const tokenDoctor = (extra = "") =>
    `npm run --silent doctor -- token --env ${config.name}${extra} < file-with-a-user-token`;
  const checks = checksOf({
    login: skip(
      `the client of ${config.file} is a ${grant} client: it issues tokens of signed-in users, not ` +
        `client-credentials tokens, so these checks need a user's token. Sign in through the app and check that ` +
        `token: ${tokenDoctor()}.`,
    ),
    organization: skip(
      `needs a user token: it acts in the org of the user who signed in, whichever org owns the client; the ` +
        `token doctor checks it against ${config.file}.`,
    ),
    roles: skip(
      `roles do not apply to a ${grant} client: a user token has the permissions of the signed-in user's roles, ` +
        `limited by the token's scopes; the token doctor checks both.`,
    ),
    "bot-session-permission": skip(
      `each signed-in user needs ${BOT_SESSION_PERMISSION} through their own roles; the token doctor checks a ` +
        `user's token for it.`,
    ),
    "live-session": skip(
      inputs.flowId === undefined ? NO_FLOW_ID : `needs a user token: ${tokenDoctor(` --flow-id ${inputs.flowId}`)}.`,
    ),
  });
  return { environment: config.name, checks };
}

async function checkLogin(inputs: DoctorInputs, state: State): Promise<Outcome> {
  const clientId = inputs.appConfig.oauthClientId;
  const region = inputs.config.region;
  if (inputs.partnerSecret === undefined) {
    return skip(`${PARTNER_SECRET_ENV} is not set, so the partner app's client ${clientId} cannot log in.`);
  }
  const where = describeTarget(inputs.target);
  const result = await login(inputs.target, clientId, inputs.partnerSecret);
  if (result.ok) {
    state.partner = result.value;
    return pass(`client ${clientId} logs in with the client-credentials grant in ${region} (${where}).`);
  }
  const failure = result.failure;
  if (failure.status === undefined) {
    return fail(
      `could not reach the login service of ${where}: ${describeFailure(failure)}. ${NOT_403}`,
      inputs.target.gateway
        ? `Check that the gateway ${inputs.target.gateway.origin} is up and reachable from here.`
        : `Check this machine's network access (proxy, firewall) to login.* hosts of Genesys Cloud.`,
    );
  }
  const refused = `the login service of ${where} refused client ${clientId}: ${describeFailure(failure)}.`;
  const rotate = `(npm run pipeline:rotate-secret -- ${inputs.config.name} issues a new one)`;
  if (inputs.probe === undefined) {
    return fail(
      `${refused} Behind a gateway other regions cannot be probed, so the cause may be a wrong secret, ` +
        `an unknown or inactive client, or a client that lives in another region than ${region} ` +
        `(the most common cause). ${NOT_403}`,
      `Check that ${PARTNER_SECRET_ENV} holds the current secret of client ${clientId} ${rotate} and that the ` +
        `gateway fronts ${region}.`,
    );
  }
  const probes = await Promise.all(
    inputs.probe.map(async (p) => ({
      region: p.region,
      result: await login(p.target, clientId, inputs.partnerSecret!),
    })),
  );
  const elsewhere = probes.find((p) => p.result.ok)?.region;
  if (elsewhere !== undefined) {
    return fail(
      `${refused} The same client id and secret log in in ${elsewhere}: the client lives in ${elsewhere}, ` +
        `not in ${region}. ${NOT_403}`,
      `Give the app ${inputs.config.name}'s own client, deployed in ${region}: oauthClientId from ` +
        `npm run pipeline:app-config -- ${inputs.config.name}, with that client's secret in ${PARTNER_SECRET_ENV}.`,
    );
  }
  const unreachable = probes.filter((p) => !p.result.ok && p.result.failure.status === undefined).length;
  const tried = `${probes.length} tried${unreachable > 0 ? `, ${unreachable} of them could not be reached` : ""}`;
  return fail(
    `${refused} The client does not log in in any other region either (${tried}), so the secret is ` +
      `wrong or the client does not exist or is inactive. ${NOT_403}`,
    `Set ${PARTNER_SECRET_ENV} to the current secret of client ${clientId} ${rotate}.`,
  );
}

function needsPartner(login: Outcome): Outcome {
  return skip(`needs the partner app's token; login ${login.status === "skip" ? "was skipped" : "failed"}.`);
}

async function checkOrganization(inputs: DoctorInputs, state: State, loginResult: Outcome): Promise<Outcome> {
  if (!state.partner) return needsPartner(loginResult);
  const { config, appConfig, appConfigFile } = inputs;
  const result = await api.organizationsMe(state.partner);
  if (!result.ok) {
    return fail(
      `GET /api/v2/organizations/me with the partner app's token failed: ${describeFailure(result.failure)}.`,
      RETRY,
    );
  }
  const org = result.value;
  const tokenOrg = `"${org.name ?? "?"}" (${org.id ?? "?"})`;
  const expectedName = config.organization.name;
  if (org.name !== expectedName || (config.organization.id !== undefined && org.id !== config.organization.id)) {
    return fail(
      `client ${appConfig.oauthClientId} belongs to org ${tokenOrg}, but ${config.file} expects "${expectedName}"` +
        `${config.organization.id ? ` (${config.organization.id})` : ""}: the app runs with another environment's client.`,
      `Give the app ${config.name}'s client: oauthClientId from ${appConfigFile} ` +
        `(npm run pipeline:app-config -- ${config.name}) and that client's secret in ${PARTNER_SECRET_ENV}.`,
    );
  }
  const mismatches: string[] = [];
  if (appConfig.organizationId !== org.id) mismatches.push(`organizationId "${appConfig.organizationId}"`);
  if (appConfig.organizationName !== undefined && appConfig.organizationName !== org.name)
    mismatches.push(`organizationName "${appConfig.organizationName}"`);
  if (appConfig.region !== undefined && appConfig.region !== config.region)
    mismatches.push(`region "${appConfig.region}"`);
  if (mismatches.length > 0) {
    return fail(
      `the token's org is ${tokenOrg} in ${config.region}, but ${appConfigFile} says ${mismatches.join(", ")}: ` +
        `the app config belongs to another environment (the dev/prod mix-up).`,
      `Write the app config from ${config.name}'s deployed outputs: npm run pipeline:app-config -- ${config.name}.`,
    );
  }
  return pass(`the token's org is ${tokenOrg}, as ${config.file} and ${appConfigFile} expect.`);
}

async function checkRoles(inputs: DoctorInputs, state: State): Promise<Outcome> {
  const clientId = inputs.appConfig.oauthClientId;
  const { config, deployer } = inputs;
  if (!deployer) {
    return skip(
      `needs the deployer's credentials to read client ${clientId} (GET /api/v2/oauth/clients/{clientId}); ` +
        `GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET are not both set.`,
    );
  }
  const session = await login(inputs.target, deployer.clientId, deployer.clientSecret);
  if (!session.ok) {
    return fail(
      `the deployer's client ${deployer.clientId} could not log in at ${describeTarget(inputs.target)}: ` +
        `${describeFailure(session.failure)}.`,
      `Set GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET to ${config.name}'s deployer ` +
        `credentials (the ones Terraform deploys with).`,
    );
  }
  state.deployer = session.value;
  const result = await api.oauthClient(session.value, clientId);
  if (!result.ok) {
    const { status } = result.failure;
    const said = describeFailure(result.failure);
    if (status === 404) {
      const me = await api.organizationsMe(session.value);
      const org = me.ok ? `"${me.value.name}"` : "the deployer's org";
      return fail(
        `client ${clientId} does not exist in ${org} (${said}).`,
        `Check oauthClientId in ${inputs.appConfigFile} (npm run pipeline:app-config -- ${config.name}) and that ` +
          `GENESYSCLOUD_OAUTHCLIENT_ID is ${config.name}'s deployer.`,
      );
    }
    if (status === 403) {
      return fail(
        `the deployer may not read OAuth clients (${said}).`,
        `Grant the deployer's client a role with oauth:client:view (README, "Credentials: one set per org").`,
      );
    }
    return fail(`GET /api/v2/oauth/clients/${clientId} failed: ${said}.`, RETRY);
  }
  const client = result.value;
  const grants = client.roleDivisions ?? [];
  if (client.state !== undefined && client.state !== "active") {
    return fail(
      `client ${clientId} is ${client.state}.`,
      `Set oauthClient.state to "active" in ${config.file} and deploy.`,
    );
  }
  const named = `client ${clientId} ("${client.name ?? "?"}")`;
  if (grants.length === 0) return fail(`${named} ${NO_ROLES}`, roleFix(config));
  state.roleDivisions = grants;
  return pass(`${named} holds ${new Set(grants.map((g) => g.roleId)).size} role(s) in ${grants.length} grant(s).`);
}

async function checkBotSessionPermission(inputs: DoctorInputs, state: State, rolesResult: Outcome): Promise<Outcome> {
  if (!state.roleDivisions || !state.deployer) {
    return skip(
      rolesResult.status === "skip"
        ? `needs the client's roles; ${rolesResult.detail}`
        : `needs the client's roles; the roles check failed.`,
    );
  }
  const roles = await rolesCovering(state.deployer, state.roleDivisions);
  if ("failed" in roles) {
    const { roleId, failure } = roles.failed;
    if (failure.status === 403) {
      return fail(
        `the deployer may not read roles (${describeFailure(failure)}).`,
        `Grant the deployer's client a role with authorization:role:view (README, "Credentials: one set per org").`,
      );
    }
    return fail(`GET /api/v2/authorization/roles/${roleId} failed: ${describeFailure(failure)}.`, RETRY);
  }
  state.permissionFound = roles.covering.length > 0;
  if (!state.permissionFound) {
    return fail(noRoleCovers(`client ${inputs.appConfig.oauthClientId}`, roles.names), roleFix(inputs.config));
  }
  const how = roles.covering.map((role) => `${role.name} (${role.grant}; division ${role.divisions.join(", ")})`);
  return pass(`${BOT_SESSION_PERMISSION} comes from ${how.join(", ")}.`);
}

async function checkLiveSession(inputs: DoctorInputs, state: State, loginResult: Outcome): Promise<Outcome> {
  const { flowId, config } = inputs;
  if (flowId === undefined) return skip(NO_FLOW_ID);
  if (!state.partner) return needsPartner(loginResult);
  const call = `POST /api/v2/textbots/botflows/sessions for flow ${flowId} with the app's token`;
  return liveSession(state.partner, flowId, call, `"${config.organization.name}"`, (what, status) => {
    if (status !== 403) return undefined;
    if (!state.permissionFound) return fail(`${what} The client lacks ${BOT_SESSION_PERMISSION}.`, roleFix(config));
    return fail(
      `${what} The client has ${BOT_SESSION_PERMISSION}, ${LATE_GRANT}.`,
      `Grant the bot-session role in the flow's division or in all divisions (oauthClient.botSessionRole.division ` +
        `"*" in ${config.file}), deploy, and retry with a new token.`,
    );
  });
}
