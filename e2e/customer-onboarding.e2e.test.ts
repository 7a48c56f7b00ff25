/**
 * docs/multi-tenant.md, "Onboarding a customer" and "Offboarding a customer", followed as written on a copy of
 * the project against the emulator: each command block marked `<!-- onboarding -->` runs in order, as a reader's
 * shell would run it, and what the section promises is checked after each step.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Org, readWorld } from "../sandbox/emulator/world";
import { projectCopy, removeProjectCopies } from "./support/project-copy";
import { type RunResult, run } from "./support/run";

afterAll(removeProjectCopies);

/** The command blocks marked `<!-- onboarding -->`, in order. */
function documentedSteps(doc: string): string[] {
  return [...doc.matchAll(/<!-- onboarding -->\s*```sh\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

describe("docs/multi-tenant.md onboarding, as written, against the emulator", () => {
  it("deploys a customer in two phases, delivers the secret as an integration credential, and offboards it", () => {
    const root = projectCopy();
    const steps = documentedSteps(readFileSync(join(root, "docs", "multi-tenant.md"), "utf8"));
    expect(steps).toHaveLength(5);
    const env = { ...process.env, CHECKPOINT_DISABLE: "1", CI: "true" };
    const sandbox = join(root, ".cache", "emulator", "sandbox");
    const globex = (): Org => readWorld(join(sandbox, "world.json")).orgs.find((o) => o.name === "Globex Corporation")!;
    const runStep = (index: number): RunResult => {
      const block = steps[index]!;
      const result = run(`docs step ${index + 1}`, "bash", ["-e", "-o", "pipefail", "-c", block], env, root, 300_000);
      expect({ block, code: result.code, output: result.code === 0 ? "" : result.output }).toEqual({
        block,
        code: 0,
        output: "",
      });
      return result;
    };

    // 1. The customer file; 2. phase "role", then the admin's grant to the deployer client.
    runStep(0);
    const firstDeploy = runStep(1);
    expect(firstDeploy.output).toMatch(/deploy_phase = role/);
    expect(firstDeploy.output).toMatch(/organization_id = 5b0a9d1e-7c3f-4e2a-9d8b-1f6e2c4a7b90/);
    const role = globex().roles.find((r) => r.name === "Acme Bot Partner bot sessions")!;
    expect(role).toBeDefined();
    expect(globex().oauthClients.map((c) => c.id)).toEqual(["globex-partner-deployer"]);
    expect(globex().oauthClients[0]!.roles).toContainEqual({ roleId: role.id, divisionId: "*" });
    // The customer stack lives in its own state, outside the environments' ones.
    expect(existsSync(join(sandbox, "state", "customer-globex.tfstate"))).toBe(true);

    // 3. heldByDeployer; 4. phase "client", then a plan with no changes.
    runStep(2);
    const secondDeploy = runStep(3);
    expect(secondDeploy.output).toMatch(/deploy_phase = client/);
    expect(secondDeploy.output).toMatch(/secret_delivery = integration-credential/);
    expect(secondDeploy.output).toMatch(/Apply complete!.*No changes/);
    const client = globex().oauthClients.find((c) => c.name === "Acme Bot Partner")!;
    expect(client.roles.map((grant) => grant.roleId)).toEqual([role.id]);
    expect(globex().integrationCredentials).toEqual([
      {
        id: expect.any(String),
        name: "Acme Bot Partner credentials",
        credentialTypeName: "pureCloudOAuthClient",
        fields: { clientId: client.id, clientSecret: client.secret },
      },
    ]);
    // Never into state: the secret is only in the customer's org.
    const state = readFileSync(join(sandbox, "state", "customer-globex.tfstate"), "utf8");
    expect(state).not.toContain(client.secret);
    expect(secondDeploy.output).not.toContain(client.secret);

    // Offboarding removes the client, its credential and the role; the admin's deployer client stays.
    runStep(4);
    expect(existsSync(join(root, "customers", "globex.json"))).toBe(false);
    expect(globex().oauthClients.map((c) => c.id)).toEqual(["globex-partner-deployer"]);
    expect(globex().integrationCredentials).toEqual([]);
    expect(globex().roles.map((r) => r.name)).not.toContain("Acme Bot Partner bot sessions");
  });
});
