/** The token doctor's checks, for one access token of any kind, every call made with the token itself. */
import type { Models } from "purecloud-platform-client-v2";
import { BOT_SESSION_PERMISSION, type EnvironmentConfig } from "../../lib/config/schema";
import { synthesizedScopes } from "../../lib/config/scopes";
import { type Session, api, describeFailure, describeTarget } from "../core/genesys-api";
import {
  CLIENT_CREDENTIALS,
  type Check,
  type Outcome,
  LATE_GRANT,
  NOT_403,
  NO_FLOW_ID,
  NO_ROLES,
  RETRY,
  botSessionGrant,
  checksOf,
  fail,
  liveSession,
  noRoleCovers,
  pass,
  roleFix,
  rolesCovering,
  skip,
} from "./report";

export type TokenCheckResult = Check<"token" | "org" | "scope" | "permission" | "live-session">;

interface Entity {
  readonly id: string;
  readonly name: string | null;
}

/** What GET /api/v2/tokens/me says the token is (the `token` of `--json`, docs/doctor-token.schema.json). */
export type TokenFacts = Exclude<ReturnType<typeof tokenFacts>, string>;

export interface TokenReport {
  /** null when the token could not be read (check `token` failed). */
  readonly token: TokenFacts | null;
  readonly checks: TokenCheckResult[];
}

/** The org the token is meant for (`--expect-org`, an id or a name, or the org of `--env`'s config). */
export interface Expectation {
  readonly id?: string;
  readonly name?: string;
  /** Where it comes from, for messages. */
  readonly source: string;
}

export interface TokenDoctorInputs {
  /** Every call is made with the token under test. */
  readonly session: Session;
  readonly expect: Expectation | undefined;
  /** `--env`'s config: the org meant, and the fixes follow its client's config. */
  readonly env: EnvironmentConfig | undefined;
  readonly flowId: string | undefined;
}

const BOT_SCOPE = "textbots";

function named(entity: Entity | null | undefined): string {
  if (!entity) return "an org the API did not name";
  return entity.name === null ? `(${entity.id})` : `"${entity.name}" (${entity.id})`;
}

/** A string the API gave; null for none, an empty one or another type. */
function given(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function entityOf(value: Models.NamedEntity | undefined): Entity | null {
  const id = given(value?.id);
  return id === null ? null : { id, name: given(value?.name) };
}

/** The facts, or what TokenInfo lacks (then nothing about the token can be told, so the check fails). */
export function tokenFacts(info: Models.TokenInfo) {
  const organization = entityOf(info.organization);
  const client = info.OAuthClient;
  const clientId = given(client?.id);
  const grantType = given(client?.authorizedGrantType);
  if (!organization) return "organization.id";
  if (clientId === null) return "OAuthClient.id";
  if (grantType === null) return "OAuthClient.authorizedGrantType";
  return {
    organization,
    /** The org of the user or client the token belongs to; another than `organization` for a trustee user. */
    homeOrganization: entityOf(info.homeOrganization),
    client: { id: clientId, name: given(client?.name), organization: entityOf(client?.organization), grantType },
    /** "client": a CLIENT-CREDENTIALS token (no user); "user": any other grant, acting as a signed-in user. */
    kind: grantType === CLIENT_CREDENTIALS ? ("client" as const) : ("user" as const),
    scopes: Array.isArray(info.authorizedScope) ? info.authorizedScope.filter((s) => typeof s === "string") : [],
  };
}

function clientName(facts: TokenFacts): string {
  return facts.client.name === null
    ? `client ${facts.client.id}`
    : `client "${facts.client.name}" (${facts.client.id})`;
}

export async function runTokenDoctor(inputs: TokenDoctorInputs): Promise<TokenReport> {
  const state: { facts?: TokenFacts } = {};
  const token = await checkToken(inputs, state);
  const facts = state.facts;
  if (!facts) {
    const needsToken = skip("needs a valid token; check token failed.");
    const live = inputs.flowId === undefined ? skip(NO_FLOW_ID) : needsToken;
    const checks = { token, org: needsToken, scope: needsToken, permission: needsToken, "live-session": live };
    return { token: null, checks: checksOf(checks) };
  }
  const org = checkOrg(inputs, facts);
  const scope = checkScope(inputs, facts);
  const permission = await (facts.kind === "user" ? userPermission(inputs, facts) : clientPermission(inputs, facts));
  const live = await checkLiveSession(inputs, facts, { scope, permission, org });
  return { token: facts, checks: checksOf({ token, org, scope, permission, "live-session": live }) };
}

async function checkToken(inputs: TokenDoctorInputs, state: { facts?: TokenFacts }): Promise<Outcome> {
  const answer = await api.tokensMe(inputs.session);
  const where = describeTarget(inputs.session.target, "api");
  if (!answer.ok) {
    const { status } = answer.failure;
    const said = describeFailure(answer.failure);
    if (status === undefined) {
      return fail(
        `could not reach ${where}: ${said}.`,
        `Check this machine's network access to the Genesys Cloud API (or the gateway), then retry.`,
      );
    }
    if (status === 401) {
      return fail(
        `${where} refused the token: GET /api/v2/tokens/me answered ${said}. The token is expired, revoked, ` +
          `not a Genesys Cloud access token, or from another region than the one asked. ${NOT_403}`,
        `Get a new access token (sign in again through the app, or a new client-credentials login) in the org's ` +
          `region, and pass it on stdin.`,
      );
    }
    if (status === 403) {
      return fail(
        `the token is accepted but may not describe itself: GET /api/v2/tokens/me answered ${said}. The Platform ` +
          `API lists the scope user-basic-info for this call, so nothing else about the token can be told.`,
        `Add the scope user-basic-info to the OAuth client that issued the token, sign in again, and retry.`,
      );
    }
    return fail(`GET /api/v2/tokens/me failed: ${said}.`, RETRY);
  }
  const facts = tokenFacts(answer.value);
  if (typeof facts === "string") {
    return fail(`GET /api/v2/tokens/me answered without ${facts}: what the token is cannot be told.`, RETRY);
  }
  state.facts = facts;
  const cloned = answer.value.clonedUser?.id ? ` It belongs to a cloned user (${answer.value.clonedUser.id}).` : "";
  const kind =
    facts.kind === "client"
      ? `a client-credentials token of ${clientName(facts)}: it acts as the client itself, with the client's roles`
      : `a user token (grant ${facts.client.grantType}) issued by ${clientName(facts)}: it acts as the signed-in ` +
        `user, limited by the token's scopes and the user's roles`;
  return pass(`the token is valid: ${kind}.${cloned}`);
}

function checkOrg(inputs: TokenDoctorInputs, facts: TokenFacts): Outcome {
  const acting = named(facts.organization);
  const home =
    facts.homeOrganization && facts.homeOrganization.id !== facts.organization.id
      ? ` on behalf of its home org ${named(facts.homeOrganization)} (an authorized-organization grant)`
      : "";
  const issuer = `it was issued by ${clientName(facts)} of org ${named(facts.client.organization)}`;
  const found = `the token acts in org ${acting}${home}; ${issuer}`;
  const expected = inputs.expect;
  if (!expected) {
    return pass(`${found}. No --env or --expect-org given: whether that is the org meant was not checked.`);
  }
  const wanted =
    expected.name !== undefined ? `"${expected.name}"${expected.id ? ` (${expected.id})` : ""}` : expected.id!;
  const idMatches = expected.id === undefined || expected.id.toLowerCase() === facts.organization.id.toLowerCase();
  const nameMatches = expected.name === undefined || expected.name === facts.organization.name;
  if (idMatches && nameMatches) return pass(`${found}. ${acting} is the org ${expected.source} means.`);
  if (idMatches && facts.organization.name === null) {
    return fail(
      `${found}; the API did not name that org, so whether it is ${wanted} (${expected.source}) cannot be told.`,
      `Pass the id of the org meant: --expect-org <organization id>.`,
    );
  }
  const meant = `${expected.source} means org ${wanted}`;
  if (facts.kind === "user") {
    return fail(
      `this token acts in org ${acting}, but ${meant}: a user token acts in the org of the user who signed in ` +
        `(through ${clientName(facts)}), whichever org owns the client.`,
      `Sign in as a user of org ${wanted} (a user-token client serves users of every org; no client setting ` +
        `changes the org a user's token acts in).`,
    );
  }
  const onlyOwn = `this token acts in org ${acting}; a CLIENT-CREDENTIALS client acts only in its own org`;
  const env = inputs.env;
  if (env && env.oauthClient.grantType !== CLIENT_CREDENTIALS) {
    return fail(
      `${onlyOwn}, but ${meant} and declares a ${env.oauthClient.grantType} client: the app acts there with its ` +
        `users' tokens, not with a client-credentials token. The token comes from ${clientName(facts)}.`,
      `Call with the token of a user of org ${wanted} who signed in through client "${env.oauthClient.name}" ` +
        `(${env.file}), not with a client-credentials token.`,
    );
  }
  const how = env
    ? `deploy the stack ${env.name} into ${wanted} with credentials of that org (npm run pipeline:deploy -- ` +
      `${env.name}), which creates its own client there, and give the app that client's id and secret for ` +
      `${wanted} (npm run pipeline:app-config -- ${env.name})`
    : `a stack deployed into ${wanted} with credentials of that org creates one (README, multi-tenant); give the ` +
      `app that client's id and secret for its calls to ${wanted}`;
  return fail(
    `${onlyOwn} (no header, scope or client setting makes it act in another), but ${meant}. The token comes ` +
      `from ${clientName(facts)}.`,
    `Create the client in org ${wanted}: ${how}.`,
  );
}

function checkScope(inputs: TokenDoctorInputs, facts: TokenFacts): Outcome {
  if (facts.kind === "client") {
    return skip(
      "a client-credentials token is not limited by scopes (Genesys applies them only to tokens that act for a " +
        "user): the client's roles decide, see check permission.",
    );
  }
  const listed = facts.scopes.length > 0 ? facts.scopes.join(", ") : "none";
  const covering = facts.scopes.find((s) => s === BOT_SCOPE || s === "all");
  if (covering) {
    return pass(
      `the token's authorized scopes (${listed}) include ${covering}, which covers POST /api/v2/textbots/botflows/sessions.`,
    );
  }
  const readonly = facts.scopes.includes(`${BOT_SCOPE}:readonly`) ? ` (${BOT_SCOPE}:readonly allows reads only)` : "";
  const env = inputs.env;
  const again = "then the user signs in again: a token keeps the scopes it was issued with";
  let fix: string;
  if (env && env.oauthClient.grantType !== CLIENT_CREDENTIALS) {
    fix = synthesizedScopes(env.oauthClient.grantType, env.oauthClient.scopes).includes(BOT_SCOPE)
      ? `${env.file} already gives client "${env.oauthClient.name}" the scope ${BOT_SCOPE}: deploy ${env.name} ` +
        `(npm run pipeline:deploy -- ${env.name}) if it is not deployed yet, make sure the app signs in with that ` +
        `client, ${again}.`
      : `Add "${BOT_SCOPE}" to oauthClient.scopes in ${env.file} and deploy ${env.name} (npm run pipeline:deploy -- ` +
        `${env.name}), ${again}.`;
  } else {
    fix =
      `Add the scope ${BOT_SCOPE} to ${clientName(facts)} (in its stack's oauthClient.scopes, "${BOT_SCOPE}" or ` +
      `"bot:admin"), deploy it, ${again}.`;
  }
  return fail(
    `the token's authorized scopes (${listed}) include neither ${BOT_SCOPE} nor all${readonly}: starting a bot ` +
      `session is outside the token's scope (403) whatever the user's roles.`,
    fix,
  );
}

async function userPermission(inputs: TokenDoctorInputs, facts: TokenFacts): Promise<Outcome> {
  const call = "GET /api/v2/users/me?expand=authorization";
  const answer = await api.usersMeWithAuthorization(inputs.session);
  if (!answer.ok) {
    const said = describeFailure(answer.failure);
    return fail(
      `${call} failed (${said}): whether the signed-in user holds ${BOT_SESSION_PERMISSION} cannot be told.`,
      answer.failure.status === 403
        ? `Add the scope user-basic-info to ${clientName(facts)} (the Platform API lists it for this call), sign in ` +
            `again, and retry.`
        : RETRY,
    );
  }
  const user = answer.value;
  const who = `user ${user.name ? `"${user.name}" ` : ""}(${user.id ?? "id not given"})`;
  const authorization = user.authorization;
  if (!authorization) {
    return fail(
      `${call} answered without the user's authorization: whether ${who} holds ${BOT_SESSION_PERMISSION} cannot be told.`,
      RETRY,
    );
  }
  const roles = (authorization.roles ?? []).map((r) => `"${r.name ?? r.id ?? "?"}"`);
  const through = roles.length > 0 ? `their roles (${roles.join(", ")})` : "no role";
  const grant = botSessionGrant(authorization);
  if (grant) return pass(`${who} of org ${named(facts.organization)} holds ${grant}, through ${through}.`);
  return fail(
    `${who} of org ${named(facts.organization)} holds ${through}, and no permission among them is ` +
      `${BOT_SESSION_PERMISSION} or a wildcard covering it: starting a bot session gets 403, whatever the client's scopes.`,
    `An admin of org ${named(facts.organization)} grants ${who} a role that carries ${BOT_SESSION_PERMISSION} ` +
      `(a user token has the permissions of the signed-in user's roles; the OAuth client's roles do not apply to it), ` +
      `then retry.`,
  );
}

/** What a client-credentials token cannot tell about itself, as a skip that says what to ask the org admin. */
function askTheAdmin(facts: TokenFacts, why: string): Outcome {
  return skip(
    `${why} Ask an admin of org ${named(facts.organization)} which roles ${clientName(facts)} holds and whether ` +
      `one carries ${BOT_SESSION_PERMISSION} (or a wildcard covering it), or run npm run doctor -- <env> with the ` +
      `deployer's credentials.`,
  );
}

function clientRoleFix(inputs: TokenDoctorInputs, facts: TokenFacts): string {
  if (inputs.env?.oauthClient.grantType === CLIENT_CREDENTIALS) return roleFix(inputs.env);
  return (
    `An admin of org ${named(facts.organization)} grants ${clientName(facts)} a role with ${BOT_SESSION_PERMISSION}; ` +
    `for a client of this project's stacks, run npm run doctor -- <env>, whose fix follows the deploy phase.`
  );
}

async function clientPermission(inputs: TokenDoctorInputs, facts: TokenFacts): Promise<Outcome> {
  const clientId = facts.client.id;
  const client = await api.oauthClient(inputs.session, clientId);
  if (!client.ok) {
    const said = describeFailure(client.failure);
    if (client.failure.status === 403) {
      return askTheAdmin(
        facts,
        `the token may not read its own client (GET /api/v2/oauth/clients/${clientId}: ${said}; it needs ` +
          `oauth:client:view), so its roles cannot be checked with it.`,
      );
    }
    return fail(`GET /api/v2/oauth/clients/${clientId} failed: ${said}.`, RETRY);
  }
  const grants = client.value.roleDivisions ?? [];
  if (grants.length === 0) return fail(`${clientName(facts)} ${NO_ROLES}`, clientRoleFix(inputs, facts));
  const roles = await rolesCovering(inputs.session, grants, true);
  if ("failed" in roles) {
    const { roleId, failure } = roles.failed;
    const said = describeFailure(failure);
    if (failure.status === 403) {
      return askTheAdmin(
        facts,
        `the token may read its client but not its roles (GET /api/v2/authorization/roles/${roleId}: ${said}; it ` +
          `needs authorization:role:view).`,
      );
    }
    return fail(`GET /api/v2/authorization/roles/${roleId} failed: ${said}.`, RETRY);
  }
  const [found] = roles.covering;
  if (!found) return fail(noRoleCovers(clientName(facts), roles.names), clientRoleFix(inputs, facts));
  return pass(
    `${clientName(facts)} holds ${found.grant} through its role ${found.name} (division ${found.divisions.join(", ")}).`,
  );
}

async function checkLiveSession(
  inputs: TokenDoctorInputs,
  facts: TokenFacts,
  earlier: { readonly scope: Outcome; readonly permission: Outcome; readonly org: Outcome },
): Promise<Outcome> {
  if (inputs.flowId === undefined) return skip(NO_FLOW_ID);
  const org = named(facts.organization);
  const call = `POST /api/v2/textbots/botflows/sessions for flow ${inputs.flowId} in org ${org}`;
  const otherOrg = earlier.org.status === "fail" ? " (check org says it is not the org meant)" : "";
  return liveSession(
    inputs.session,
    inputs.flowId,
    call,
    `org ${org}, the org the token acts in${otherOrg}`,
    (what, status) => {
      if (status === 401) {
        return fail(
          `${what} The token was refused (expired or revoked meanwhile). ${NOT_403}`,
          "Get a new token and retry.",
        );
      }
      if (status !== 403) return undefined;
      const explaining = (["scope", "permission"] as const).find((id) => earlier[id].status === "fail");
      if (explaining) return fail(`${what} Check ${explaining} failed above and explains it.`, earlier[explaining].fix);
      if (earlier.permission.status === "skip") {
        return fail(
          `${what} Check permission could not tell whether the token holds ${BOT_SESSION_PERMISSION}; a 403 here ` +
            `most likely means it does not.`,
          `Ask an admin of org ${org} to grant ${clientName(facts)} a role with ${BOT_SESSION_PERMISSION}, then get ` +
            `a new token and retry.`,
        );
      }
      return fail(
        `${what} The scope and permission checks passed, ${LATE_GRANT}.`,
        `Grant the role with ${BOT_SESSION_PERMISSION} in the flow's division or in all divisions, then get a new ` +
          `token and retry.`,
      );
    },
  );
}
