// Registers cdktf's jest matchers (toBeValidTerraform, toPlanSuccessfully, ...) and their types.
import { setupJest } from "cdktf/lib/testing/adapters/jest";

setupJest();
