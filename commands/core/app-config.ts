import { z } from "zod";
import { asUsage, usageError } from "./errors";
import { readJsonFile } from "./files";

const required = (name: string) =>
  z.custom<string>((value) => typeof value === "string" && value.trim() !== "", `${name} must be a non-empty string`);
const optional = (name: string) => z.string({ error: `${name} must be a string` }).optional();

/** The fields the doctor and rotate-secret use; the others are ignored, and no value is ever echoed (one may be a secret). */
const appConfigInput = z.object(
  {
    organizationId: required("organizationId"),
    oauthClientId: required("oauthClientId"),
    organizationName: optional("organizationName"),
    region: optional("region"),
  },
  {
    error: (issue) =>
      `must hold a JSON object (the app config), got ${Array.isArray(issue.input) ? "an array" : typeof issue.input}`,
  },
);

export type AppConfigInput = z.infer<typeof appConfigInput>;

/** An app config file as pipeline:app-config writes it; every problem is a usage error. */
export function readAppConfig(file: string): AppConfigInput {
  const json = asUsage(() =>
    readJsonFile(file, {
      missing: () =>
        `${file} not found: write it with "npm run pipeline:app-config -- <env>" or pass --app-config FILE.`,
    }),
  );
  const parsed = appConfigInput.safeParse(json);
  if (parsed.success) return parsed.data;
  const [first] = parsed.error.issues;
  if (first?.path.length === 0) throw usageError(`${file} ${first.message}`);
  throw usageError(`${file}: ${parsed.error.issues.map((issue) => issue.message).join("; ")}`);
}
