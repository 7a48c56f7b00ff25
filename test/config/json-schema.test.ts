import * as fs from "fs";
import * as path from "path";
import Ajv2020 from "ajv/dist/2020";
import {
  CONFIG_JSON_SCHEMA_FILE,
  CONFIG_REFERENCE_FILE,
  configFields,
  configJsonSchema,
  renderConfigJsonSchema,
  renderConfigReference,
} from "../../lib/config/json-schema";
import { PROJECT_ROOT, SHIPPED_CONFIG_DIR } from "../support/config-dir";

const committed = fs.readFileSync(path.join(PROJECT_ROOT, CONFIG_JSON_SCHEMA_FILE), "utf8");
const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(configJsonSchema());

describe("config JSON Schema", () => {
  it("is the committed config/config.schema.json (run `npm run config:schema` after changing lib/config/schema.ts)", () => {
    expect(committed).toBe(renderConfigJsonSchema());
  });

  it.each(fs.readdirSync(SHIPPED_CONFIG_DIR).filter((f) => f.endsWith(".json") && !f.endsWith(".schema.json")))(
    "validates the shipped %s, which points to it",
    (file) => {
      const content = JSON.parse(fs.readFileSync(path.join(SHIPPED_CONFIG_DIR, file), "utf8"));
      expect(content.$schema).toBe("./config.schema.json");
      expect(validate(content)).toBe(true);
    },
  );

  it("flags in the editor what the loader rejects", () => {
    expect(validate({ region: "us-east-9", organization: { name: "x" }, oauthClient: { name: "y" } })).toBe(false);
    expect(
      validate({ region: "us-east-1", organization: { name: "x" }, oauthClient: { name: "y", grant_type: "CODE" } }),
    ).toBe(false);
    expect(validate({ region: "us-east-1", organization: {}, oauthClient: { name: "y" } })).toBe(false);
  });
});

describe("config field reference", () => {
  it("is the committed config/README.md (run `npm run config:schema` after changing lib/config/schema.ts)", () => {
    expect(fs.readFileSync(path.join(PROJECT_ROOT, CONFIG_REFERENCE_FILE), "utf8")).toBe(renderConfigReference());
  });

  it("says what every field means: each has a .describe() text in lib/config/schema.ts", () => {
    expect(
      configFields()
        .filter((field) => !field.description)
        .map((field) => field.path),
    ).toEqual([]);
  });

  it("has one row per field, with its default and the variant a union field belongs to", () => {
    const rows = renderConfigReference().split("\n");
    expect(rows).toContain(
      "| `oauthClient.accessTokenValiditySeconds` | integer 300–38880000 | `86400` | Lifetime of issued access tokens, in seconds. |",
    );
    expect(rows.filter((row) => row.startsWith("| `backend.workspace` |"))).toEqual([
      '| `backend.workspace` | string | required | With "type": "remote" or "cloud". Workspace holding this environment\'s state. |',
    ]);
    expect(rows.filter((row) => row.startsWith("| `oauthClient.roles[].name` |"))).toHaveLength(1);
  });
});
