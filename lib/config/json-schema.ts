import { z } from "zod";
import { environmentFileSchema } from "./schema";

/** Where the JSON Schema lives; every config file points to it with `"$schema": "./config.schema.json"`. */
export const CONFIG_JSON_SCHEMA_FILE = "config/config.schema.json";

/** The JSON Schema editors use for `config/<env>.json`, derived from the zod schema. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(environmentFileSchema, { io: "input", target: "draft-2020-12" }),
    title: "Genesys partner OAuth environment",
  };
}

export function renderConfigJsonSchema(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
