/** Bot flow sessions: `POST /api/v2/textbots/botflows/sessions`. */
import { randomUUID } from "node:crypto";
import type { ApiRoute } from "../context";
import { apiError, parseJson } from "../http";
import { BOT_SESSION_PERMISSION, requirePermission } from "../permissions";

export const textbotRoutes: readonly ApiRoute[] = [
  {
    method: "POST",
    path: "/api/v2/textbots/botflows/sessions",
    handle({ org, caller, request }) {
      requirePermission(org, caller, BOT_SESSION_PERMISSION);
      const launch = parseJson(request.body) as { flow?: { id?: unknown }; externalSessionId?: unknown } | undefined;
      if (typeof launch?.flow?.id !== "string" || typeof launch.externalSessionId !== "string") {
        throw apiError(400, "bad.request", "flow.id and externalSessionId are required.");
      }
      return { id: randomUUID() };
    },
  },
];
