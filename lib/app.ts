import { App } from "cdktf";
import { loadEnvironments } from "./config/load";
import { PartnerOAuthStack } from "./partner-oauth-stack";

export interface AppOptions {
  /** The folder of `<env>.json` files. */
  readonly configDir: string;
  /** Where the stacks go; by default cdktf's (CDKTF_OUTDIR, set by the cdktf CLI, or cdktf.out). */
  readonly outdir?: string;
}

/**
 * The whole app: one PartnerOAuthStack per environment file, synthesized. main.ts calls it under
 * runApp; tests call it in-process, so they exercise the same entry as `cdktf synth`.
 */
export function synthesizeApp(options: AppOptions): App {
  const environments = loadEnvironments(options.configDir);
  const app = new App({ stackTraces: false, ...(options.outdir ? { outdir: options.outdir } : {}) });
  for (const environment of environments) {
    new PartnerOAuthStack(app, environment.name, { environment });
  }
  app.synth();
  return app;
}
