import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { isInsideRealPath, realPath } from "../lib/real-path";

describe("realPath and isInsideRealPath", () => {
  let root: string;
  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "real-path-")));
    fs.mkdirSync(path.join(root, "project", "lib"), { recursive: true });
    fs.mkdirSync(path.join(root, "elsewhere"));
    fs.symlinkSync(path.join(root, "project", "lib"), path.join(root, "link"));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("resolves a symlink in the existing part of a path that does not exist yet", () => {
    expect(realPath(path.join(root, "link", "x.json"))).toBe(path.join(root, "project", "lib", "x.json"));
  });

  it("sees a path through a symlink into the folder as inside it", () => {
    expect(isInsideRealPath(path.join(root, "project"), path.join(root, "link", "x.json"))).toBe(true);
  });

  it("sees a sibling folder whose name starts like the folder's as outside", () => {
    fs.mkdirSync(path.join(root, "project-other"));
    expect(isInsideRealPath(path.join(root, "project"), path.join(root, "project-other", "a"))).toBe(false);
    expect(isInsideRealPath(path.join(root, "project"), path.join(root, "elsewhere", "a"))).toBe(false);
  });

  it("counts the folder itself as inside", () => {
    expect(isInsideRealPath(path.join(root, "project"), path.join(root, "project"))).toBe(true);
  });
});
