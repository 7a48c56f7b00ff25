/**
 * PlanResourceChange as SDK v2 does it for these resources: defaults for unset attributes,
 * unknown for computed values the provider will only know after apply, prior values kept for
 * computed attributes on update, and replacement only for ForceNew attributes.
 */
import { type ObjectValue, type Value, UNKNOWN, valuesEqual } from "./cty";
import { type JsonBlock, attributeDefault } from "./schema";

/**
 * `fresh` is true for a new object: the resource on create, or a nested set element that
 * Terraform could not match to a prior element (its computed values are then null in `proposed`).
 */
function planObject(block: JsonBlock, proposed: ObjectValue, config: ObjectValue | null, fresh: boolean): ObjectValue {
  // A shallow copy: nested blocks are planned into new objects below, nothing else is changed.
  const planned = { ...proposed };
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    if ((config?.[name] ?? null) !== null) continue;
    const fallback = attributeDefault(attr);
    if (fallback !== undefined && !attr.computed) planned[name] = fallback;
    else if (attr.computed && fresh) planned[name] = UNKNOWN;
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const value = planned[name] ?? null;
    const configValue = config?.[name] ?? null;
    if (Array.isArray(value)) {
      const configItems = (Array.isArray(configValue) ? configValue : []) as ObjectValue[];
      planned[name] = value.map((item) => {
        const obj = item as ObjectValue;
        const match = configItems.find((c) => sameConfigured(nested.block, c, obj)) ?? null;
        return planObject(nested.block, obj, match, fresh || isNewElement(nested.block, obj));
      });
    } else if (value !== null && value !== UNKNOWN && typeof value === "object") {
      planned[name] = planObject(nested.block, value, configValue as ObjectValue | null, fresh);
    }
  }
  return planned;
}

function isNewElement(block: JsonBlock, proposed: ObjectValue): boolean {
  return Object.entries(block.attributes ?? {}).some(
    ([name, attr]) => attr.computed && (proposed[name] ?? null) === null,
  );
}

/** Whether a config element and a proposed element agree on every attribute the config sets. */
function sameConfigured(block: JsonBlock, config: ObjectValue, proposed: ObjectValue): boolean {
  return Object.keys(block.attributes ?? {}).every((name) => {
    const c = config[name] ?? null;
    return c === null || valuesEqual(c, proposed[name] ?? null);
  });
}

export function planResourceChange(
  block: JsonBlock,
  prior: ObjectValue | null,
  proposed: ObjectValue,
  config: ObjectValue,
  forceNew: readonly string[],
): { planned: ObjectValue; requiresReplace: string[] } {
  const planned = planObject(block, proposed, config, prior === null);
  const requiresReplace = prior
    ? forceNew.filter((name) => !valuesEqual(prior[name] ?? null, planned[name] ?? null))
    : [];
  return { planned, requiresReplace };
}

/** After apply nothing may stay unknown; whatever the provider did not set is null. */
export function resolveUnknowns(value: Value): Value {
  if (value === UNKNOWN) return null;
  if (Array.isArray(value)) return value.map(resolveUnknowns);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveUnknowns(v)]));
  }
  return value;
}
