/** Data sources: the org behind the credentials, and lookups by exact name. */
import type { ObjectValue } from "./cty";
import { error } from "./diagnostics";
import { type Context, type StateResult, str } from "./resources/types";
import { type Org, homeDivision } from "./world";

function orgView(org: Org): ObjectValue {
  return {
    id: org.id,
    name: org.name,
    domain: org.domain,
    third_party_org_name: org.thirdPartyOrgName,
    default_country_code: org.defaultCountryCode ?? null,
    default_language: org.defaultLanguage ?? null,
    default_site_id: org.defaultSiteId ?? null,
    product_platform: org.productPlatform ?? null,
    support_uri: org.supportUri ?? null,
    voicemail_enabled: org.voicemailEnabled ?? null,
  };
}

interface Lookup {
  /** Match names case-insensitively, as the provider's division cache does (it lowercases names). */
  readonly caseInsensitive?: boolean;
  /** Keep looking for this long when nothing is found (the provider retries role lookups ~15 s). */
  readonly retryMs?: number;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * `notFound` is the message the provider gives once it gives up; with `retryMs` the emulator
 * re-reads the world until then, as the provider retries the API.
 */
function byName<T extends { id: string; name?: string }>(
  ctx: Context,
  config: ObjectValue,
  entities: (org: Org) => readonly T[],
  notFound: (name: string) => { summary: string; detail?: string },
  lookup: Lookup = {},
): StateResult {
  const name = str(config.name) ?? "";
  const same = (candidate: string | undefined) =>
    lookup.caseInsensitive ? candidate?.toLowerCase() === name.toLowerCase() : candidate === name;
  const deadline = Date.now() + (lookup.retryMs ?? 0);
  for (;;) {
    const match = ctx.world((_world, org) => entities(org).find((e) => same(e.name)));
    if (match) return { state: { ...config, id: match.id }, diagnostics: [] };
    if (Date.now() >= deadline) break;
    sleep(Math.min(500, deadline - Date.now()));
  }
  const { summary, detail } = notFound(name);
  return { state: null, diagnostics: [error(summary, detail)] };
}

export function readDataSource(ctx: Context, type: string, config: ObjectValue): StateResult {
  switch (type) {
    case "genesyscloud_organizations_me":
      return ctx.world((_world, org) => ({ state: { ...config, ...orgView(org) }, diagnostics: [] }));
    case "genesyscloud_auth_division_home":
      return ctx.world((_world, org) => {
        const home = homeDivision(org);
        return {
          state: { ...config, id: home.id, name: home.name, description: home.description ?? null },
          diagnostics: [],
        };
      });
    case "genesyscloud_auth_division":
      return byName(
        ctx,
        config,
        (org) => org.divisions,
        (n) => ({ summary: `Could not find division "${n}" | error: unable to find auth division with name ${n}` }),
        { caseInsensitive: true },
      );
    case "genesyscloud_auth_role":
      return byName(
        ctx,
        config,
        (org) => org.roles,
        (n) => ({
          summary: `no authorization roles found with name ${n}`,
          detail:
            "emulator: the provider gives up after retrying for about 15 s and renders this inside a Go " +
            "diagnostics list; the exact text is not reproduced",
        }),
        { retryMs: ctx.lookupRetryMs },
      );
    case "genesyscloud_oauth_client":
      return byName(
        ctx,
        config,
        (org) => org.oauthClients,
        (n) => ({ summary: `No oauth clients found with name ${n}` }),
      );
    case "genesyscloud_integration_credential":
      return byName(
        ctx,
        config,
        (org) => org.integrationCredentials,
        (n) => ({ summary: `No integration credentials found with name ${n}` }),
      );
    default:
      return { state: null, diagnostics: [error(`emulator: data source ${type} is not emulated`)] };
  }
}
