import * as fs from "fs";
import * as path from "path";
import { PROVIDER_SOURCE, PROVIDER_VERSION } from "../lib/genesys/provider-rules";
import { PROJECT_ROOT } from "./support/config-dir";
import { conformanceProblems } from "./support/conformance";
import { environmentWith, shippedEnvironments } from "./support/environments";
import { synthJson } from "./support/stacks";

const everyFeature = environmentWith({
  region: "eu-central-1",
  oauthClient: {
    name: "Every feature",
    exposeSecret: true,
    preventDestroy: true,
    state: "inactive",
    accessTokenValiditySeconds: 300,
    roles: [{ name: "Developer" }, { name: "Viewer", division: "*" }, { name: "Viewer", division: "Partner Apps" }],
    botSessionRole: {
      heldByDeployer: true,
      division: "Partner Apps",
      permissions: ["textbots:botFlowSession:execute", "analytics:botFlowSession:view"],
    },
  },
  backend: { type: "s3", bucket: "acme", region: "eu-central-1" },
});

const codeClient = environmentWith({
  oauthClient: {
    name: "Code client",
    grantType: "CODE",
    scopes: ["bot:admin", "textbots:readonly", "user:read"],
    redirectUris: ["https://app.example.com/callback"],
  },
});

describe("conformance with the pinned genesyscloud provider schema", () => {
  it.each([...shippedEnvironments(), everyFeature, codeClient])(
    "the $name stack uses only what provider 1.84.1 accepts",
    (environment) => {
      expect(conformanceProblems(synthJson(environment))).toEqual([]);
    },
  );

  it.each(shippedEnvironments())("the $name stack requires exactly the pinned provider", (environment) => {
    expect(synthJson(environment).terraform.required_providers.genesyscloud).toEqual({
      source: PROVIDER_SOURCE,
      version: PROVIDER_VERSION,
    });
  });

  it("cdktf.json declares the pinned provider, so an online `cdktf get` generates the same bindings", () => {
    const cdktfJson = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "cdktf.json"), "utf8"));
    expect(cdktfJson.terraformProviders).toEqual([`${PROVIDER_SOURCE}@${PROVIDER_VERSION}`]);
  });

  it("generated bindings and the pinned schema are for the same provider version", () => {
    const versions = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, ".gen", "versions.json"), "utf8"));
    expect(versions).toEqual({ [`registry.terraform.io/${PROVIDER_SOURCE}`]: PROVIDER_VERSION });
  });

  describe("the checker", () => {
    const valid = synthJson(everyFeature);
    const broken = (mutate: (json: Record<string, any>) => void) => {
      const json = JSON.parse(JSON.stringify(valid));
      mutate(json);
      return conformanceProblems(json).join("\n");
    };
    const client = (json: Record<string, any>) => Object.values<any>(json.resource.genesyscloud_oauth_client)[0];

    it("catches an attribute the schema does not have", () => {
      expect(broken((json) => (client(json).organization_id = "x"))).toMatch(
        /organization_id: not an attribute or block/,
      );
    });
    it("catches a missing required attribute", () => {
      expect(broken((json) => delete client(json).authorized_grant_type)).toMatch(
        /authorized_grant_type: required but missing/,
      );
    });
    it("catches a literal of the wrong type", () => {
      expect(broken((json) => (client(json).access_token_validity_seconds = "86400"))).toMatch(/expected a number/);
      expect(broken((json) => (client(json).scopes = [1]))).toMatch(/set item: expected a string/);
    });
    it("catches values the provider rejects", () => {
      expect(broken((json) => (json.provider.genesyscloud[0].aws_region = "us-east-9"))).toMatch(
        /expected aws_region to be one of \[.*\], got us-east-9/,
      );
      expect(broken((json) => (client(json).authorized_grant_type = "client-credentials"))).toMatch(
        /expected authorized_grant_type to be one of \[.*\], got client-credentials/,
      );
      expect(broken((json) => (client(json).state = "disabled"))).toMatch(
        /expected state to be one of \["active" "inactive"\], got disabled/,
      );
      expect(broken((json) => (client(json).access_token_validity_seconds = 299))).toMatch(
        /expected access_token_validity_seconds to be in the range \(300 - 38880000\), got 299/,
      );
    });
    it("catches a read-only attribute being set and an unknown resource type", () => {
      expect(broken((json) => (client(json).client_id = "x"))).toMatch(/client_id: is read-only/);
      expect(broken((json) => (json.data.genesyscloud_organization = { org: {} }))).toMatch(
        /genesyscloud_organization is not a data of provider 1.84.1/,
      );
    });
  });
});
