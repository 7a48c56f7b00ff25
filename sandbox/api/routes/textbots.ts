/** Bot flow sessions: `POST /api/v2/textbots/botflows/sessions`. */
import { randomUUID } from "node:crypto";
import type { Models } from "purecloud-platform-client-v2";
import { type ApiCall, routes } from "../context";
import { bodyOf, type Fields } from "../body";
import { apiError, parseJson } from "../http";

const LAUNCH_FIELDS: Fields<Models.TextBotFlowLaunchRequest> = [
  "flow",
  "externalSessionId",
  "conversationId",
  "inputData",
  "channel",
  "language",
];

export const textbotRoutes = routes<ApiCall>({
  "POST /api/v2/textbots/botflows/sessions"({ standIn, request }): Models.TextBotFlowLaunchResponse {
    const launch = bodyOf<Models.TextBotFlowLaunchRequest>(
      standIn,
      "the bot flow launch",
      parseJson(request.body),
      LAUNCH_FIELDS,
    );
    if (typeof launch.flow?.id !== "string" || typeof launch.externalSessionId !== "string") {
      throw apiError(400, "bad.request", "flow.id and externalSessionId are required.");
    }
    return { id: randomUUID() };
  },
});
