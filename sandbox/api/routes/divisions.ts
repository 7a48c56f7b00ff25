/** Authorization divisions: the list (by name), one by id, and the home division. */
import type { Models } from "purecloud-platform-client-v2";
import type { ApiRoute } from "../context";
import { type Division, homeDivision } from "../../emulator/world";
import { byId } from "../http";
import { page } from "../paging";

export function divisionView(division: Division): Models.AuthzDivision {
  return {
    id: division.id,
    name: division.name,
    description: division.description ?? "",
    homeDivision: division.home === true,
    selfUri: `/api/v2/authorization/divisions/${division.id}`,
  };
}

export const divisionRoutes: readonly ApiRoute[] = [
  {
    method: "GET",
    path: "/api/v2/authorization/divisions",
    handle({ org, request }): Models.AuthzDivisionEntityListing {
      const name = request.query.get("name");
      const matching = org.divisions.filter((d) => !name || d.name === name);
      return page(matching.map(divisionView), request.query, "/api/v2/authorization/divisions");
    },
  },
  {
    method: "GET",
    path: "/api/v2/authorization/divisions/home",
    handle: ({ org }) => divisionView(homeDivision(org)),
  },
  {
    method: "GET",
    path: "/api/v2/authorization/divisions/{divisionId}",
    handle: ({ org, params }) => divisionView(byId(org.divisions, params.divisionId, "Division")),
  },
];
