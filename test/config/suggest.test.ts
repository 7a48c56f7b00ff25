import { nearest } from "../../lib/config/suggest";

describe("nearest", () => {
  const grantTypes = ["CLIENT-CREDENTIALS", "CODE", "TOKEN", "SAML2-BEARER", "PASSWORD"];

  it("matches a value that differs only in case and separators", () => {
    expect(nearest("client_credentials", grantTypes)).toBe("CLIENT-CREDENTIALS");
    expect(nearest("US-EAST-1", ["us-east-1", "us-east-2"])).toBe("us-east-1");
  });

  it("matches a small typo", () => {
    expect(nearest("grantTyp", ["name", "grantType", "scopes"])).toBe("grantType");
    expect(nearest("PASWORD", grantTypes)).toBe("PASSWORD");
  });

  it("suggests nothing for an unrelated value", () => {
    expect(nearest("implicit-flow-v2", grantTypes)).toBeUndefined();
  });
});
