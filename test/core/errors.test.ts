import { PipelineError, UsageError } from "../../commands/core/errors";

describe("errors", () => {
  it("exit 1 for pipeline mistakes and 2 for wrong command lines", () => {
    expect(new PipelineError("x").exitCode).toBe(1);
    expect(new UsageError("x").exitCode).toBe(2);
    expect(new UsageError("x")).toBeInstanceOf(PipelineError);
  });
});
