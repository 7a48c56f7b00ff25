/**
 * The doctor's checks, from "deployed" to "bot session starts" (docs/doctor.md lists the calls). A client of
 * another grant type (CODE, …) has only user tokens: its checks are skipped, pointing to the token doctor.
 */
import { randomUUID } from "node:crypto";
import { BOT_SESSION_PERMISSION, type EnvironmentConfig } from "../../lib/config/schema";
import { botSessionRoleName, deployPlan, nextStepAfterRolePhase } from "../../lib/deploy-phase";
import { REGIONS, type Region } from "../../lib/genesys/provider-rules";
import type { AppConfigInput } from "../core/app-config";
import {
  type CallFailure,
  type Result,
  type RoleInfo,
  type Session,
  type Target,
  api,
  describeTarget,
  login,
} from "../core/genesys-api";
import { type Check, RETRY, fail, pass, skip } from "./report";
import type { Credentials } from "../core/credentials";

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
const NOT_403 = "This is a login failure, not a 403 problem: no role or permission change fixes it.";

/** Whether `granted` (parts may be `*`) covers the permission `wanted` (domain:entity:action). */
export function permissionCovers(granted: string, wanted: string): boolean {
  const g = granted.split(":");
  const w = wanted.split(":");
  return g.length === 3 && w.length === 3 && g.every((part, i) => part === "*" || part === w[i]);
}

/** The permissions a role carries, from its `permissions` and its `permissionPolicies`. */
export function permissionsOf(role: RoleInfo): string[] {
  const fromPolicies = (role.permissionPolicies ?? []).flatMap((p) =>
    (p.actionSet ?? []).map((action) => `${p.domain ?? ""}:${p.entityName ?? ""}:${action}`),
  );
  return [...new Set([...(role.permissions ?? []), ...fromPolicies])];
}

type Grants = readonly { roleId: string; divisionId: string }[];
type RoleMatch = { readonly name: string; readonly match: string; readonly divisions: readonly string[] };

/** The roles of `grants` that carry BOT_SESSION_PERMISSION (with `first`, the first), or the first unreadable. */
export async function rolesCovering(
  grants: Grants,
  getRole: (roleId: string) => Promise<Result<RoleInfo>>,
  first = false,
): Promise<{ failed: { roleId: string; failure: CallFailure } } | { names: string[]; covering: RoleMatch[] }> {
  const names: string[] = [];
  const covering: RoleMatch[] = [];
  for (const roleId of [...new Set(grants.map((g) => g.roleId))]) {
    const role = await getRole(roleId);
    if (!role.ok) return { failed: { roleId, failure: role.failure } };
    const name = `"${role.value.name ?? roleId}"`;
    names.push(name);
    const match = permissionsOf(role.value).find((p) => permissionCovers(p, BOT_SESSION_PERMISSION));
    if (!match) continue;
    covering.push({ name, match, divisions: grants.filter((g) => g.roleId === roleId).map((g) => g.divisionId) });
    if (first) break;
  }
  return { names, covering };
}

/** A failed API call in words: status, the body's code and message, the correlation id. Never headers. */
export function describeFailure(failure: CallFailure): string {
  if (failure.status === undefined) return `no answer (${failure.network ?? "network error"})`;
  const body = failure.body ?? {};
  const text = (key: string) => (typeof body[key] === "string" && body[key] !== "" ? (body[key] as string) : undefined);
  const parts = [
    `HTTP ${failure.status}`,
    text("code") ?? text("error"),
    text("message") ?? text("error_description") ?? text("description"),
  ].filter((p): p is string => p !== undefined);
  const correlation = failure.correlationId ? ` (correlation id ${failure.correlationId})` : "";
  return `${parts.join(" ")}${correlation}`;
}

/** The one fix for "the client lacks the bot-session permission". */
export function roleFix(config: EnvironmentConfig): string {
  const role = config.oauthClient.botSessionRole;
  if (!role.enabled) {
    return (
      `Grant the client a role with ${BOT_SESSION_PERMISSION}: set oauthClient.botSessionRole.enabled to true ` +
      `in ${config.file} and follow README "First deploy: the role chicken-and-egg".`
    );
  }
  const name = botSessionRoleName(config.oauthClient);
  if (deployPlan(config.oauthClient).grantsBotSessionRole) {
    // Phase "client": the stack itself grants the role, so its absence is drift, not a first deploy.
    return (
      `${config.file} is past the first deploy (phase "client": the stack grants the role "${name}" to the client, ` +
      `as oauthClient.botSessionRole.heldByDeployer is true), so the grant or the role's permissions were changed ` +
      `by hand after the deploy: deploy ${config.name} again (npm run pipeline:deploy -- ${config.name}), which ` +
      `restores both. Only if that deploy fails on the grant has the deployer lost the role too: then ` +
      (config.customer?.credentials === "admin-token"
        ? `the customer's admin assigns "${name}" to their own user again first.`
        : `an org admin grants "${name}" to the deployer's client again first.`)
    );
  }
  const step = nextStepAfterRolePhase(name, config.file, role.division, config.customer?.credentials);
  return `${step.charAt(0).toUpperCase()}${step.slice(1)} (README, "First deploy: the role chicken-and-egg").`;
}

/** The region's own hosts, or the gateway; other regions can be probed only without a gateway. */
export function targetsFor(region: Region, gateway: URL | undefined): Pick<DoctorInputs, "target" | "probe"> {
  if (gateway) return { target: { gateway }, probe: undefined };
  const others = REGIONS.filter((r) => r !== region && r !== "dca" && r !== "tca");
  return { target: { region }, probe: others.map((r) => ({ region: r, target: { region: r } as Target })) };
}

/** The doctor on a deployed stack, its outputs standing in for the app config (verify --live, fleet --live). */
export function checkDeployed(
  config: EnvironmentConfig,
  appConfig: AppConfigInput,
  credentials: Pick<DoctorInputs, "partnerSecret" | "deployer">,
  options: { readonly gateway?: URL; readonly flowId?: string },
): Promise<DoctorReport> {
  return runDoctor({
    config,
    appConfig,
    appConfigFile: `the deployed outputs of "${config.name}"`,
    ...credentials,
    flowId: options.flowId,
    ...targetsFor(config.region as Region, options.gateway),
  });
}

interface State {
  partner?: Session;
  deployer?: Session;
  roleDivisions?: Grants;
  permissionFound?: boolean;
}

export async function runDoctor(inputs: DoctorInputs): Promise<DoctorReport> {
  if (inputs.config.oauthClient.grantType !== CLIENT_CREDENTIALS) return userTokenClientReport(inputs);
  const state: State = {};
  const checks: CheckResult[] = [];
  checks.push(await checkLogin(inputs, state));
  checks.push(await checkOrganization(inputs, state, checks[0]!));
  checks.push(await checkRoles(inputs, state));
  checks.push(await checkBotSessionPermission(inputs, state, checks[2]!));
  checks.push(await checkLiveSession(inputs, state, checks[0]!));
  return { environment: inputs.config.name, checks };
}

export const CLIENT_CREDENTIALS = "CLIENT-CREDENTIALS";

/** A client of another grant type has only signed-in users' tokens: every check points to the token doctor. */
function userTokenClientReport(inputs: DoctorInputs): DoctorReport {
  const { config } = inputs;
  const grant = config.oauthClient.grantType;
  const tokenDoctor = (extra = "") =>
    `npm run --silent doctor -- token --env ${config.name}${extra} < file-with-a-user-token`;
  const checks: CheckResult[] = [
    skip(
      "login",
      `the client of ${config.file} is a ${grant} client: it issues tokens of signed-in users, not ` +
        `client-credentials tokens, so these checks need a user's token. Sign in through the app and check that ` +
        `token: ${tokenDoctor()}.`,
    ),
    skip(
      "organization",
      `needs a user token: it acts in the org of the user who signed in, whichever org owns the client; the ` +
        `token doctor checks it against ${config.file}.`,
    ),
    skip(
      "roles",
      `roles do not apply to a ${grant} client: a user token has the permissions of the signed-in user's roles, ` +
        `limited by the token's scopes; the token doctor checks both.`,
    ),
    skip(
      "bot-session-permission",
      `each signed-in user needs ${BOT_SESSION_PERMISSION} through their own roles; the token doctor checks a ` +
        `user's token for it.`,
    ),
    skip(
      "live-session",
      inputs.flowId === undefined
        ? `no --flow-id given: no bot session was started.`
        : `needs a user token: ${tokenDoctor(` --flow-id ${inputs.flowId}`)}.`,
    ),
  ];
  return { environment: config.name, checks };
}

async function checkLogin(inputs: DoctorInputs, state: State): Promise<CheckResult> {
  const clientId = inputs.appConfig.oauthClientId;
  const region = inputs.config.region;
  if (inputs.partnerSecret === undefined) {
    return skip("login", `${PARTNER_SECRET_ENV} is not set, so the partner app's client ${clientId} cannot log in.`);
  }
  const where = describeTarget(inputs.target);
  const result = await login(inputs.target, clientId, inputs.partnerSecret);
  if (result.ok) {
    state.partner = result.value;
    return pass("login", `client ${clientId} logs in with the client-credentials grant in ${region} (${where}).`);
  }
  const failure = result.failure;
  if (failure.status === undefined) {
    return fail(
      "login",
      `could not reach the login service of ${where}: ${describeFailure(failure)}. ${NOT_403}`,
      inputs.target.gateway
        ? `Check that the gateway ${inputs.target.gateway.origin} is up and reachable from here.`
        : `Check this machine's network access (proxy, firewall) to login.* hosts of Genesys Cloud.`,
    );
  }
  const refused = `the login service of ${where} refused client ${clientId}: ${describeFailure(failure)}.`;
  if (inputs.probe === undefined) {
    return fail(
      "login",
      `${refused} Behind a gateway other regions cannot be probed, so the cause may be a wrong secret, ` +
        `an unknown or inactive client, or a client that lives in another region than ${region} ` +
        `(the most common cause). ${NOT_403}`,
      `Check that ${PARTNER_SECRET_ENV} holds the current secret of client ${clientId} ` +
        `(npm run pipeline:rotate-secret -- ${inputs.config.name} issues a new one) and that the gateway fronts ${region}.`,
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
      "login",
      `${refused} The same client id and secret log in in ${elsewhere}: the client lives in ${elsewhere}, ` +
        `not in ${region}. ${NOT_403}`,
      `Give the app ${inputs.config.name}'s own client, deployed in ${region}: oauthClientId from ` +
        `npm run pipeline:app-config -- ${inputs.config.name}, with that client's secret in ${PARTNER_SECRET_ENV}.`,
    );
  }
  const unreachable = probes.filter((p) => !p.result.ok && p.result.failure.status === undefined).length;
  const tried = `${probes.length} tried${unreachable > 0 ? `, ${unreachable} of them could not be reached` : ""}`;
  return fail(
    "login",
    `${refused} The client does not log in in any other region either (${tried}), so the secret is ` +
      `wrong or the client does not exist or is inactive. ${NOT_403}`,
    `Set ${PARTNER_SECRET_ENV} to the current secret of client ${clientId} ` +
      `(npm run pipeline:rotate-secret -- ${inputs.config.name} issues a new one).`,
  );
}

function needsPartner(id: CheckResult["id"], login: CheckResult): CheckResult {
  return skip(id, `needs the partner app's token; login ${login.status === "skip" ? "was skipped" : "failed"}.`);
}

async function checkOrganization(inputs: DoctorInputs, state: State, loginResult: CheckResult): Promise<CheckResult> {
  if (!state.partner) return needsPartner("organization", loginResult);
  const { config, appConfig, appConfigFile } = inputs;
  const result = await api.organizationsMe(state.partner);
  if (!result.ok) {
    return fail(
      "organization",
      `GET /api/v2/organizations/me with the partner app's token failed: ${describeFailure(result.failure)}.`,
      RETRY,
    );
  }
  const org = result.value;
  const tokenOrg = `"${org.name ?? "?"}" (${org.id ?? "?"})`;
  const expectedName = config.organization.name;
  if (org.name !== expectedName || (config.organization.id !== undefined && org.id !== config.organization.id)) {
    return fail(
      "organization",
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
      "organization",
      `the token's org is ${tokenOrg} in ${config.region}, but ${appConfigFile} says ${mismatches.join(", ")}: ` +
        `the app config belongs to another environment (the dev/prod mix-up).`,
      `Write the app config from ${config.name}'s deployed outputs: npm run pipeline:app-config -- ${config.name}.`,
    );
  }
  return pass("organization", `the token's org is ${tokenOrg}, as ${config.file} and ${appConfigFile} expect.`);
}

async function deployerSession(inputs: DoctorInputs, state: State): Promise<Session | CheckResult> {
  if (state.deployer) return state.deployer;
  const deployer = inputs.deployer!;
  const result = await login(inputs.target, deployer.clientId, deployer.clientSecret);
  if (!result.ok) {
    return fail(
      "roles",
      `the deployer's client ${deployer.clientId} could not log in at ${describeTarget(inputs.target)}: ` +
        `${describeFailure(result.failure)}.`,
      `Set GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET to ${inputs.config.name}'s deployer ` +
        `credentials (the ones Terraform deploys with).`,
    );
  }
  state.deployer = result.value;
  return result.value;
}

async function checkRoles(inputs: DoctorInputs, state: State): Promise<CheckResult> {
  const clientId = inputs.appConfig.oauthClientId;
  if (!inputs.deployer) {
    return skip(
      "roles",
      `needs the deployer's credentials to read client ${clientId} (GET /api/v2/oauth/clients/{clientId}); ` +
        `GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET are not both set.`,
    );
  }
  const session = await deployerSession(inputs, state);
  if (!("client" in session)) return session;
  const result = await api.oauthClient(session, clientId);
  if (!result.ok) {
    const { status } = result.failure;
    const said = describeFailure(result.failure);
    if (status === 404) {
      const me = await api.organizationsMe(session);
      const org = me.ok ? `"${me.value.name}"` : "the deployer's org";
      return fail(
        "roles",
        `client ${clientId} does not exist in ${org} (${said}).`,
        `Check oauthClientId in ${inputs.appConfigFile} (npm run pipeline:app-config -- ${inputs.config.name}) and that ` +
          `GENESYSCLOUD_OAUTHCLIENT_ID is ${inputs.config.name}'s deployer.`,
      );
    }
    if (status === 403) {
      return fail(
        "roles",
        `the deployer may not read OAuth clients (${said}).`,
        `Grant the deployer's client a role with oauth:client:view (README, "Credentials: one set per org").`,
      );
    }
    return fail("roles", `GET /api/v2/oauth/clients/${clientId} failed: ${said}.`, RETRY);
  }
  const client = result.value;
  const grants = client.roleDivisions ?? [];
  if (client.state !== undefined && client.state !== "active") {
    return fail(
      "roles",
      `client ${clientId} is ${client.state}.`,
      `Set oauthClient.state to "active" in ${inputs.config.file} and deploy.`,
    );
  }
  if (grants.length === 0) {
    return fail(
      "roles",
      `client ${clientId} ("${client.name ?? "?"}") has no roles: a client-credentials token then has no permissions at all.`,
      roleFix(inputs.config),
    );
  }
  state.roleDivisions = grants;
  const roleIds = [...new Set(grants.map((g) => g.roleId))];
  return pass(
    "roles",
    `client ${clientId} ("${client.name ?? "?"}") holds ${roleIds.length} role(s) in ${grants.length} grant(s).`,
  );
}

async function checkBotSessionPermission(
  inputs: DoctorInputs,
  state: State,
  rolesResult: CheckResult,
): Promise<CheckResult> {
  const id = "bot-session-permission";
  if (!state.roleDivisions || !state.deployer) {
    return skip(
      id,
      rolesResult.status === "skip"
        ? `needs the client's roles; ${rolesResult.detail}`
        : `needs the client's roles; the roles check failed.`,
    );
  }
  const roles = await rolesCovering(state.roleDivisions, (roleId) => api.role(state.deployer!, roleId));
  if ("failed" in roles) {
    const { roleId, failure } = roles.failed;
    if (failure.status === 403) {
      return fail(
        id,
        `the deployer may not read roles (${describeFailure(failure)}).`,
        `Grant the deployer's client a role with authorization:role:view (README, "Credentials: one set per org").`,
      );
    }
    return fail(id, `GET /api/v2/authorization/roles/${roleId} failed: ${describeFailure(failure)}.`, RETRY);
  }
  const { covering, names } = roles;
  state.permissionFound = covering.length > 0;
  const how = ({ name, match, divisions }: RoleMatch) =>
    `${name} (${match === BOT_SESSION_PERMISSION ? match : `${match}, which covers it`}; division ${divisions.join(", ")})`;
  if (covering.length > 0) return pass(id, `${BOT_SESSION_PERMISSION} comes from ${covering.map(how).join(", ")}.`);
  return fail(
    id,
    `none of the client's roles (${names.join(", ")}) carries ${BOT_SESSION_PERMISSION} or a wildcard covering it: ` +
      `starting a bot session gets 403.`,
    roleFix(inputs.config),
  );
}

async function checkLiveSession(inputs: DoctorInputs, state: State, loginResult: CheckResult): Promise<CheckResult> {
  const id = "live-session";
  if (inputs.flowId === undefined) return skip(id, `no --flow-id given: no bot session was started.`);
  if (!state.partner) return needsPartner(id, loginResult);
  const result = await api.startBotSession(state.partner, inputs.flowId, `doctor-${randomUUID()}`);
  if (result.ok) {
    return pass(
      id,
      `POST /api/v2/textbots/botflows/sessions with the app's token started session ${result.value.id ?? "?"} of flow ${inputs.flowId}.`,
    );
  }
  const said = describeFailure(result.failure);
  const what = `POST /api/v2/textbots/botflows/sessions with the app's token for flow ${inputs.flowId}: ${said}.`;
  if (result.failure.status === 403) {
    if (state.permissionFound) {
      return fail(
        id,
        `${what} The client has ${BOT_SESSION_PERMISSION}, so the grant's division does not cover the flow's, ` +
          `or the role was granted after the token was issued.`,
        `Grant the bot-session role in the flow's division or in all divisions (oauthClient.botSessionRole.division "*" in ` +
          `${inputs.config.file}), deploy, and retry with a new token.`,
      );
    }
    return fail(id, `${what} The client lacks ${BOT_SESSION_PERMISSION}.`, roleFix(inputs.config));
  }
  if (result.failure.status === 404 || result.failure.status === 400) {
    return fail(
      id,
      what,
      `Check --flow-id: it must be the id of a published bot flow in ${inputs.config.organization.name}.`,
    );
  }
  return fail(id, what, RETRY);
}
