import * as path from "path";
import { App, CloudBackend, LocalBackend, NamedCloudWorkspace, RemoteBackend, S3Backend, TerraformStack } from "cdktf";
import { BackendConfig } from "../config/schema";
import { optionalTerraformLiteral, terraformLiteral } from "../terraform-literal";

/**
 * Gives the stack its own state. A local state path is written relative to the directory
 * Terraform runs in (`<outdir>/stacks/<stack>`), so the synthesized JSON holds no machine path
 * and still finds the state when run with plain `terraform`.
 */
export function addStateBackend(stack: TerraformStack, backend: BackendConfig): void {
  switch (backend.type) {
    case "local": {
      const stackDir = path.resolve(App.of(stack).outdir, "stacks", stack.node.id);
      new LocalBackend(stack, { path: terraformLiteral(path.relative(stackDir, backend.path)) });
      return;
    }
    case "s3":
      new S3Backend(stack, {
        bucket: terraformLiteral(backend.bucket),
        key: terraformLiteral(backend.key),
        region: terraformLiteral(backend.region),
        dynamodbTable: optionalTerraformLiteral(backend.dynamodbTable),
        encrypt: backend.encrypt,
      });
      return;
    case "remote":
      new RemoteBackend(stack, {
        hostname: optionalTerraformLiteral(backend.hostname),
        organization: terraformLiteral(backend.organization),
        workspaces: { name: terraformLiteral(backend.workspace) },
      });
      return;
    case "cloud":
      new CloudBackend(stack, {
        hostname: optionalTerraformLiteral(backend.hostname),
        organization: terraformLiteral(backend.organization),
        workspaces: new NamedCloudWorkspace(terraformLiteral(backend.workspace)),
      });
      return;
  }
}
