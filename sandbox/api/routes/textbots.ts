/** Bot flow sessions: `POST /api/v2/textbots/botflows/sessions`. */
import { randomUUID } from "node:crypto";
import type { Models } from "purecloud-platform-client-v2";
import { z } from "zod";
import { requestBody } from "../http";
import { type ApiCall, routes } from "../context";
import type { Shape } from "../../emulator/world";

const launchBody = z.strictObject({
  flow: z.object({ id: z.string() }),
  externalSessionId: z.string(),
  conversationId: z.unknown().optional(),
  inputData: z.unknown().optional(),
  channel: z.unknown().optional(),
  language: z.unknown().optional(),
} satisfies Shape<Models.TextBotFlowLaunchRequest>);

export const textbotRoutes = routes<ApiCall>({
  "POST /api/v2/textbots/botflows/sessions"(call): Models.TextBotFlowLaunchResponse {
    requestBody(call, "the bot flow launch", launchBody);
    return { id: randomUUID() };
  },
});
