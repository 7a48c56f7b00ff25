/** The stand-in's HTTP plumbing: error bodies in the API's and the login service's shapes, request bodies. */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";

export const MAX_BODY_BYTES = 64 * 1024;

/** The API refused: the status and body it answers with (over HTTP, or to the emulator in-process). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    /** The refused call, when the emulator made it: its provider diagnostics name it. */
    readonly call?: { readonly method: string; readonly path: string },
  ) {
    super(String(body.message ?? body.error));
  }
}

/** The API's error body (SDK model ErrorBody); the codes and messages here are the stand-in's own. */
export function apiError(
  status: number,
  code: string,
  message: string,
  messageParams?: Record<string, string>,
): HttpError {
  return new HttpError(status, {
    message,
    code,
    status,
    ...(messageParams ? { messageParams } : {}),
    contextId: randomUUID(),
    details: [],
    errors: [],
  });
}

/** The login service's OAuth error body (`error`, `description`, `error_description`). */
export function loginError(status: number, error: string, description: string): HttpError {
  return new HttpError(status, { error, description, error_description: description });
}

/** The item of `items` with this id; 404 `<what> <id> not found.` without one. */
export function byId<T extends { readonly id: string }>(items: readonly T[], id: string | undefined, what: string): T {
  const found = items.find((item) => item.id === id);
  if (!found) throw apiError(404, "not.found", `${what} ${id} not found.`);
  return found;
}

export function notImplemented(method: string, path: string): HttpError {
  return apiError(404, "not.found", `The stand-in does not implement ${method} ${path}.`);
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      req.destroy();
      throw apiError(413, "request.too.large", "The request body is too large.");
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function parseJson(text: string): unknown {
  try {
    return text === "" ? undefined : JSON.parse(text);
  } catch {
    throw apiError(400, "bad.request", "The request body is not valid JSON.");
  }
}

export function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/.exec(header ?? "");
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}
