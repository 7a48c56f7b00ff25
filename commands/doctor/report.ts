/**
 * What both doctors share: the checks and their report (one line per check for people, or `--json`, the report as
 * it is: docs/doctor.schema.json for an environment, docs/doctor-token.schema.json for a token), and the rules and
 * texts both apply: which permissions cover the bot-session one, the role fix, the live bot session.
 */
import { randomUUID } from "node:crypto";
import type { Models } from "purecloud-platform-client-v2";
import { BOT_SESSION_PERMISSION, type EnvironmentConfig } from "../../lib/config/schema";
import { botSessionRoleName, deployPlan, nextStepAfterRolePhase } from "../../lib/deploy-phase";
import { EXIT } from "../core/errors";
import { type CallFailure, type Session, api, describeFailure } from "../core/genesys-api";

export interface Check<Id extends string = string> {
  readonly id: Id;
  readonly status: "pass" | "fail" | "skip";
  readonly detail: string;
  /** The one thing to do; empty unless the check failed. */
  readonly fix: string;
}

/** What a check found; its id is the key it is reported under (checksOf). */
export type Outcome = Omit<Check, "id">;

export const pass = (detail: string): Outcome => ({ status: "pass", detail, fix: "" });
export const fail = (detail: string, fix: string): Outcome => ({ status: "fail", detail, fix });
export const skip = (detail: string): Outcome => ({ status: "skip", detail, fix: "" });

/** The checks in the order of `outcomes`' keys, each with its key as its id. */
export function checksOf<Id extends string>(outcomes: Record<Id, Outcome>): Check<Id>[] {
  return Object.entries<Outcome>(outcomes).map(([id, outcome]) => ({ id: id as Id, ...outcome }));
}

export const RETRY = "Retry; if it persists, contact Genesys Cloud support with the correlation id.";

interface Report {
  readonly checks: readonly Check[];
}

export function toLines(report: Report): string[] {
  return report.checks.map((c) => {
    const line = `${c.status.toUpperCase()} ${c.id}: ${c.detail}`;
    return c.status === "fail" ? `${line} Fix: ${c.fix}` : line;
  });
}

/** Prints the report, as one line per check or `json`; returns the exit code: 1 when a check failed. */
export function printReport(report: Report, json: boolean, out: (line: string) => void): number {
  const lines = json ? [JSON.stringify(report)] : toLines(report);
  lines.forEach((line) => out(line));
  return report.checks.some((c) => c.status === "fail") ? EXIT.failure : 0;
}

export const CLIENT_CREDENTIALS = "CLIENT-CREDENTIALS";
/** Said of a failure no grant can fix (a refused login or token). */
export const NOT_403 = "This is not a 403 problem: no role, permission or scope fixes it.";
export const NO_FLOW_ID = "no --flow-id given: no bot session was started.";
export const NO_ROLES = "has no roles: a client-credentials token then has no permissions at all.";
/** Why a bot session can get 403 although the permission is there. */
export const LATE_GRANT =
  "so the grant's division does not cover the flow's, or the role was granted after the token was issued";

/** Whether `granted` (parts may be `*`) covers the permission `wanted` (domain:entity:action). */
export function permissionCovers(granted: string, wanted: string): boolean {
  const g = granted.split(":");
  const w = wanted.split(":");
  return g.length === 3 && w.length === 3 && g.every((part, i) => part === "*" || part === w[i]);
}

/** A role's or a user's permissions: `permissions`, and `permissionPolicies` (one per domain and entity). */
interface Permissions {
  readonly permissions?: readonly string[];
  readonly permissionPolicies?: readonly { domain?: string; entityName?: string; actionSet?: readonly string[] }[];
}

/** The permission that covers BOT_SESSION_PERMISSION, in words ("…, which covers …"); undefined when none does. */
export function botSessionGrant(holder: Permissions): string | undefined {
  const fromPolicies = (holder.permissionPolicies ?? []).flatMap((p) =>
    (p.actionSet ?? []).map((action) => `${p.domain ?? ""}:${p.entityName ?? ""}:${action}`),
  );
  const all = [...(holder.permissions ?? []), ...fromPolicies];
  const match = all.find((p) => permissionCovers(p, BOT_SESSION_PERMISSION));
  if (match === undefined || match === BOT_SESSION_PERMISSION) return match;
  return `${match}, which covers ${BOT_SESSION_PERMISSION}`;
}

export interface CoveringRole {
  readonly name: string;
  readonly grant: string;
  readonly divisions: readonly string[];
}

/** The roles of `grants` that carry BOT_SESSION_PERMISSION (with `first`, the first), or the first unreadable. */
export async function rolesCovering(
  session: Session,
  grants: readonly Models.RoleDivision[],
  first = false,
): Promise<{ failed: { roleId: string; failure: CallFailure } } | { names: string[]; covering: CoveringRole[] }> {
  const names: string[] = [];
  const covering: CoveringRole[] = [];
  for (const roleId of new Set(grants.map((g) => g.roleId))) {
    const role = await api.role(session, roleId);
    if (!role.ok) return { failed: { roleId, failure: role.failure } };
    const name = `"${role.value.name ?? roleId}"`;
    names.push(name);
    const grant = botSessionGrant(role.value);
    if (!grant) continue;
    covering.push({ name, grant, divisions: grants.filter((g) => g.roleId === roleId).map((g) => g.divisionId) });
    if (first) break;
  }
  return { names, covering };
}

/** None of the roles of `client` covers the bot-session permission. */
export function noRoleCovers(client: string, names: readonly string[]): string {
  return (
    `none of the roles of ${client} (${names.join(", ")}) carries ${BOT_SESSION_PERMISSION} or a wildcard ` +
    `covering it: starting a bot session gets 403.`
  );
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

/**
 * Starts a real bot session of `flowId` with `session`, as the app would. `call` names the call and its token,
 * `flowOrg` the org the flow must be in; `explain` tells what a failure (a 403) means after the earlier checks.
 */
export async function liveSession(
  session: Session,
  flowId: string,
  call: string,
  flowOrg: string,
  explain: (what: string, status: number | undefined) => Outcome | undefined,
): Promise<Outcome> {
  const answer = await api.startBotSession(session, flowId, `doctor-${randomUUID()}`);
  if (answer.ok) return pass(`${call} started session ${answer.value.id ?? "?"}.`);
  const what = `${call}: ${describeFailure(answer.failure)}.`;
  const { status } = answer.failure;
  if (status === 404 || status === 400) {
    return fail(what, `Check --flow-id: it must be the id of a published bot flow in ${flowOrg}.`);
  }
  return explain(what, status) ?? fail(what, RETRY);
}
