import { App } from "cdktf";
import { loadCustomers, loadEnvironments } from "./config/load";
import { PartnerOAuthStack } from "./partner-oauth-stack";

/**
 * Set by scripts/cdktf.js (npm run deploy:<env>, the emulator's `run cdktf`): the stacks the cdktf
 * command acts on, comma-separated. cdktf itself does not tell the app which stacks were selected,
 * and prints the synth warnings of every stack it synthesized, sorted by stack name.
 */
export const SELECTED_STACKS_ENV = "PARTNER_OAUTH_SELECTED_STACKS";

export function selectedStacksFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env[SELECTED_STACKS_ENV] ?? "").split(",").filter(Boolean);
}

export interface AppOptions {
  /** The folder of `<env>.json` files. */
  readonly configDir: string;
  /** The folder of `<customer>.json` files (stacks `customer-<name>`); none when omitted or missing. */
  readonly customersDir?: string;
  /** Where the stacks go; by default cdktf's (CDKTF_OUTDIR, set by the cdktf CLI, or cdktf.out). */
  readonly outdir?: string;
  /** When given, only these stacks report synth warnings (all stacks are still synthesized). */
  readonly selectedStacks?: readonly string[];
}

/**
 * The whole app: one PartnerOAuthStack per environment file and per customer file, synthesized. main.ts calls it under
 * runApp; tests call it in-process, so they exercise the same entry as `cdktf synth`.
 */
export function synthesizeApp(options: AppOptions): App {
  const selected = options.selectedStacks ?? [];
  const environments = loadEnvironments(options.configDir);
  const customers = options.customersDir ? loadCustomers(options.customersDir, process.cwd(), environments) : [];
  const app = new App({ stackTraces: false, ...(options.outdir ? { outdir: options.outdir } : {}) });
  for (const environment of [...environments, ...customers]) {
    const reportWarnings = selected.length === 0 || selected.includes(environment.name);
    new PartnerOAuthStack(app, environment.name, { environment, reportWarnings });
  }
  app.synth();
  return app;
}
