import { z } from "zod";
import { ConfigError, describeIssue, formatPath } from "../../lib/config/errors";

describe("formatPath", () => {
  it("writes object keys with dots and array indexes in brackets", () => {
    expect(formatPath(["oauthClient", "roles", 0, "name"])).toBe("oauthClient.roles[0].name");
    expect(formatPath([])).toBe("(top level)");
  });
});

describe("describeIssue", () => {
  const schema = z.strictObject({
    count: z.number().min(1).max(9),
    kind: z.enum(["ALPHA", "BETA"]),
    nested: z.strictObject({ label: z.string() }).optional(),
  });
  const describe = (data: unknown) =>
    (schema.safeParse(data, { reportInput: true }).error?.issues ?? []).map((issue) =>
      describeIssue(issue, schema, data),
    );

  it("names the field, the given value and the allowed values", () => {
    expect(describe({ count: 10, kind: "alpha" })).toEqual([
      "count: 10 is out of range; allowed: 1 to 9",
      'kind: the string "alpha" is not allowed; allowed: ALPHA, BETA. Did you mean "ALPHA"?',
    ]);
  });

  it("lists the fields allowed where an unknown one stands", () => {
    expect(describe({ count: 1, kind: "BETA", nested: { label: "x", lable: "y" } })).toEqual([
      'nested.lable: unknown field; allowed here: label. Did you mean "label"?',
    ]);
  });

  it("says what is missing", () => {
    expect(describe({ kind: "BETA" })).toEqual(["count: is required (number)"]);
  });
});

describe("ConfigError", () => {
  it("keeps each problem and joins them into its message", () => {
    const error = new ConfigError(["a: one", "b: two"]);
    expect(error.problems).toEqual(["a: one", "b: two"]);
    expect(error.message).toBe("a: one\nb: two");
  });
});
