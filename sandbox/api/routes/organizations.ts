/** The org behind the token: `GET /api/v2/organizations/me`, and the products it licenses. */
import type { Models } from "purecloud-platform-client-v2";
import { type ApiCall, routes } from "../context";
import type { Org } from "../../emulator/world";
import { page } from "../http";

export function orgView(org: Org): Models.Organization {
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

export const organizationRoutes = routes<ApiCall>({
  "GET /api/v2/organizations/me": ({ org }) => orgView(org),
  // Sandbox orgs license no products: the provider only filters role permissions by them.
  "GET /api/v2/authorization/products": ({ request }): Models.OrganizationProductEntityListing =>
    page([], request.query, "/api/v2/authorization/products"),
});
