/**
 * Step timings for the report: each command a test runs is appended to the file that
 * e2e/timing-reporter.js names in E2E_TIMINGS_FILE, and printed with the test results.
 */
import { appendFileSync } from "node:fs";

export function recordStep(label: string, ms: number): void {
  const file = process.env.E2E_TIMINGS_FILE;
  if (!file) return;
  const test = expect.getState().currentTestName ?? "(setup)";
  const suite = expect.getState().testPath ?? "";
  appendFileSync(file, `${JSON.stringify({ suite, test, label, ms })}\n`);
}

export async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await fn();
  } finally {
    recordStep(label, Date.now() - started);
  }
}
