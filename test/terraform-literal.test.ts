import { TerraformOutput, Token, Testing } from "cdktf";
import { z } from "zod";
import { ConfigError } from "../lib/config/errors";
import { loadEnvironments } from "../lib/config/load";
import { environmentFileSchema } from "../lib/config/schema";
import { JsonSyntaxError, parseStrictJson } from "../lib/config/strict-json";
import { PartnerOAuthStack } from "../lib/partner-oauth-stack";
import { terraformLiteral, terraformQuotedString } from "../lib/terraform-literal";
import { PROJECT_ROOT, tempConfigDir } from "./support/config-dir";
import { HOSTILE_MULTILINE, HOSTILE_STRINGS } from "./support/hostile-strings";
import { synthScope, testApp } from "./support/stacks";
import { decodeTemplate } from "./support/terraform-template";

describe("terraformLiteral", () => {
  it("escapes interpolations and directives the way Terraform documents", () => {
    expect(terraformLiteral("${var.x} and %{if}")).toBe("$${var.x} and %%{if}");
    expect(terraformLiteral('Acme "Dev" \\ C:\\orgs')).toBe('Acme "Dev" \\ C:\\orgs');
  });

  it("writes one character of a cdktf token marker as a constant interpolation", () => {
    expect(terraformLiteral("${TfToken[TOKEN.1]}")).toBe('${"$"}{TfToken[TOKEN.1]}');
    expect(terraformLiteral("#{TfToken[TOKEN.1]}")).toBe('#${"{"}TfToken[TOKEN.1]}');
    expect(terraformLiteral("-1.8881545897087626e+289")).toBe('-1.8881545897087626${"e"}+289');
  });

  it("leaves ordinary text as it is", () => {
    for (const text of [
      "Acme Partner (dev)",
      "us-east-1",
      "https://app.example.com/cb",
      "textbots:botFlowSession:execute",
    ]) {
      expect(terraformLiteral(text)).toBe(text);
    }
  });

  it.each([...HOSTILE_STRINGS, ...HOSTILE_MULTILINE])("reads back as %j, and cdktf sees no token in it", (text) => {
    expect(decodeTemplate(terraformLiteral(text))).toEqual({ text, compared: [], evaluated: [] });
    expect(decodeTemplate(`\${self.name == ${terraformQuotedString(text)}}`).compared).toEqual([text]);
    expect(Token.isUnresolved(terraformLiteral(text))).toBe(false);
    const synthesized = JSON.parse(
      synthScope((scope) => new TerraformOutput(scope, "out", { value: terraformLiteral(text) })),
    );
    expect(decodeTemplate(synthesized.output.out.value).text).toBe(text);
  });
});

describe("parseStrictJson", () => {
  it("reads what JSON.parse reads", () => {
    const text = '{ "a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"], "b": { "c": {} } }';
    expect(parseStrictJson(text)).toEqual(JSON.parse(text));
  });

  it("names both places of a duplicate key, inside arrays too", () => {
    expect(() => parseStrictJson('{ "roles": [\n  { "name": "a",\n    "name": "b" } ] }')).toThrow(
      new JsonSyntaxError(
        'duplicate key "roles[0].name" at line 3, column 5 (first at line 2, column 5); each key may appear once, ' +
          "since JSON readers disagree on which one wins",
      ),
    );
  });

  it("keeps __proto__ as a plain key", () => {
    const parsed = parseStrictJson('{ "__proto__": { "polluted": true } }') as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

/**
 * Every string field of the config schema, found by walking the schema itself (so a field added
 * later is covered without touching this file), filled with hostile text: either the schema
 * refuses it naming the field, or the synthesized Terraform JSON holds it as a literal that reads
 * back byte for byte and that Terraform would not evaluate. e2e/config-literals.e2e.test.ts checks
 * the same with real terraform.
 */

type JsonSchema = {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
};

interface StringField {
  /** Where it sits, e.g. ["oauthClient", "roles", 0, "name"]. */
  readonly path: readonly (string | number)[];
  /** For a field of one variant of a union (backend), the minimal object of that variant. */
  readonly variant?: { readonly path: readonly string[]; readonly value: Record<string, unknown> };
  /** Free text: may hold line breaks. */
  readonly multiline: boolean;
}

/** Fields that never reach Terraform, and why. */
const NOT_IN_TERRAFORM: Record<string, string> = {
  $schema: "editor hint only",
};

function stringFields(
  schema: JsonSchema,
  path: (string | number)[] = [],
  variant?: StringField["variant"],
): StringField[] {
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) {
    return alternatives.flatMap((alternative) =>
      stringFields(alternative, path, { path: path.map(String), value: minimalVariant(alternative) }),
    );
  }
  if (schema.type === "object") {
    return Object.entries(schema.properties ?? {}).flatMap(([key, property]) =>
      stringFields(property, [...path, key], variant),
    );
  }
  if (schema.type === "array" && schema.items) return stringFields(schema.items, [...path, 0], variant);
  if (schema.type === "string" && schema.const === undefined && schema.enum === undefined) {
    return [{ path, variant, multiline: path[path.length - 1] === "description" }];
  }
  return [];
}

function minimalVariant(schema: JsonSchema): Record<string, unknown> {
  return Object.fromEntries(
    (schema.required ?? []).map((key) => {
      const property = schema.properties?.[key] ?? {};
      return [key, property.const ?? (property.type === "string" ? "placeholder" : undefined)];
    }),
  );
}

const jsonSchema = z.toJSONSchema(environmentFileSchema, { io: "input" }) as JsonSchema;
const FIELDS = stringFields(jsonSchema);
const botRoleFlags = Object.keys(jsonSchema.properties?.oauthClient.properties?.botSessionRole.properties ?? {}).filter(
  (key) => key === "grantToClient" || key === "heldByDeployer",
);

/**
 * Fields a grant type never sends, and why: the two rich environments below together carry every field
 * to Terraform.
 */
const NOT_SENT_FOR: Record<string, readonly string[]> = {
  // Scopes only apply to clients acting for a user.
  "CLIENT-CREDENTIALS": ["oauthClient.scopes[0]"],
  // A client acting for a user cannot use a role: no bot-session role is declared for it.
  CODE: [
    "oauthClient.botSessionRole.name",
    "oauthClient.botSessionRole.description",
    "oauthClient.botSessionRole.division",
    "oauthClient.botSessionRole.permissions[0]",
  ],
};

/** A valid environment of `grantType` in which every config string it sends reaches Terraform (granted custom role). */
function richEnvironment(grantType: string): Record<string, any> {
  return {
    region: "eu-west-1",
    organization: { name: "Acme", id: "73976b4f-c051-45d7-9f59-842e1700cdd1" },
    oauthClient: {
      name: "Partner",
      description: "Partner client",
      grantType,
      scopes: ["user:read"],
      redirectUris: ["https://app.example.com/cb"],
      roles: [{ name: "Developer", division: "Sales" }],
      botSessionRole: {
        name: "Bot sessions",
        description: "Bot sessions role",
        division: "Support",
        permissions: ["textbots:botFlowSession:execute"],
        ...Object.fromEntries(botRoleFlags.map((flag) => [flag, true])),
      },
    },
  };
}

function setAt(target: Record<string, any>, path: readonly (string | number)[], value: unknown): void {
  let node: any = target;
  for (const [i, key] of path.slice(0, -1).entries()) {
    if (node[key] === undefined) node[key] = typeof path[i + 1] === "number" ? [] : {};
    node = node[key];
  }
  node[path[path.length - 1]] = value;
}

const label = (field: StringField) =>
  field.path
    .map((key) => (typeof key === "number" ? `[${key}]` : key))
    .join(".")
    .replace(/\.\[/g, "[");

/** Every string of the synthesized JSON (values and keys). */
function strings(node: unknown): string[] {
  if (typeof node === "string") return [node];
  if (Array.isArray(node)) return node.flatMap(strings);
  if (node && typeof node === "object") return Object.entries(node).flatMap(([key, value]) => [key, ...strings(value)]);
  return [];
}

describe("config strings reach Terraform as literals", () => {
  it("finds the string fields by walking the schema", () => {
    const labels = FIELDS.map(label);
    expect(labels).toEqual(
      expect.arrayContaining([
        "organization.name",
        "oauthClient.name",
        "oauthClient.description",
        "oauthClient.scopes[0]",
        "oauthClient.redirectUris[0]",
        "oauthClient.roles[0].name",
        "oauthClient.roles[0].division",
        "oauthClient.botSessionRole.name",
        "backend.path",
        "backend.bucket",
        "backend.workspace",
      ]),
    );
  });

  // One config per payload, grant type and backend variant, every field that accepts the payload holding it: the
  // variant's own fields, and in the first variant's config also every field outside the backend (a synth is
  // what costs, so none is spent on a config with no backend field of its own).
  const variants = [...new Set(FIELDS.flatMap((field) => (field.variant ? [JSON.stringify(field.variant)] : [])))];
  const payloads = [...HOSTILE_STRINGS, ...HOSTILE_MULTILINE];
  const cases = payloads.flatMap((payload) =>
    Object.keys(NOT_SENT_FOR).map((grantType) => [JSON.stringify(payload), grantType, payload] as const),
  );
  describe.each(cases)("payload %s, %s client", (_shown, grantType, payload) => {
    it.each(variants.map((variant, i) => [variant, i === 0 ? ", and every field outside the backend" : ""]))(
      "backend variant %s%s",
      (variantKey, others) => {
        const variant = JSON.parse(variantKey) as NonNullable<StringField["variant"]>;
        const fields = FIELDS.filter(
          (field) =>
            (field.variant ? JSON.stringify(field.variant) === variantKey : others !== "") &&
            (field.multiline || !HOSTILE_MULTILINE.includes(payload)) &&
            !(label(field) in NOT_IN_TERRAFORM) &&
            !NOT_SENT_FOR[grantType].includes(label(field)),
        );
        const placed = new Map<string, string>();
        const refused: { field: string; named: boolean }[] = [];
        const config = richEnvironment(grantType);
        setAt(config, variant.path, { ...variant.value });
        for (const [i, field] of fields.entries()) {
          // A marker after the payload tells the fields apart in the synthesized JSON.
          const value = `${payload}<${i}>`;
          const candidate = structuredClone(config);
          setAt(candidate, field.path, value);
          const result = environmentFileSchema.safeParse(candidate);
          if (!result.success) {
            // Refused: the message names the field, and nothing of it is synthesized.
            const paths = result.error.issues.map((issue) => issue.path.join("."));
            refused.push({ field: label(field), named: paths.includes(field.path.join(".")) });
            continue;
          }
          setAt(config, field.path, value);
          placed.set(label(field), value);
        }
        expect(refused).toEqual(refused.map(({ field }) => ({ field, named: true })));

        let environments;
        try {
          environments = loadEnvironments(tempConfigDir({ "dev.json": config }), PROJECT_ROOT);
        } catch (error) {
          // Only the local state path may be refused here (outside the project), never with a stack trace.
          expect(error).toBeInstanceOf(ConfigError);
          expect((error as ConfigError).message).toMatch(/backend\.path: .* is outside the project/);
          placed.delete("backend.path");
          setAt(config, ["backend", "path"], "state.tfstate");
          environments = loadEnvironments(tempConfigDir({ "dev.json": config }), PROJECT_ROOT);
        }
        const stack = new PartnerOAuthStack(testApp(), "dev", { environment: environments[0] });
        const synthesized = Testing.synth(stack);
        const all = strings(JSON.parse(synthesized));

        // No cdktf token marker survives, whatever the config said.
        for (const marker of ["${TfToken[", "#{TfToken[", "&{TfToken["]) expect(synthesized).not.toContain(marker);

        // Per field: it reaches Terraform, and every string holding it is a literal that reads back as given.
        const findings = [...placed].map(([field, value]) => {
          const marker = value.slice(value.lastIndexOf("<"));
          const holders = all.filter((text) => text.includes(marker));
          return {
            field,
            reachesTerraform: holders.length > 0,
            holders: holders.map((holder) => {
              const decoded = decodeTemplate(holder);
              const found = [decoded.text, ...decoded.compared].some((text) =>
                field === "backend.path" ? text.endsWith(value) : text.includes(value),
              );
              return { holder, evaluated: decoded.evaluated, found };
            }),
          };
        });
        expect(findings).toEqual(
          findings.map(({ field, holders }) => ({
            field,
            reachesTerraform: true,
            holders: holders.map(({ holder }) => ({ holder, evaluated: [], found: true })),
          })),
        );
      },
    );
  });
});
