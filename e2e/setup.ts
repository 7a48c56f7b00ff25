// Registers cdktf's jest matchers (toBeValidTerraform, toPlanSuccessfully, ...) and their types.
import { setupJest } from "cdktf/lib/testing/adapters/jest";
import { removeTempDirs } from "../test/support/config-dir";

setupJest();
afterAll(removeTempDirs);
