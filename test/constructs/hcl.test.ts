import { hclString } from "../../lib/constructs/hcl";

describe("hclString", () => {
  it("escapes quotes, backslashes and template sequences so user text stays literal", () => {
    expect(hclString('Acme "Dev"')).toBe('Acme \\"Dev\\"');
    expect(hclString("C:\\orgs")).toBe("C:\\\\orgs");
    expect(hclString("${var.x} and %{if}")).toBe("$${var.x} and %%{if}");
  });
});
