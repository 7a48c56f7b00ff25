import { KNOWN_SCOPES } from "../../lib/genesys/catalog";
import { genesysScope, SCOPE_ALIASES, synthesizedScopes, unknownScopeProblem } from "../../lib/config/scopes";

describe("scope names", () => {
  it("maps every accepted alias to a scope Genesys defines", () => {
    for (const scope of Object.values(SCOPE_ALIASES)) expect(KNOWN_SCOPES.has(scope)).toBe(true);
    expect(Object.keys(SCOPE_ALIASES).filter((alias) => KNOWN_SCOPES.has(alias))).toEqual([]);
  });

  it("keeps Genesys scopes as they are and maps the aliases", () => {
    expect(genesysScope("textbots:readonly")).toBe("textbots:readonly");
    expect(genesysScope("bot:platform")).toBe("textbots");
    expect(genesysScope("user:read")).toBe("users:readonly");
    expect(genesysScope("analytics:reports:view")).toBe("analytics:readonly");
    expect(genesysScope("bots")).toBeUndefined();
  });

  it("names the nearest real scope of an unknown name, however far", () => {
    expect(unknownScopeProblem("textbots")).toBeUndefined();
    expect(unknownScopeProblem("bot:admin")).toBeUndefined();
    expect(unknownScopeProblem("analytics:read")).toMatch(/nearest real scope: "analytics(:readonly)?"/);
    expect(unknownScopeProblem("zzzzzzzzzzzzzzzzzzzzzz")).toMatch(/nearest real scope: "[a-z:-]+"/);
  });

  it("sends no scopes for CLIENT-CREDENTIALS and only Genesys scopes, once each, otherwise", () => {
    expect(synthesizedScopes("CLIENT-CREDENTIALS", ["bot:admin", "textbots"])).toEqual([]);
    expect(synthesizedScopes("CODE", ["bot:admin", "bot:platform", "user:read", "textbots", "users:readonly"])).toEqual(
      ["textbots", "users:readonly"],
    );
    expect(() => synthesizedScopes("TOKEN", ["nope"])).toThrow(/not validated/);
  });
});
