import { TerraformOutput, Token } from "cdktf";
import { JsonSyntaxError, parseStrictJson } from "../lib/config/strict-json";
import { terraformLiteral, terraformQuotedString } from "../lib/terraform-literal";
import { HOSTILE_MULTILINE, HOSTILE_STRINGS } from "./support/hostile-strings";
import { synthScope } from "./support/stacks";
import { decodeTemplate } from "./support/terraform-template";

describe("terraformLiteral", () => {
  it("escapes interpolations and directives the way Terraform documents", () => {
    expect(terraformLiteral("${var.x} and %{if}")).toBe("$${var.x} and %%{if}");
    expect(terraformLiteral('Acme "Dev" \\ C:\\orgs')).toBe('Acme "Dev" \\ C:\\orgs');
  });

  it("writes one character of a cdktf token marker as a constant interpolation", () => {
    expect(terraformLiteral("${TfToken[TOKEN.1]}")).toBe('${"$"}{TfToken[TOKEN.1]}');
    expect(terraformLiteral("#{TfToken[TOKEN.1]}")).toBe('#${"{"}TfToken[TOKEN.1]}');
    expect(terraformLiteral("-1.8881545897087626e+289")).toBe('-1.8881545897087626${"e"}+289');
  });

  it("leaves ordinary text as it is", () => {
    for (const text of [
      "Acme Partner (dev)",
      "us-east-1",
      "https://app.example.com/cb",
      "textbots:botFlowSession:execute",
    ]) {
      expect(terraformLiteral(text)).toBe(text);
    }
  });

  it.each([...HOSTILE_STRINGS, ...HOSTILE_MULTILINE])("reads back as %j, and cdktf sees no token in it", (text) => {
    expect(decodeTemplate(terraformLiteral(text))).toEqual({ text, compared: [], evaluated: [] });
    expect(decodeTemplate(`\${self.name == ${terraformQuotedString(text)}}`).compared).toEqual([text]);
    expect(Token.isUnresolved(terraformLiteral(text))).toBe(false);
    const synthesized = JSON.parse(
      synthScope((scope) => new TerraformOutput(scope, "out", { value: terraformLiteral(text) })),
    );
    expect(decodeTemplate(synthesized.output.out.value).text).toBe(text);
  });
});

describe("parseStrictJson", () => {
  it("reads what JSON.parse reads", () => {
    const text = '{ "a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"], "b": { "c": {} } }';
    expect(parseStrictJson(text)).toEqual(JSON.parse(text));
  });

  it("names both places of a duplicate key, inside arrays too", () => {
    expect(() => parseStrictJson('{ "roles": [\n  { "name": "a",\n    "name": "b" } ] }')).toThrow(
      new JsonSyntaxError(
        'duplicate key "roles[0].name" at line 3, column 5 (first at line 2, column 5); each key may appear once, ' +
          "since JSON readers disagree on which one wins",
      ),
    );
  });

  it("keeps __proto__ as a plain key", () => {
    const parsed = parseStrictJson('{ "__proto__": { "polluted": true } }') as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
