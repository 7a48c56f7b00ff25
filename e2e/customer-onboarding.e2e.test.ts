/**
 * docs/multi-tenant.md, "Onboarding a customer" and "Offboarding a customer", followed as written on a copy of
 * the project against the emulator: each customer file the section shows is written where it says, each
 * command it shows is run in order, and what the section promises is checked after each step.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Org, readWorld } from "../sandbox/emulator/world";
import { projectCopy, removeProjectCopies } from "./support/project-copy";
import { run } from "./support/run";

afterAll(removeProjectCopies);

type Step = { kind: "file"; path: string; content: string } | { kind: "commands"; lines: string[] };

/** The marked blocks of the doc, in order: `<!-- onboarding:file PATH -->` and `<!-- onboarding:commands -->`. */
function documentedSteps(doc: string): Step[] {
  const marker = /<!-- onboarding:(file (\S+)|commands) -->\s*```(\w+)\n([\s\S]*?)```/g;
  return [...doc.matchAll(marker)].map(([, kind, path, , body]) =>
    kind.startsWith("file")
      ? { kind: "file", path: path!, content: body! }
      : { kind: "commands", lines: body!.split("\n").filter((line) => line.trim() !== "") },
  );
}

/** The words of one documented command line (plain words and double-quoted strings, as a shell reads them). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2]!);
}

describe("docs/multi-tenant.md onboarding, as written, against the emulator", () => {
  it("deploys a customer in two phases, delivers the secret as an integration credential, and offboards it", () => {
    const root = projectCopy();
    const steps = documentedSteps(readFileSync(join(root, "docs", "multi-tenant.md"), "utf8"));
    expect(steps.map((step) => step.kind)).toEqual(["file", "commands", "file", "commands", "commands"]);
    const env = { ...process.env, CHECKPOINT_DISABLE: "1", CI: "true" };
    const sandbox = join(root, ".cache", "emulator", "sandbox");
    const globex = (): Org => readWorld(join(sandbox, "world.json")).orgs.find((o) => o.name === "Globex Corporation")!;
    const runCommands = (step: Step) => {
      if (step.kind !== "commands") throw new Error("expected commands");
      return step.lines.map((line) => {
        const [command, ...args] = words(line);
        const result = run(line, command!, args, env, root, 180_000);
        expect({ line, code: result.code, output: result.code === 0 ? "" : result.output }).toEqual({
          line,
          code: 0,
          output: "",
        });
        return result;
      });
    };
    const writeFile = (step: Step) => {
      if (step.kind !== "file") throw new Error("expected a file");
      writeFileSync(join(root, step.path), step.content);
    };

    // 1. The customer file; 2. phase "role", then the admin's grant to the deployer client.
    writeFile(steps[0]!);
    const [firstDeploy] = runCommands(steps[1]!);
    expect(firstDeploy!.output).toMatch(/deploy_phase = role/);
    expect(firstDeploy!.output).toMatch(/organization_id = 5b0a9d1e-7c3f-4e2a-9d8b-1f6e2c4a7b90/);
    const role = globex().roles.find((r) => r.name === "Acme Bot Partner bot sessions")!;
    expect(role).toBeDefined();
    expect(globex().oauthClients.map((c) => c.id)).toEqual(["globex-partner-deployer"]);
    expect(globex().oauthClients[0]!.roles).toContainEqual({ roleId: role.id, divisionId: "*" });
    // The customer stack lives in its own state, outside the environments' ones.
    expect(existsSync(join(sandbox, "state", "customer-globex.tfstate"))).toBe(true);

    // 3. heldByDeployer; 4. phase "client", then a plan with no changes.
    writeFile(steps[2]!);
    const [secondDeploy, diff] = runCommands(steps[3]!);
    expect(secondDeploy!.output).toMatch(/deploy_phase = client/);
    expect(secondDeploy!.output).toMatch(/secret_delivery = integration-credential/);
    expect(diff!.output).toMatch(/No changes/);
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
    expect(secondDeploy!.output).not.toContain(client.secret);

    // Offboarding removes the client, its credential and the role; the admin's deployer client stays.
    runCommands(steps[4]!);
    expect(globex().oauthClients.map((c) => c.id)).toEqual(["globex-partner-deployer"]);
    expect(globex().integrationCredentials).toEqual([]);
    expect(globex().roles.map((r) => r.name)).not.toContain("Acme Bot Partner bot sessions");
  });
});
