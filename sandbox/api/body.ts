/**
 * Request bodies checked by zod schemas whose keys tsc holds to the official SDK's models (`Shape`): a body with
 * a field the stand-in does not know is refused (400) and logged, so a client that starts sending something new
 * is noticed instead of silently ignored.
 */
import { z } from "zod";
import { describeIssue } from "../../lib/config/errors";
import type { LoginCall } from "./context";
import { apiError, parseJson } from "./http";

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
  throw apiError(400, "bad.request", `[sandbox] ${where}: ${problem}.`);
}
