// The whole stack: what it declares for a config, its conformance with the pinned provider schema, and the
// shipped environments' snapshots.

import * as fs from "fs";
import * as path from "path";
import { OauthClient } from "../.gen/providers/genesyscloud/oauth-client";
import { GenesyscloudProvider } from "../.gen/providers/genesyscloud/provider";
import { PROVIDER_SOURCE, PROVIDER_VERSION } from "../lib/genesys/provider-rules";
import type { EnvironmentConfig } from "../lib/config/schema";
import { PROJECT_ROOT } from "./support/config-dir";
import { conformanceProblems } from "./support/conformance";
import { environmentWith, shippedEnvironments } from "./support/environments";
import { synthJson, synthStack } from "./support/stacks";

describe("PartnerOAuthStack", () => {
  it("configures the provider for the environment's region and no credentials", () => {
    const { synthesized } = synthStack(environmentWith({ region: "eu-west-1" }));
    expect(synthesized).toHaveProviderWithProperties(GenesyscloudProvider, { aws_region: "eu-west-1" });
    const [provider] = JSON.parse(synthesized).provider.genesyscloud;
    expect(Object.keys(provider)).toEqual(["aws_region"]);
  });

  it("declares the partner OAuth client from the config", () => {
    const { synthesized } = synthStack(
      environmentWith({ oauthClient: { name: "Partner (dev)", botSessionRole: { heldByDeployer: true } } }),
    );
    expect(synthesized).toHaveResourceWithProperties(OauthClient, {
      name: "Partner (dev)",
      authorized_grant_type: "CLIENT-CREDENTIALS",
      access_token_validity_seconds: 86400,
    });
  });

  it("creates nothing before the org guard has read the org", () => {
    const json = synthJson(environmentWith({ oauthClient: { botSessionRole: { heldByDeployer: true } } }));
    const guardAddress = `data.genesyscloud_organizations_me.${Object.keys(json.data.genesyscloud_organizations_me)[0]}`;
    for (const type of ["genesyscloud_oauth_client", "genesyscloud_auth_role"]) {
      for (const resource of Object.values<any>(json.resource[type]))
        expect(resource.depends_on).toEqual([guardAddress]);
    }
  });

  it("looks roles and divisions up only after the org guard, so the wrong org fails with the guard's message", () => {
    const json = synthJson(
      environmentWith({ oauthClient: { roles: [{ name: "Developer" }, { name: "Viewer", division: "Bots" }] } }),
    );
    const guardAddress = `data.genesyscloud_organizations_me.${Object.keys(json.data.genesyscloud_organizations_me)[0]}`;
    for (const type of ["genesyscloud_auth_role", "genesyscloud_auth_division", "genesyscloud_auth_division_home"]) {
      const lookups = Object.values<any>(json.data[type]);
      expect(lookups.length).toBeGreaterThan(0);
      for (const lookup of lookups) expect(lookup.depends_on).toEqual([guardAddress]);
    }
  });

  it('declares only the bot-session role in phase "role", and the client with that role once the deployer holds it', () => {
    const roleOnly = synthJson(environmentWith());
    expect(roleOnly.resource.genesyscloud_oauth_client).toBeUndefined();
    expect(Object.keys(roleOnly.resource.genesyscloud_auth_role)).toHaveLength(1);
    expect(roleOnly.output.deploy_phase.value).toBe("role");
    expect(roleOnly.output.oauth_client_id).toBeUndefined();

    const json = synthJson(environmentWith({ oauthClient: { botSessionRole: { heldByDeployer: true } } }));
    const roleAddress = `genesyscloud_auth_role.${Object.keys(json.resource.genesyscloud_auth_role)[0]}.id`;
    const [client] = Object.values<any>(json.resource.genesyscloud_oauth_client);
    expect(client.roles).toEqual([{ role_id: `\${${roleAddress}}`, division_id: expect.any(String) }]);
    expect(json.output.deploy_phase.value).toBe("client");
  });

  it("declares a client with existing roles at once, without the bot-session role the deployer does not hold", () => {
    const json = synthJson(environmentWith({ oauthClient: { roles: [{ name: "Viewer", division: "*" }] } }));
    const [client] = Object.values<any>(json.resource.genesyscloud_oauth_client);
    expect(client.roles).toEqual([
      { role_id: expect.stringMatching(/^\$\{data\.genesyscloud_auth_role\./), division_id: "*" },
    ]);
    expect(json.output.deploy_phase.value).toBe("client");
  });

  it("never sends scopes for a CLIENT-CREDENTIALS client, and only mapped Genesys scopes otherwise", () => {
    const cc = synthJson(environmentWith({ oauthClient: { scopes: ["textbots"], roles: [{ name: "Viewer" }] } }));
    expect(Object.values<any>(cc.resource.genesyscloud_oauth_client)[0].scopes).toBeUndefined();
    const code = synthJson(
      environmentWith({
        oauthClient: {
          grantType: "CODE",
          redirectUris: ["https://app.example.com/cb"],
          scopes: ["bot:admin", "bot:platform", "analytics:reports:view", "user:read", "textbots"],
        },
      }),
    );
    expect(Object.values<any>(code.resource.genesyscloud_oauth_client)[0].scopes).toEqual([
      "textbots",
      "analytics:readonly",
      "users:readonly",
    ]);
  });

  it("declares no custom role when the bot-session role is disabled", () => {
    const json = synthJson(
      environmentWith({ oauthClient: { roles: [{ name: "Viewer" }], botSessionRole: { enabled: false } } }),
    );
    expect(json.resource.genesyscloud_auth_role).toBeUndefined();
  });

  it("names the bot-session role after the client unless configured", () => {
    const json = synthJson(environmentWith({ oauthClient: { name: "Partner" } }));
    expect(Object.values<any>(json.resource.genesyscloud_auth_role)[0].name).toBe("Partner bot sessions");
  });

  it("protects the client and its role from destroy when preventDestroy is set", () => {
    const json = synthJson(
      environmentWith({ oauthClient: { preventDestroy: true, botSessionRole: { heldByDeployer: true } } }),
    );
    for (const type of ["genesyscloud_oauth_client", "genesyscloud_auth_role"]) {
      expect(Object.values<any>(json.resource[type])[0].lifecycle).toEqual({ prevent_destroy: true });
    }
  });

  it("outputs the org id from the lookup, never a literal, with stable names", () => {
    const json = synthJson(
      environmentWith({ region: "ap-southeast-2", oauthClient: { botSessionRole: { heldByDeployer: true } } }),
    );
    expect(Object.keys(json.output).sort()).toEqual(
      [
        "api_base_url",
        "bot_session_role_id",
        "bot_session_role_name",
        "deploy_phase",
        "login_base_url",
        "oauth_client_id",
        "organization_id",
        "organization_name",
        "region",
      ].sort(),
    );
    expect(json.output.login_base_url.value).toBe("https://login.mypurecloud.com.au");
    expect(json.output.bot_session_role_id.value).toMatch(/^\$\{genesyscloud_auth_role\.[^.]+\.id\}$/);
    // A reference, not the configured text, so no config string becomes a new Terraform literal here.
    expect(json.output.bot_session_role_name.value).toMatch(/^\$\{genesyscloud_auth_role\.[^.]+\.name\}$/);
    expect(json.output.organization_id.value).toMatch(/^\$\{data\.genesyscloud_organizations_me\.[^.]+\.id\}$/);
    expect(json.output.organization_name.value).toMatch(/^\$\{data\.genesyscloud_organizations_me\.[^.]+\.name\}$/);
    expect(json.output.oauth_client_id.value).toMatch(/^\$\{genesyscloud_oauth_client\.[^.]+\.id\}$/);
    expect(json.output.region.value).toBe("ap-southeast-2");
    expect(json.output.api_base_url.value).toBe("https://api.mypurecloud.com.au");
  });

  it("outputs the client secret, sensitive, only when the config exposes it", () => {
    const json = synthJson(
      environmentWith({ oauthClient: { exposeSecret: true, botSessionRole: { heldByDeployer: true } } }),
    );
    expect(json.output.oauth_client_secret).toEqual({
      value: expect.stringMatching(/^\$\{genesyscloud_oauth_client\.[^.]+\.client_secret\}$/),
      sensitive: true,
    });
    const [client] = Object.values<any>(json.resource.genesyscloud_oauth_client);
    expect(client.expose_client_secret).toBe(true);
  });

  it("turns config that cannot work as written into synth warnings, and the defaults into information", () => {
    const annotations = (changes: Record<string, unknown>, type: string) =>
      synthStack(environmentWith({ oauthClient: changes }))
        .stack.node.metadata.filter((entry) => entry.type === type)
        .map((entry) => String(entry.data));

    expect(annotations({}, "@cdktf/warn")).toEqual([]);
    const info = annotations({}, "@cdktf/info");
    expect(info).toHaveLength(2);
    expect(info[0]).toMatch(/requested scopes \(bot:admin, .*\) are not sent/);
    expect(info[1]).toMatch(/deploy phase "role"/);

    const warnings = annotations(
      { scopes: ["textbots"], roles: [{ name: "Viewer" }], botSessionRole: { heldByDeployer: true } },
      "@cdktf/warn",
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/requested scopes \(textbots\) are not sent.*remove oauthClient\.scopes/);
  });
});

/** The shipped environments, and each stack below synthesized once, however many tests read it. */
const SHIPPED = shippedEnvironments();
const synthesized = new Map<EnvironmentConfig, string>();
function synthesizedOnce(environment: EnvironmentConfig): string {
  if (!synthesized.has(environment)) synthesized.set(environment, synthStack(environment).synthesized);
  return synthesized.get(environment)!;
}

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
  it.each([...SHIPPED, everyFeature, codeClient])(
    "the $name stack uses only what provider 1.84.1 accepts",
    (environment) => {
      expect(conformanceProblems(JSON.parse(synthesizedOnce(environment)))).toEqual([]);
    },
  );

  it.each(SHIPPED)("the $name stack requires exactly the pinned provider", (environment) => {
    expect(JSON.parse(synthesizedOnce(environment)).terraform.required_providers.genesyscloud).toEqual({
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
    const broken = (mutate: (json: Record<string, any>) => void) => {
      const json = JSON.parse(synthesizedOnce(everyFeature));
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

/**
 * A provider bump changes the pinned version without changing what we declare. It is replaced
 * on purpose so a bump does not churn every snapshot; the conformance test checks the pinned
 * version instead. (Testing.synth already leaves out cdktf's own version metadata.)
 */
function withoutVersions(synthesized: string): unknown {
  const json = JSON.parse(synthesized);
  json.terraform.required_providers.genesyscloud.version = "<pinned provider version>";
  return json;
}

describe.each(SHIPPED)("the $name stack", (environment) => {
  it(`matches its snapshot (after an intended change: npm run test:update, then review and commit)`, () => {
    expect(withoutVersions(synthesizedOnce(environment))).toMatchSnapshot();
  });
});
