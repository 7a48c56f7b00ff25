/**
 * The stand-in's HTTP plumbing: error bodies in the API's and the login service's shapes, request bodies checked
 * by zod schemas whose keys tsc holds to the official SDK's models (`Shape`), and paged listings. A body with a
 * field the stand-in does not know is refused (400) and logged, so a client that starts sending something new is
 * noticed instead of silently ignored.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { z } from "zod";
import { describeIssue } from "../../lib/config/errors";
import type { LoginCall } from "./context";

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

/** 400 `bad.request`, the API's answer to a request it refuses as malformed or against its rules. */
export const badRequest = (message: string) => apiError(400, "bad.request", message);

/** 401 `bad.credentials`: no valid access token. */
export const badCredentials = () => apiError(401, "bad.credentials", "Invalid login credentials.");

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
    throw badRequest("The request body is not valid JSON.");
  }
}

export function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/.exec(header ?? "");
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/** `value` without the object fields that are null: the API reads a null field as an absent one. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, field]) => field !== null)
      .map(([key, field]) => [key, withoutNulls(field)]),
  );
}

/** The request's JSON body parsed by `schema`; else a 400 naming the field, also logged when a field is unknown. */
export function requestBody<S extends z.ZodType>(call: LoginCall, where: string, schema: S): z.output<S> {
  const body = withoutNulls(parseJson(call.request.body));
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const problem = describeIssue(issue, schema, body).split("\n")[0];
  if (issue.code === "unrecognized_keys") call.standIn.log(`refused ${where}: ${problem}`);
  throw badRequest(`[sandbox] ${where}: ${problem}.`);
}

/** The API's paged listings: `pageSize` and `pageNumber` in, `entities`, `total` and `pageCount` out. */
function positive(query: URLSearchParams, name: string, fallback: number): number {
  const text = query.get(name);
  if (text === null || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw badRequest(`${name} must be a positive integer.`);
  return value;
}

export function page<T>(all: readonly T[], query: URLSearchParams, selfUri: string) {
  const pageSize = positive(query, "pageSize", 25);
  const pageNumber = positive(query, "pageNumber", 1);
  return {
    entities: all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    pageSize,
    pageNumber,
    total: all.length,
    pageCount: Math.ceil(all.length / pageSize),
    selfUri,
  };
}
