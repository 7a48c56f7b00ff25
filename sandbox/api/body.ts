/**
 * Request bodies checked against the fields the official SDK's models define: a body with a field
 * the stand-in does not know is refused (400) and logged, so a client that starts sending something
 * new is noticed instead of silently ignored.
 */
import type { ApiCall, StandIn } from "./context";
import { apiError, parseJson } from "./http";

/** Names of `T`'s fields that the stand-in reads (tsc holds them to the SDK model `T`). */
export type Fields<T> = readonly (keyof T & string)[];

export function refuseUnknown(standIn: StandIn, where: string, value: unknown, known: readonly string[]): void {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw apiError(400, "bad.request", `${where} must be a JSON object.`);
  }
  const unknown = Object.keys(value).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    standIn.log(`refused ${where}: unknown field(s) ${unknown.join(", ")}; the stand-in knows ${known.join(", ")}`);
    throw apiError(
      400,
      "bad.request",
      `[sandbox] ${where} has field(s) the sandbox does not know: ${unknown.join(", ")}.`,
    );
  }
}

/** `value` (or the request's JSON body) as an object of `T`'s known fields; 400 for anything else. */
export function bodyOf<T>(standIn: StandIn, where: string, value: unknown, known: Fields<T>): Partial<T> {
  refuseUnknown(standIn, where, value, known);
  return value as Partial<T>;
}

export function requestBody<T>(call: ApiCall, where: string, known: Fields<T>): Partial<T> {
  return bodyOf<T>(call.standIn, where, parseJson(call.request.body), known);
}

/** Each element of an array field, checked the same way. */
export function itemsOf<T>(standIn: StandIn, where: string, value: unknown, known: Fields<T>): Partial<T>[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw apiError(400, "bad.request", `${where} must be an array.`);
  return value.map((item, i) => bodyOf<T>(standIn, `${where}[${i}]`, item, known));
}

export function optionalString(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw apiError(400, "bad.request", `${where} must be a string.`);
  return value;
}

export function requiredString(value: unknown, where: string): string {
  const text = optionalString(value, where);
  if (text === undefined || text === "") throw apiError(400, "bad.request", `${where} is required.`);
  return text;
}

export function optionalStrings(value: unknown, where: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    throw apiError(400, "bad.request", `${where} must be an array of strings.`);
  }
  return value as string[];
}
