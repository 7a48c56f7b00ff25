/** The token's own information (tokens/me). */
import type { ApiRoute } from "../context";

export const tokenRoutes: readonly ApiRoute[] = [];
