// `npm run config:schema`: regenerates, from the zod schema in lib/config/schema.ts, the JSON Schema editors
// check config/<env>.json with and the field reference beside it (test/config/json-schema.test.ts fails when
// either is stale).
import * as fs from "fs";
import {
  CONFIG_JSON_SCHEMA_FILE,
  CONFIG_REFERENCE_FILE,
  renderConfigJsonSchema,
  renderConfigReference,
} from "../lib/config/json-schema";

for (const [file, content] of [
  [CONFIG_JSON_SCHEMA_FILE, renderConfigJsonSchema()],
  [CONFIG_REFERENCE_FILE, renderConfigReference()],
]) {
  fs.writeFileSync(file, content);
  process.stdout.write(`Wrote ${file}\n`);
}
