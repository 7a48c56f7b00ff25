import { selectedStacksFromEnv, synthesizeApp } from "./lib/app";
import { runApp } from "./lib/cli";
import { configDirFromEnv, customersDirFromEnv } from "./lib/config/load";

runApp(() =>
  synthesizeApp({
    configDir: configDirFromEnv(),
    customersDir: customersDirFromEnv(),
    selectedStacks: selectedStacksFromEnv(),
  }),
);
