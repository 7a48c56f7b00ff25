import { App } from "cdktf";
import { runApp } from "./lib/cli";
import { configDirFromEnv, loadEnvironments } from "./lib/config/load";
import { PartnerOAuthStack } from "./lib/partner-oauth-stack";

runApp(() => {
  const environments = loadEnvironments(configDirFromEnv());
  const app = new App({ stackTraces: false });
  for (const environment of environments) {
    new PartnerOAuthStack(app, environment.name, { environment });
  }
  app.synth();
});
