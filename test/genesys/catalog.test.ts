import { KNOWN_PERMISSIONS, KNOWN_SCOPES } from "../../lib/genesys/catalog";

describe("Genesys API catalog", () => {
  it("knows the bot-session permission and the textbots scopes", () => {
    expect(KNOWN_PERMISSIONS.has("textbots:botFlowSession:execute")).toBe(true);
    expect(KNOWN_SCOPES.has("textbots")).toBe(true);
    expect(KNOWN_SCOPES.has("all")).toBe(true);
  });

  it("does not know the scopes users ask for that Genesys does not define", () => {
    for (const scope of ["bot:admin", "bot:platform", "analytics:reports:view", "user:read"]) {
      expect(KNOWN_SCOPES.has(scope)).toBe(false);
    }
  });

  it("holds only permission strings (domain:entity:action)", () => {
    for (const permission of KNOWN_PERMISSIONS) expect(permission).toMatch(/^[A-Za-z][\w-]*:[\w*-]+:[\w*-]+$/);
  });

  it("holds the whole catalog", () => {
    expect(KNOWN_SCOPES.size).toBe(135);
    expect(KNOWN_PERMISSIONS.size).toBe(1399);
  });
});
