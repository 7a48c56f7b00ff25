/** Authorization divisions: the list (by name), one by id, and the home division. */
import type { Models } from "purecloud-platform-client-v2";
import { type ApiCall, routes } from "../context";
import { type Division, homeDivision } from "../../emulator/world";
import { byId, page } from "../http";

export function divisionView(division: Division): Models.AuthzDivision {
  return {
    id: division.id,
    name: division.name,
    description: division.description ?? "",
    homeDivision: division.home === true,
    selfUri: `/api/v2/authorization/divisions/${division.id}`,
  };
}

export const divisionRoutes = routes<ApiCall>({
  "GET /api/v2/authorization/divisions"({ org, request }): Models.AuthzDivisionEntityListing {
    const name = request.query.get("name");
    const matching = org.divisions.filter((d) => !name || d.name === name);
    return page(matching.map(divisionView), request.query, "/api/v2/authorization/divisions");
  },
  "GET /api/v2/authorization/divisions/home": ({ org }) => divisionView(homeDivision(org)),
  "GET /api/v2/authorization/divisions/{divisionId}": ({ org, params }) =>
    divisionView(byId(org.divisions, params.divisionId, "Division")),
});
