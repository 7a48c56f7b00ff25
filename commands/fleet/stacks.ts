/** The stacks of a synthesized output (cdktf's manifest.json) and each stack's own credentials. */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { CREDENTIAL_ENV_VARS } from "../../lib/genesys/provider-rules";
import { isInsideRealPath } from "../../lib/real-path";
import { PARTNER_SECRET_ENV } from "../doctor/checks";
import { type Credentials, deployerCredentials, hasProviderCredentials } from "../core/credentials";
import { CommandError } from "../core/errors";
import { readJsonFile } from "../core/files";

export interface FleetStack {
  readonly name: string;
  /** Terraform working directory (holds cdk.tf.json), inside the output folder. */
  readonly dir: string;
}

/** Stack names become GitHub environment names and variable suffixes, and an artifact is untrusted. */
const STACK_NAME = /^[a-z][a-z0-9-]{0,62}$/;

const manifestSchema = z.object({
  stacks: z.record(z.string().regex(STACK_NAME), z.object({ workingDirectory: z.string().min(1) })),
});

const RESYNTH = `Run "npm run pipeline:synth" first.`;

/** Every stack of the output in `outDir`, sorted by name. */
export function synthesizedStacks(outDir: string): FleetStack[] {
  const file = path.join(outDir, "manifest.json");
  const manifest = manifestSchema.safeParse(
    readJsonFile(file, {
      missing: () => `${file} not found: ${outDir} is not a synthesized output. ${RESYNTH}`,
      invalid: () => `${file} is not JSON. ${RESYNTH}`,
    }),
  );
  if (!manifest.success) {
    throw new CommandError(
      `${file} is not a cdktf manifest of this app (stacks.<name>.workingDirectory, names of lower-case ` +
        `letters, digits and dashes). ${RESYNTH}`,
    );
  }
  return Object.entries(manifest.data.stacks)
    .map(([name, entry]) => {
      const dir = path.join(outDir, entry.workingDirectory);
      if (!isInsideRealPath(outDir, dir) || path.resolve(dir) === path.resolve(outDir)) {
        throw new CommandError(`Refusing stack "${name}" of ${file}: its working directory is outside ${outDir}.`);
      }
      if (!fs.existsSync(path.join(dir, "cdk.tf.json"))) {
        throw new CommandError(`${path.join(dir, "cdk.tf.json")} is missing: ${outDir} is incomplete. ${RESYNTH}`);
      }
      return { name, dir };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Variables that differ per stack: given as `<NAME>__<STACK KEY>`, each stack sees only its own as `<NAME>`. */
export const PER_STACK_VARS = [
  CREDENTIAL_ENV_VARS.clientId,
  CREDENTIAL_ENV_VARS.clientSecret,
  CREDENTIAL_ENV_VARS.accessToken,
  // The partner app's client secret, for the doctor (--live) only; never given to terraform.
  PARTNER_SECRET_ENV,
  // Attaches terraform to an already running provider: the local emulator runs one per org.
  "TF_REATTACH_PROVIDERS",
] as const;

/** `customer-acme` → `CUSTOMER_ACME`: the suffix of the stack's own variables. */
export function stackKey(stack: string): string {
  return stack.toUpperCase().replace(/[^A-Z0-9]/g, "_");
}

export function perStackName(name: string, stack: string): string {
  return `${name}__${stackKey(stack)}`;
}

/** Refuses two stacks whose names give the same variable suffix (they would share credentials). */
export function assertDistinctKeys(stacks: readonly string[]): void {
  const seen = new Map<string, string>();
  for (const stack of stacks) {
    const other = seen.get(stackKey(stack));
    if (other !== undefined) {
      throw new CommandError(
        `Stacks "${other}" and "${stack}" would both read credentials from *__${stackKey(stack)}; rename one.`,
      );
    }
    seen.set(stackKey(stack), stack);
  }
}

export interface StackCredentials {
  /** The environment terraform runs with: the inherited one without anyone's credentials, plus this stack's. */
  readonly terraformEnv: NodeJS.ProcessEnv;
  /** Whether the provider will find credentials (client id and secret, or an access token). */
  readonly hasProviderCredentials: boolean;
  readonly deployer?: Credentials;
  readonly partnerSecret?: string;
  /** Every secret value of this stack, to keep out of anything printed. */
  readonly secrets: readonly string[];
}

const PER_STACK_PATTERN = new RegExp(`^(${PER_STACK_VARS.join("|")})(__|$)`);

export function stackCredentials(stack: string, env: NodeJS.ProcessEnv): StackCredentials {
  // Unsuffixed GENESYSCLOUD_* belong to no stack in particular: never let one org's credentials plan another.
  const own: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(env).filter(([name]) => !PER_STACK_PATTERN.test(name) && !name.startsWith("GENESYSCLOUD_")),
  );
  for (const name of PER_STACK_VARS) {
    const value = env[perStackName(name, stack)];
    if (value) own[name] = value;
  }
  // terraformEnv (core) then drops empty credential-like values and whatever terraform does not need.
  const { [PARTNER_SECRET_ENV]: partnerSecret, ...terraformEnv } = own;
  return {
    terraformEnv,
    hasProviderCredentials: hasProviderCredentials(own),
    deployer: deployerCredentials(own),
    partnerSecret,
    secrets: [own[CREDENTIAL_ENV_VARS.clientSecret], own[CREDENTIAL_ENV_VARS.accessToken], partnerSecret].filter(
      (s): s is string => s !== undefined,
    ),
  };
}
