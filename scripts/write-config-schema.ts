// Regenerates config/config.schema.json from the zod schema in lib/config/schema.ts.
import * as fs from "fs";
import { CONFIG_JSON_SCHEMA_FILE, renderConfigJsonSchema } from "../lib/config/json-schema";

fs.writeFileSync(CONFIG_JSON_SCHEMA_FILE, renderConfigJsonSchema());
process.stdout.write(`Wrote ${CONFIG_JSON_SCHEMA_FILE}\n`);
