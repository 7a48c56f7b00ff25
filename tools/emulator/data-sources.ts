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

/**
 * `notFound` is the message the provider gives once its lookup retries (15 s in the provider)
 * run out; the emulator answers at once.
 */
function byName(
  config: ObjectValue,
  entities: readonly { id: string; name?: string }[],
  notFound: (name: string) => string,
): StateResult {
  const name = str(config.name) ?? "";
  const match = entities.find((e) => e.name === name);
  return match
    ? { state: { ...config, id: match.id }, diagnostics: [] }
    : { state: null, diagnostics: [error(notFound(name))] };
}

export function readDataSource(ctx: Context, type: string, config: ObjectValue): StateResult {
  return ctx.world((_world, org) => {
    switch (type) {
      case "genesyscloud_organizations_me":
        return { state: { ...config, ...orgView(org) }, diagnostics: [] };
      case "genesyscloud_auth_division_home": {
        const home = homeDivision(org);
        return {
          state: { ...config, id: home.id, name: home.name, description: home.description ?? null },
          diagnostics: [],
        };
      }
      case "genesyscloud_auth_division":
        return byName(config, org.divisions, (n) => `No authorization divisions found with name ${n}`);
      case "genesyscloud_auth_role":
        return byName(config, org.roles, (n) => `No authorization roles found with name ${n}`);
      case "genesyscloud_oauth_client":
        return byName(config, org.oauthClients, (n) => `No oauth clients found with name ${n}`);
      case "genesyscloud_integration_credential":
        return byName(config, org.integrationCredentials, (n) => `No integration credentials found with name ${n}`);
      default:
        return { state: null, diagnostics: [error(`emulator: data source ${type} is not emulated`)] };
    }
  });
}
