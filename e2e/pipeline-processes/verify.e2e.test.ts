// The unit suite starts no terraform process. These run the real
// terraform on provider-less stacks, offline.
import * as fs from "fs";
import * as path from "path";
import { deploy } from "../../commands/pipeline/deploy";
import { verify } from "../../commands/pipeline/verify";
import {
  deployOptions,
  fakeSynth,
  goodOutputs,
  literalStack,
  SECRET,
  tempProject,
  TempProject,
  ORG_ID,
  CLIENT_ID,
  roleOutputs,
} from "../../test/pipeline/support";

async function deployed(
  outputs: Record<string, unknown>,
  config: Record<string, unknown> = {},
  malformed = false,
): Promise<TempProject> {
  const project = tempProject({ dev: config, prod: {} });
  fakeSynth(project, {
    dev: literalStack(project, "dev", outputs, ["oauth_client_secret"]),
    prod: literalStack(project, "prod", goodOutputs("prod")),
  });
  const deploying = deploy(project.context(), deployOptions(project));
  // Deploy applies, then refuses to write an outputs file from malformed outputs; the state has them.
  if (malformed)
    await expect(deploying).rejects.toThrow(`"dev" was applied, but its outputs are not what the app needs`);
  else await deploying;
  return project;
}

describe("verify", () => {
  it("checks the deployed state and reports what it found, never the secret", async () => {
    const project = await deployed(goodOutputs("dev", { oauth_client_secret: SECRET }), {
      oauthClient: { name: "c", exposeSecret: true },
    });
    project.log.length = 0;
    expect(await verify(project.context(), { environment: "dev" })).toMatchObject({
      organizationId: ORG_ID,
      oauthClientSecret: SECRET,
    });
    expect(project.log).toEqual([
      `Verified "dev" (deployed state): organization Acme dev (${ORG_ID}), region us-east-1, ` +
        `login https://login.mypurecloud.com, API https://api.mypurecloud.com, ` +
        `OAuth client ${CLIENT_ID}, client secret exposed (not shown).`,
    ]);
  });

  it("checks an outputs file instead when given one", async () => {
    const project = await deployed(goodOutputs());
    const outputsFile = path.join(project.outDir, "outputs", "dev.json");
    fs.rmSync(path.join(project.dir, "terraform.dev.tfstate"));
    expect((await verify(project.context(), { environment: "dev", outputsFile })).region).toBe("us-east-1");
  });

  it("rejects outputs that contradict the environment's config", async () => {
    const project = await deployed(
      goodOutputs("dev", {
        region: "eu-west-1",
        api_base_url: "https://api.mypurecloud.ie",
        login_base_url: "https://login.mypurecloud.ie",
        organization_name: "Other org",
      }),
    );
    await expect(verify(project.context(), { environment: "dev" })).rejects.toThrow(
      `Environment "dev" does not look right:\n` +
        `  output "region" is "eu-west-1" but config/dev.json has region "us-east-1"\n` +
        `  output "organization_name" is "Other org" but config/dev.json expects "Acme dev"`,
    );
  });

  it("checks the org id when the config pins it", async () => {
    const pinned = (id: string) => ({ organization: { name: "Acme dev", id } });
    const matching = await deployed(goodOutputs(), pinned(ORG_ID));
    expect((await verify(matching.context(), { environment: "dev" })).organizationId).toBe(ORG_ID);

    const otherId = "0f1e2d3c-4b5a-4968-8776-655443322110";
    const other = await deployed(goodOutputs(), pinned(otherId));
    await expect(verify(other.context(), { environment: "dev" })).rejects.toThrow(
      `output "organization_id" is "${ORG_ID}" but config/dev.json pins organization.id "${otherId}"`,
    );
  });

  it("names missing and malformed outputs of the deployed stack", async () => {
    const { oauth_client_id: _omitted, ...outputs } = goodOutputs("dev", { api_base_url: "https://api.example.com" });
    const project = await deployed(outputs, {}, true);
    await expect(verify(project.context(), { environment: "dev" })).rejects.toThrow(
      `deployed state of stack "dev": stack "dev":\n` +
        `  output "api_base_url" is "https://api.example.com" but region "us-east-1" has the API base URL "https://api.mypurecloud.com"\n` +
        `  output "oauth_client_id" is missing`,
    );
  });

  it("wants the secret exactly when the config exposes it", async () => {
    const exposed = await deployed(goodOutputs(), { oauthClient: { name: "c", exposeSecret: true } });
    await expect(verify(exposed.context(), { environment: "dev" })).rejects.toThrow(
      `output "oauth_client_secret" is missing though config/dev.json sets oauthClient.exposeSecret`,
    );
    const hidden = await deployed(goodOutputs("dev", { oauth_client_secret: SECRET }));
    await expect(verify(hidden.context(), { environment: "dev" })).rejects.toThrow(
      "is exposed though config/dev.json does not set oauthClient.exposeSecret",
    );
  });

  it('passes phase "role" (no client yet) and names the next step', async () => {
    const project = await deployed(roleOutputs(), { oauthClient: { name: "Partner (dev)", botSessionRole: {} } });
    project.log.length = 0;
    expect((await verify(project.context(), { environment: "dev" })).oauthClientId).toBeUndefined();
    expect(project.log).toEqual([
      `Verified "dev" (deployed state): organization Acme dev (${ORG_ID}), region us-east-1, ` +
        `login https://login.mypurecloud.com, API https://api.mypurecloud.com, deploy phase "role": the bot-session ` +
        `role "Partner (dev) bot sessions" exists, the OAuth client does not yet. Next: an org admin grants the role ` +
        `"Partner (dev) bot sessions" to the DEPLOYER's OAuth client (the client whose id is in ` +
        `GENESYSCLOUD_OAUTHCLIENT_ID; division: the home division), then set ` +
        `oauthClient.botSessionRole.heldByDeployer to true in config/dev.json and deploy again (phase "client").`,
    ]);
  });

  it("rejects a deployed phase other than the config gives", async () => {
    const project = await deployed(roleOutputs());
    await expect(verify(project.context(), { environment: "dev" })).rejects.toThrow(
      `output "deploy_phase" is "role" but config/dev.json gives phase "client" (deployed from an older config? deploy again)`,
    );
  });

  it("explains a stack that was never deployed", async () => {
    const project = tempProject({ dev: {} });
    fakeSynth(project, { dev: literalStack(project, "dev", goodOutputs()) });
    await expect(verify(project.context(), { environment: "dev" })).rejects.toThrow(
      `The state of stack "dev" has no outputs: it was never deployed`,
    );
  });
});
