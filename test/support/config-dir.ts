import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

/**
 * Every temp folder of this jest worker lives here; test/setup.ts removes it after each test file. On the RAM
 * disk where the machine has one: the suite makes and deletes about 1,500 small files and their folders, and on
 * a disk that took seconds of waiting on the device (2.3 s of removing alone, once on the 2-core machine).
 */
const SCRATCH_ROOT = path.join(ramDisk() ?? os.tmpdir(), `partner-oauth-tests-${process.pid}`);
export const SHIPPED_CONFIG_DIR = path.join(PROJECT_ROOT, "config");

/** A minimal valid environment file; tests spread their changes over it. */
export function minimalEnvironment(name = "dev"): Record<string, unknown> {
  return {
    region: "us-east-1",
    organization: { name: `Acme ${name}` },
    oauthClient: { name: `Partner (${name})` },
  };
}

/** An entry of a config folder that is not a regular file (a FIFO needs mkfifo, a process: see e2e/). */
export class SpecialEntry {
  constructor(readonly kind: "folder" | "broken-symlink" | "symlink-to-file") {}

  create(file: string): void {
    if (this.kind === "folder") fs.mkdirSync(file);
    else if (this.kind === "broken-symlink") fs.symlinkSync(path.join(path.dirname(file), "missing-target"), file);
    else {
      const target = path.join(path.dirname(file), "..", `${path.basename(file)}.target`);
      fs.writeFileSync(target, JSON.stringify(minimalEnvironment()));
      fs.symlinkSync(target, file);
    }
  }
}

/**
 * A fresh temp folder holding one `<env>.json` per entry: objects are written as JSON, strings as
 * is, SpecialEntry values created as what they describe.
 */
export function tempConfigDir(files: Record<string, unknown>): string {
  const dir = tempDir("partner-oauth-config-");
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    if (content instanceof SpecialEntry) content.create(file);
    else fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

export function tempDir(prefix: string): string {
  fs.mkdirSync(SCRATCH_ROOT, { recursive: true });
  return fs.mkdtempSync(path.join(SCRATCH_ROOT, prefix));
}

function ramDisk(): string | undefined {
  try {
    fs.accessSync("/dev/shm", fs.constants.W_OK);
    return "/dev/shm";
  } catch {
    return undefined;
  }
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
