/**
 * What differs between two `terraform providers schema -json` documents where it matters for the bindings:
 * attributes and their types, required/optional/computed, sensitive and deprecated; nested blocks and their nesting
 * and item limits. Descriptions are left out: they shape docs, not what the provider accepts.
 */
export const PROVIDER_SOURCE = "registry.terraform.io/mypurecloud/genesyscloud";

interface Attribute {
  readonly type?: unknown;
  readonly nested_type?: unknown;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly deprecated?: boolean;
}

interface BlockType {
  readonly nesting_mode?: string;
  readonly min_items?: number;
  readonly max_items?: number;
  readonly block: Block;
}

interface Block {
  readonly attributes?: Readonly<Record<string, Attribute>>;
  readonly block_types?: Readonly<Record<string, BlockType>>;
}

interface ProviderSchema {
  readonly provider: { readonly block: Block };
  readonly resource_schemas?: Readonly<Record<string, { readonly block: Block }>>;
  readonly data_source_schemas?: Readonly<Record<string, { readonly block: Block }>>;
}

export interface SchemaDocument {
  readonly provider_schemas: Readonly<Record<string, ProviderSchema>>;
}

const ATTRIBUTE_FLAGS = ["required", "optional", "computed", "sensitive", "deprecated"] as const;

function attributeDifferences(where: string, pinned: Attribute, real: Attribute): string[] {
  const found: string[] = [];
  for (const key of ["type", "nested_type"] as const) {
    if (JSON.stringify(pinned[key]) !== JSON.stringify(real[key])) {
      found.push(`${where}: ${key} is ${JSON.stringify(real[key])}, pinned ${JSON.stringify(pinned[key])}`);
    }
  }
  for (const flag of ATTRIBUTE_FLAGS) {
    if (Boolean(pinned[flag]) !== Boolean(real[flag])) {
      found.push(`${where}: ${flag} is ${Boolean(real[flag])}, pinned ${Boolean(pinned[flag])}`);
    }
  }
  return found;
}

function namesOnlyIn(where: string, kind: string, left: object, right: object, side: string): string[] {
  return Object.keys(left)
    .filter((name) => !Object.hasOwn(right, name))
    .map((name) => `${where}: ${kind} ${name} only in the ${side} schema`);
}

export function blockDifferences(where: string, pinned: Block, real: Block): string[] {
  const pinnedAttributes = pinned.attributes ?? {};
  const realAttributes = real.attributes ?? {};
  const pinnedBlocks = pinned.block_types ?? {};
  const realBlocks = real.block_types ?? {};
  return [
    ...namesOnlyIn(where, "attribute", pinnedAttributes, realAttributes, "pinned"),
    ...namesOnlyIn(where, "attribute", realAttributes, pinnedAttributes, "real"),
    ...namesOnlyIn(where, "block", pinnedBlocks, realBlocks, "pinned"),
    ...namesOnlyIn(where, "block", realBlocks, pinnedBlocks, "real"),
    ...Object.keys(pinnedAttributes)
      .filter((name) => Object.hasOwn(realAttributes, name))
      .flatMap((name) => attributeDifferences(`${where}.${name}`, pinnedAttributes[name], realAttributes[name])),
    ...Object.keys(pinnedBlocks)
      .filter((name) => Object.hasOwn(realBlocks, name))
      .flatMap((name) => {
        const [left, right] = [pinnedBlocks[name], realBlocks[name]];
        const limits = (["nesting_mode", "min_items", "max_items"] as const)
          .filter((key) => (left[key] ?? null) !== (right[key] ?? null))
          .map((key) => `${where}.${name}: ${key} is ${right[key] ?? "unset"}, pinned ${left[key] ?? "unset"}`);
        return [...limits, ...blockDifferences(`${where}.${name}`, left.block, right.block)];
      }),
  ];
}

/**
 * Every difference for the provider block and each resource and data source of the pinned schema (the bindings
 * are generated from it, so the stacks can use nothing else). Schemas only the real provider has are ignored.
 */
export function providerSchemaDifferences(pinnedDocument: SchemaDocument, realDocument: SchemaDocument): string[] {
  const pinned = pinnedDocument.provider_schemas[PROVIDER_SOURCE];
  const real = realDocument.provider_schemas[PROVIDER_SOURCE];
  if (!pinned || !real) return [`${PROVIDER_SOURCE} is missing from the ${pinned ? "real" : "pinned"} schema`];
  const kinds = [
    ["resource", pinned.resource_schemas ?? {}, real.resource_schemas ?? {}],
    ["data", pinned.data_source_schemas ?? {}, real.data_source_schemas ?? {}],
  ] as const;
  return [
    ...blockDifferences("provider", pinned.provider.block, real.provider.block),
    ...kinds.flatMap(([kind, pinnedSchemas, realSchemas]) =>
      Object.keys(pinnedSchemas).flatMap((name) =>
        Object.hasOwn(realSchemas, name)
          ? blockDifferences(`${kind}.${name}`, pinnedSchemas[name].block, realSchemas[name].block)
          : [`${kind}.${name}: not in the real provider's schema`],
      ),
    ),
  ];
}
