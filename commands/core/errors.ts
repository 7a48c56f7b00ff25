/**
 * A mistake the person running the pipeline can fix (unknown environment, stale cdktf.out, bad
 * outputs file…). The CLI prints its message alone, without a stack trace, and exits non-zero.
 */
export class PipelineError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "PipelineError";
  }
}

/** A wrong command line: exit code 2, like most CLIs. */
export class UsageError extends PipelineError {
  constructor(message: string) {
    super(message, 2);
    this.name = "UsageError";
  }
}
