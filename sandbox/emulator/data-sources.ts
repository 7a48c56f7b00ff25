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

/** A lookup by exact name: what it searches, and the provider's text once it gives up. */
interface Lookup {
  readonly entities: (org: Org) => readonly { readonly id: string; readonly name?: string | undefined }[];
  readonly notFound: (name: string) => string;
  readonly detail?: string;
  /** As the provider's division cache, which lowercases names. */
  readonly caseInsensitive?: boolean;
  /** The provider retries role lookups that find nothing for about 15 s; the emulator re-reads the world as long. */
  readonly retries?: boolean;
}

const LOOKUPS: Readonly<Record<string, Lookup>> = {
  genesyscloud_auth_division: {
    entities: (org) => org.divisions,
    notFound: (n) => `Could not find division "${n}" | error: unable to find auth division with name ${n}`,
    caseInsensitive: true,
  },
  genesyscloud_auth_role: {
    entities: (org) => org.roles,
    notFound: (n) => `no authorization roles found with name ${n}`,
    detail:
      "emulator: the provider gives up after retrying for about 15 s and renders this inside a Go " +
      "diagnostics list; the exact text is not reproduced",
    retries: true,
  },
  genesyscloud_oauth_client: {
    entities: (org) => org.oauthClients,
    notFound: (n) => `No oauth clients found with name ${n}`,
  },
  genesyscloud_integration_credential: {
    entities: (org) => org.integrationCredentials,
    notFound: (n) => `No integration credentials found with name ${n}`,
  },
};

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function byName(ctx: Context, config: ObjectValue, lookup: Lookup): StateResult {
  const name = str(config.name) ?? "";
  const same = (candidate: string | undefined) =>
    lookup.caseInsensitive ? candidate?.toLowerCase() === name.toLowerCase() : candidate === name;
  const deadline = Date.now() + (lookup.retries ? ctx.lookupRetryMs : 0);
  for (;;) {
    const match = lookup.entities(ctx.org()).find((e) => same(e.name));
    if (match) return { state: { ...config, id: match.id }, diagnostics: [] };
    if (Date.now() >= deadline) break;
    sleep(Math.min(500, deadline - Date.now()));
  }
  return { state: null, diagnostics: [error(lookup.notFound(name), lookup.detail)] };
}

export function readDataSource(ctx: Context, type: string, config: ObjectValue): StateResult {
  const lookup = LOOKUPS[type];
  if (lookup) return byName(ctx, config, lookup);
  if (type === "genesyscloud_organizations_me") {
    return { state: { ...config, ...orgView(ctx.org()) }, diagnostics: [] };
  }
  if (type === "genesyscloud_auth_division_home") {
    const { id, name, description } = homeDivision(ctx.org());
    return { state: { ...config, id, name, description: description ?? null }, diagnostics: [] };
  }
  return { state: null, diagnostics: [error(`emulator: data source ${type} is not emulated`)] };
}
