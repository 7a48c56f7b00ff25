import * as path from "path";
import { Testing, TerraformStack } from "cdktf";
import { addStateBackend } from "../../lib/constructs/state-backend";
import { BackendConfig } from "../../lib/config/schema";
import { PROJECT_ROOT, tempDir } from "../support/config-dir";
import { testApp } from "../support/stacks";

function backendOf(backend: BackendConfig, app = testApp()) {
  const stack = new TerraformStack(app, "dev");
  addStateBackend(stack, backend);
  const { terraform } = JSON.parse(Testing.synth(stack));
  return terraform.cloud ? { cloud: terraform.cloud } : terraform.backend;
}

describe("addStateBackend", () => {
  it("writes a local state path relative to where Terraform runs the stack, not a machine path", () => {
    expect(backendOf({ type: "local", path: `${PROJECT_ROOT}/terraform.dev.tfstate` })).toEqual({
      local: { path: "../../../terraform.dev.tfstate" },
    });
  });

  it("follows the app's output directory", () => {
    const root = tempDir("partner-oauth-root-");
    const app = Testing.app({ outdir: path.join(root, "build") });
    expect(backendOf({ type: "local", path: path.join(root, "state", "dev.tfstate") }, app)).toEqual({
      local: { path: "../../../state/dev.tfstate" },
    });
  });

  it("configures S3 with encryption and locking", () => {
    const backend = backendOf({
      type: "s3",
      bucket: "b",
      key: "k/dev.tfstate",
      region: "eu-west-1",
      dynamodbTable: "locks",
      encrypt: true,
    });
    expect(backend).toEqual({
      s3: { bucket: "b", key: "k/dev.tfstate", region: "eu-west-1", dynamodb_table: "locks", encrypt: true },
    });
  });

  it("configures an HCP Terraform workspace", () => {
    expect(backendOf({ type: "cloud", organization: "acme", workspace: "partner-dev" })).toEqual({
      cloud: { organization: "acme", workspaces: { name: "partner-dev" } },
    });
    expect(backendOf({ type: "remote", organization: "acme", workspace: "partner-dev" })).toEqual({
      remote: { organization: "acme", workspaces: { name: "partner-dev" } },
    });
  });
});
