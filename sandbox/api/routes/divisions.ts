/** Authorization divisions. */
import type { ApiRoute } from "../context";

export const divisionRoutes: readonly ApiRoute[] = [];
