import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

/** Every temp folder of this jest worker lives here; test/setup.ts removes it after each test file. */
const SCRATCH_ROOT = path.join(os.tmpdir(), `partner-oauth-tests-${process.pid}`);
export const SHIPPED_CONFIG_DIR = path.join(PROJECT_ROOT, "config");

/** A minimal valid environment file; tests spread their changes over it. */
export function minimalEnvironment(name = "dev"): Record<string, unknown> {
  return {
    region: "us-east-1",
    organization: { name: `Acme ${name}` },
    oauthClient: { name: `Partner (${name})` },
  };
}

/** A fresh temp folder holding one `<env>.json` per entry: objects are written as JSON, strings as is. */
export function tempConfigDir(files: Record<string, unknown>): string {
  const dir = tempDir("partner-oauth-config-");
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), typeof content === "string" ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

export function tempDir(prefix: string): string {
  fs.mkdirSync(SCRATCH_ROOT, { recursive: true });
  return fs.mkdtempSync(path.join(SCRATCH_ROOT, prefix));
}

export function removeTempDirs(): void {
  fs.rmSync(SCRATCH_ROOT, { recursive: true, force: true });
}

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}
