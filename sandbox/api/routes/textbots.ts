/** Bot flow sessions: `POST /api/v2/textbots/botflows/sessions`. */
import { randomUUID } from "node:crypto";
import type { Models } from "purecloud-platform-client-v2";
import { type ApiCall, routes } from "../context";
import { type Fields, requestBody } from "../body";
import { apiError } from "../http";

const LAUNCH_FIELDS: Fields<Models.TextBotFlowLaunchRequest> = [
  "flow",
  "externalSessionId",
  "conversationId",
  "inputData",
  "channel",
  "language",
];

export const textbotRoutes = routes<ApiCall>({
  "POST /api/v2/textbots/botflows/sessions"(call): Models.TextBotFlowLaunchResponse {
    const launch = requestBody<Models.TextBotFlowLaunchRequest>(call, "the bot flow launch", LAUNCH_FIELDS);
    if (typeof launch.flow?.id !== "string" || typeof launch.externalSessionId !== "string") {
      throw apiError(400, "bad.request", "flow.id and externalSessionId are required.");
    }
    return { id: randomUUID() };
  },
});
