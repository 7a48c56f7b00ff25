// Registers cdktf's jest matchers (toHaveResourceWithProperties, toBeValidTerraform, ...) and their types.
import { setupJest } from "cdktf/lib/testing/adapters/jest";
import { removeTempDirs } from "./support/config-dir";

setupJest();
afterAll(removeTempDirs);
