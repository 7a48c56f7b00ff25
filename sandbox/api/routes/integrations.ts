/** Integration credentials. */
import type { ApiRoute } from "../context";

export const integrationRoutes: readonly ApiRoute[] = [];
