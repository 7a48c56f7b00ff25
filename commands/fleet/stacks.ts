/** Each stack's own credentials, given side by side in one environment. */
import { CREDENTIAL_ENV_VARS } from "../../lib/genesys/provider-rules";
import { PARTNER_SECRET_ENV, doctorCredentials } from "../doctor/checks";
import type { Credentials } from "../core/credentials";

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

/** `customer-acme` → `CUSTOMER_ACME`: the suffix of the stack's own variables, one per stack name (STACK_NAME). */
export function stackKey(stack: string): string {
  return stack.toUpperCase().replace(/[^A-Z0-9]/g, "_");
}

export function perStackName(name: string, stack: string): string {
  return `${name}__${stackKey(stack)}`;
}

export interface StackCredentials {
  /** The environment terraform runs with: the inherited one without anyone's credentials, plus this stack's. */
  readonly terraformEnv: NodeJS.ProcessEnv;
  /** For the doctor (--live). */
  readonly deployer: Credentials | undefined;
  readonly partnerSecret: string | undefined;
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
    ...doctorCredentials(own),
    secrets: [own[CREDENTIAL_ENV_VARS.clientSecret], own[CREDENTIAL_ENV_VARS.accessToken], partnerSecret].filter(
      (s): s is string => s !== undefined,
    ),
  };
}
