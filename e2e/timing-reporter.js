// Prints the e2e suite's timings after the results: wall time, each test, and the commands each test
// ran (recorded by e2e/support/timing.ts). Measured on every run; no budget is written down, since the
// figures depend on the machine and its load.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");

class TimingReporter {
  constructor() {
    this.file = path.join(os.tmpdir(), `gc-e2e-timings-${process.pid}.jsonl`);
    fs.rmSync(this.file, { force: true });
    process.env.E2E_TIMINGS_FILE = this.file;
    this.started = Date.now();
  }

  onRunComplete(_contexts, results) {
    const steps = fs.existsSync(this.file)
      ? fs
          .readFileSync(this.file, "utf8")
          .trim()
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l))
      : [];
    fs.rmSync(this.file, { force: true });
    const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
    const wall = Date.now() - this.started;
    const lines = [``, `e2e timings: ${s(wall)} wall`];
    for (const suite of results.testResults) {
      const suiteMs = suite.perfStats.end - suite.perfStats.start;
      lines.push(`  ${path.relative(process.cwd(), suite.testFilePath)}  ${s(suiteMs)}`);
      const setup = steps.filter((st) => st.suite === suite.testFilePath && st.test === "(setup)");
      if (setup.length) lines.push(`    (setup)  ${setup.map((st) => `${st.label} ${s(st.ms)}`).join(", ")}`);
      for (const test of suite.testResults) {
        const mark = { passed: "ok  ", pending: "skip", skipped: "skip" }[test.status] ?? "FAIL";
        lines.push(`    ${mark} ${test.fullName}  ${s(test.duration ?? 0)}`);
        const mine = steps.filter((st) => st.suite === suite.testFilePath && st.test === test.fullName);
        if (mine.length) lines.push(`         ${mine.map((st) => `${st.label} ${s(st.ms)}`).join(", ")}`);
      }
    }
    process.stdout.write(`${lines.join("\n")}\n`);
  }
}

module.exports = TimingReporter;
