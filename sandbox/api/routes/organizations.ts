/** Organizations: `GET /api/v2/organizations/me`. */
import type { ApiRoute } from "../context";
import type { Org } from "../../emulator/world";

function orgView(org: Org): Record<string, unknown> {
  return {
    id: org.id,
    name: org.name,
    defaultLanguage: org.defaultLanguage,
    defaultCountryCode: org.defaultCountryCode,
    thirdPartyOrgName: org.thirdPartyOrgName,
    domain: org.domain,
    version: 1,
    state: "active",
    defaultSiteId: org.defaultSiteId,
    supportURI: org.supportUri,
    voicemailEnabled: org.voicemailEnabled,
    productPlatform: org.productPlatform,
    selfUri: "/api/v2/organizations/me",
  };
}

export const organizationRoutes: readonly ApiRoute[] = [
  { method: "GET", path: "/api/v2/organizations/me", handle: ({ org }) => orgView(org) },
];
