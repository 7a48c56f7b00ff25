#!/usr/bin/env node
// Imports the output of `terraform providers schema -json` (run online against a real provider) as
// the project's pinned schema: keeps the provider block and the resources and data sources that
// the current pinned file has, and records the version the way `cdktf get` expects in a cached file.
// Usage: node scripts/import-provider-schema.js <schema.json> <version>
"use strict";
const fs = require("fs");
const path = require("path");

const PROVIDER = "registry.terraform.io/mypurecloud/genesyscloud";
const schemaDir = path.resolve(__dirname, "..", "provider-schema");

function fail(message) {
  process.stderr.write(`import-provider-schema: ${message}\n`);
  process.exit(1);
}

const [input, version] = process.argv.slice(2);
if (!input || !/^\d+\.\d+\.\d+$/.test(version ?? ""))
  fail("usage: node scripts/import-provider-schema.js <schema.json> <x.y.z>");

const current = fs.readdirSync(schemaDir).filter((f) => /^genesyscloud@.*\.json$/.test(f));
if (current.length !== 1) fail(`expected one pinned schema in ${schemaDir}, found ${current.length}`);
const pinned = JSON.parse(fs.readFileSync(path.join(schemaDir, current[0]), "utf8")).provider_schemas[PROVIDER];

let fresh;
try {
  fresh = JSON.parse(fs.readFileSync(input, "utf8")).provider_schemas[PROVIDER];
} catch (error) {
  fail(`${input}: not the JSON of \`terraform providers schema -json\` (${error.message})`);
}
if (!fresh) fail(`${input}: has no schema for ${PROVIDER}`);

const pick = (kind) => {
  const picked = {};
  for (const name of Object.keys(pinned[kind])) {
    if (!fresh[kind][name]) fail(`${name} is no longer in the ${kind} of ${version}; review before upgrading`);
    picked[name] = fresh[kind][name];
  }
  return picked;
};
const output = {
  format_version: "1.0",
  provider_schemas: {
    [PROVIDER]: {
      provider: fresh.provider,
      resource_schemas: pick("resource_schemas"),
      data_source_schemas: pick("data_source_schemas"),
    },
  },
  provider_versions: { [PROVIDER]: version },
};
const target = path.join(schemaDir, `genesyscloud@${version}.json`);
fs.writeFileSync(target, `${JSON.stringify(output, null, 2)}\n`);
if (path.join(schemaDir, current[0]) !== target) fs.rmSync(path.join(schemaDir, current[0]));
process.stdout.write(
  `Wrote ${path.relative(process.cwd(), target)}. Now set ${version} in cdktf.json (terraformProviders) and ` +
    `PROVIDER_VERSION in lib/genesys/provider-rules.ts, then run npm test.\n`,
);
