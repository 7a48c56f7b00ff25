/**
 * Terraform values on the wire: cty values encoded as msgpack, typed by the JSON type
 * notation that provider schemas use ("string", ["set", "string"], ["object", {...}]).
 */
import { decode, encode, ExtensionCodec, ExtData } from "@msgpack/msgpack";

/** The types this provider's schema uses (no tuple, no dynamic). */
export type CtyType =
  "string" | "number" | "bool" | ["list" | "set" | "map", CtyType] | ["object", Record<string, CtyType>];

/** A value that is not known until apply. */
export const UNKNOWN: unique symbol = Symbol("unknown");

export type Value = null | typeof UNKNOWN | string | number | boolean | Value[] | { [key: string]: Value };

export type ObjectValue = { [key: string]: Value };

// cty writes an unknown as extension 0; newer versions add refinements as extension 12.
const UNKNOWN_EXT_TYPES = [0, 12];

const codec = new ExtensionCodec();
for (const type of UNKNOWN_EXT_TYPES) {
  codec.register({ type, encode: () => null, decode: () => UNKNOWN });
}

export function decodeValue(bytes: Uint8Array | undefined, type: CtyType): Value {
  if (!bytes || bytes.length === 0) return null;
  return fromJson(decode(bytes, { extensionCodec: codec }), type);
}

export function encodeValue(value: Value, type: CtyType): Buffer {
  const bytes = encode(convert(value, type, new ExtData(0, new Uint8Array(0))));
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Converts a plain JSON value (e.g. a state file's attributes) into a value of `type`. */
export function fromJson(json: unknown, type: CtyType): Value {
  return convert(json, type, UNKNOWN) as Value;
}

/** `raw` shaped as `type` (an absent attribute is null), with every unknown as `unknown`. */
function convert(raw: unknown, type: CtyType, unknown: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  if (raw === UNKNOWN) return unknown;
  if (type === "string") return String(raw);
  if (type === "number") return Number(raw);
  if (type === "bool") return Boolean(raw);
  const entries = (keys: string[], typeOf: (key: string) => CtyType) =>
    Object.fromEntries(keys.map((key) => [key, convert((raw as Record<string, unknown>)[key], typeOf(key), unknown)]));
  if (type[0] === "object") return entries(Object.keys(type[1]), (name) => type[1][name]!);
  if (type[0] === "map") return entries(Object.keys(raw as object), () => type[1]);
  return (raw as unknown[]).map((item) => convert(item, type[1], unknown));
}

/**
 * Structural equality. Arrays compare order-insensitively: every collection in this schema is a
 * set or a list of at most one item.
 */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === UNKNOWN || b === UNKNOWN) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    const rest = [...b];
    return a.every((item) => {
      const i = rest.findIndex((other) => valuesEqual(item, other));
      if (i < 0) return false;
      rest.splice(i, 1);
      return true;
    });
  }
  if (typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => valuesEqual(a[k] ?? null, b[k] ?? null));
  }
  return false;
}
