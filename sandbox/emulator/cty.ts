/**
 * Terraform values on the wire: cty values encoded as msgpack, typed by the JSON type
 * notation that provider schemas use ("string", ["set", "string"], ["object", {...}]).
 */
import { decode, encode, ExtensionCodec, ExtData } from "@msgpack/msgpack";

export type CtyType =
  | "string"
  | "number"
  | "bool"
  | "dynamic"
  | ["list" | "set" | "map", CtyType]
  | ["object", Record<string, CtyType>]
  | ["tuple", CtyType[]];

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
  return normalise(decode(bytes, { extensionCodec: codec }) as unknown, type);
}

export function encodeValue(value: Value, type: CtyType): Buffer {
  const bytes = encode(toWire(value, type));
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Converts a plain JSON value (e.g. a state file's attributes) into a value of `type`. */
export function fromJson(json: unknown, type: CtyType): Value {
  return normalise(json, type);
}

function normalise(raw: unknown, type: CtyType): Value {
  if (raw === null || raw === undefined) return null;
  if (raw === UNKNOWN) return UNKNOWN;
  if (type === "string") return String(raw);
  if (type === "number") return typeof raw === "number" ? raw : Number(raw);
  if (type === "bool") return Boolean(raw);
  if (type === "dynamic") throw new Error("dynamic values are not used by this schema");
  const [kind, inner] = type;
  switch (kind) {
    case "list":
    case "set":
      return (raw as unknown[]).map((item) => normalise(item, inner));
    case "map":
      return mapEntries(raw, () => inner);
    case "object":
      return objectOf(raw as Record<string, unknown>, inner);
    case "tuple":
      return (raw as unknown[]).map((item, i) => normalise(item, inner[i] ?? "dynamic"));
  }
}

function mapEntries(raw: unknown, typeOf: (key: string) => CtyType): ObjectValue {
  const out: ObjectValue = {};
  for (const [key, item] of Object.entries(raw as Record<string, unknown>)) {
    out[key] = normalise(item, typeOf(key));
  }
  return out;
}

function objectOf(raw: Record<string, unknown>, attrs: Record<string, CtyType>): ObjectValue {
  const out: ObjectValue = {};
  for (const [name, attrType] of Object.entries(attrs)) {
    out[name] = normalise(raw[name], attrType);
  }
  return out;
}

function toWire(value: Value, type: CtyType): unknown {
  if (value === null) return null;
  if (value === UNKNOWN) return new ExtData(0, new Uint8Array(0));
  if (type === "string") return String(value);
  if (type === "number") return Number(value);
  if (type === "bool") return Boolean(value);
  if (type === "dynamic") throw new Error("dynamic values are not used by this schema");
  const [kind, inner] = type;
  switch (kind) {
    case "list":
    case "set":
      return (value as Value[]).map((item) => toWire(item, inner));
    case "map": {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value as ObjectValue)) out[key] = toWire(item, inner);
      return out;
    }
    case "object": {
      const out: Record<string, unknown> = {};
      const obj = value as ObjectValue;
      for (const [name, attrType] of Object.entries(inner)) out[name] = toWire(obj[name] ?? null, attrType);
      return out;
    }
    case "tuple":
      return (value as Value[]).map((item, i) => toWire(item, inner[i] ?? "dynamic"));
  }
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
