import { selectedStacksFromEnv, synthesizeApp } from "./lib/app";
import { runApp } from "./lib/cli";
import { configDirFromEnv } from "./lib/config/load";

runApp(() => synthesizeApp({ configDir: configDirFromEnv(), selectedStacks: selectedStacksFromEnv() }));
