/** The world file: what `readWorld` accepts, what it refuses (one line naming the file and the field), and that what the sandbox writes reads back. */
import * as fs from "fs";
import * as path from "path";
import { CommandError, EXIT } from "../../commands/core/errors";
import { createClient, createOrg } from "../../sandbox/admin";
import { main } from "../../sandbox/cli";
import { readWorld, updateWorld } from "../../sandbox/emulator/world";
import { tempDir } from "../support/config-dir";
import { buildWorld } from "./support";

const DEFAULT_FIXTURE = path.join(__dirname, "..", "..", "sandbox", "emulator", "fixtures", "default.json");

let worldFile: string;
beforeEach(() => {
  worldFile = path.join(tempDir("sandbox-world-"), "world.json");
});

function refusal(text: string): CommandError {
  fs.writeFileSync(worldFile, text);
  try {
    readWorld(worldFile);
  } catch (error) {
    if (error instanceof CommandError) return error;
    throw error;
  }
  throw new Error("readWorld accepted the file");
}

describe("readWorld", () => {
  it("loads the default fixture", () => {
    expect(readWorld(DEFAULT_FIXTURE).orgs.length).toBeGreaterThan(0);
  });

  it("reads back what the sandbox writes", () => {
    fs.writeFileSync(worldFile, JSON.stringify(buildWorld()));
    createOrg(worldFile, { name: "Another", region: "eu-west-1" });
    createClient(worldFile, {
      org: "Another",
      name: "deployer",
      roles: ["Master Admin"],
      grantType: "CLIENT-CREDENTIALS",
      deployer: true,
    });
    updateWorld(worldFile, (world) => {
      world.orgs[0]!.roles[0]!.permissionPolicies = [
        {
          domain: "routing",
          entityName: "queue",
          actionSet: ["view"],
          resourceConditionNode: {
            conjunction: "AND",
            terms: [{ variableName: "Queue.id", operator: "EQ", operands: [{ type: "QUEUE", queue: { id: "q1" } }] }],
          },
        },
      ];
      world.deletedOAuthClients = [{ orgId: world.orgs[0]!.id, id: "gone", name: "gone", stateHistory: ["active"] }];
    });
    const written = JSON.parse(fs.readFileSync(worldFile, "utf8"));
    expect(readWorld(worldFile)).toEqual(written);
  });

  it("refuses a field of the wrong type, naming the file and the field", () => {
    const world = buildWorld() as any;
    world.orgs[0].oauthClients[0].accessTokenValiditySeconds = "3600";
    expect(refusal(JSON.stringify(world)).message).toBe(
      `${worldFile}: orgs[0].oauthClients[0].accessTokenValiditySeconds: expected a number, got the string "3600"`,
    );
  });

  it("refuses an unknown key, with the keys allowed there", () => {
    const error = refusal(JSON.stringify({ ...buildWorld(), org: [] }));
    expect(error.message).toBe(
      `${worldFile}: org: unknown field; allowed here: orgs, deletedOAuthClients. Did you mean "orgs"?`,
    );
    expect(error.exitCode).toBe(EXIT.failure);
  });

  it("refuses an org without exactly one home division", () => {
    const world = buildWorld() as any;
    for (const division of world.orgs[0].divisions) delete division.home;
    expect(refusal(JSON.stringify(world)).message).toBe(
      `${worldFile}: orgs[0].divisions: needs exactly one division with "home": true`,
    );
  });

  it("refuses a file that is not JSON, with the line and column", () => {
    expect(refusal('{\n  "orgs": []\n  "x": 1\n}').message).toBe(
      `${worldFile} is not valid JSON: expected "," or "}" (line 3, column 3)`,
    );
  });

  it("is one error line from the sandbox command, exit 1", async () => {
    fs.writeFileSync(worldFile, JSON.stringify({ orgs: "none" }));
    const err: string[] = [];
    const code = await main(["show", "--world", worldFile], { env: {}, out: () => {}, err: (l) => err.push(l) });
    expect({ code, err }).toEqual({
      code: 1,
      err: [`error: ${worldFile}: orgs: expected an array, got the string "none"`],
    });
  });
});
