// `npm run config:schema`: regenerates, from the zod schemas in lib/config/schema.ts, the JSON Schemas editors
// check config/<env>.json and customers/<name>.json with, and the field reference beside them
// (test/config.test.ts and test/customers.test.ts fail when one is stale).
import * as fs from "fs";
import {
  CONFIG_JSON_SCHEMA_FILE,
  CONFIG_REFERENCE_FILE,
  CUSTOMER_JSON_SCHEMA_FILE,
  renderConfigJsonSchema,
  renderConfigReference,
  renderCustomerJsonSchema,
} from "../lib/config/json-schema";

for (const [file, content] of [
  [CONFIG_JSON_SCHEMA_FILE, renderConfigJsonSchema()],
  [CUSTOMER_JSON_SCHEMA_FILE, renderCustomerJsonSchema()],
  [CONFIG_REFERENCE_FILE, renderConfigReference()],
]) {
  fs.writeFileSync(file, content);
  process.stdout.write(`Wrote ${file}\n`);
}
