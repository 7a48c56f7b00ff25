/** The API's paged listings: `pageSize` and `pageNumber` in, `entities`, `total` and `pageCount` out. */
import { apiError } from "./http";

function positive(query: URLSearchParams, name: string, fallback: number): number {
  const text = query.get(name);
  if (text === null || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw apiError(400, "bad.request", `${name} must be a positive integer.`);
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
