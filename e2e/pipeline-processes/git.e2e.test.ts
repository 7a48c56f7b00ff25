// Moved from test/pipeline/git.test.ts: the unit suite starts no process.
import * as fs from "fs";
import * as path from "path";
import { fileState, hasUncommittedChanges, headCommit } from "../../scripts/pipeline/git";
import { commitAll, git, tempDir, withoutGit } from "../../test/pipeline/support";

describe("git", () => {
  const repo = tempDir("pipeline-git-");
  git(repo, "init", "--quiet");
  fs.writeFileSync(path.join(repo, ".gitignore"), "ignored/\n");
  fs.writeFileSync(path.join(repo, "tracked.txt"), "x\n");
  fs.mkdirSync(path.join(repo, "ignored"));
  commitAll(repo, "initial");

  it("reads the checked-out commit, and none outside a repository", () => {
    expect(headCommit(repo)).toBe(git(repo, "rev-parse", "HEAD"));
    expect(headCommit(tempDir("pipeline-not-git-"))).toBeNull();
  });

  it("sees uncommitted changes only in the given paths", () => {
    expect(hasUncommittedChanges(repo, ["tracked.txt"])).toBe(false);
    fs.writeFileSync(path.join(repo, "other.txt"), "new\n");
    expect(hasUncommittedChanges(repo, ["tracked.txt"])).toBe(false);
    expect(hasUncommittedChanges(repo, ["other.txt"])).toBe(true);
    fs.rmSync(path.join(repo, "other.txt"));
    expect(hasUncommittedChanges(tempDir("pipeline-not-git-"), ["x"])).toBe(false);
  });

  it("cannot tell about uncommitted changes when git fails, rather than calling them clean", () => {
    // git status exits 128 on a path outside the work tree.
    expect(hasUncommittedChanges(repo, ["tracked.txt", tempDir("pipeline-elsewhere-")])).toBeNull();
    expect(withoutGit(() => hasUncommittedChanges(repo, ["tracked.txt"]))).toBeNull();
  });

  it("tells tracked, ignored and committable files apart, existing or not", () => {
    expect(fileState(path.join(repo, "tracked.txt"))).toBe("tracked");
    expect(fileState(path.join(repo, "ignored", "secret.json"))).toBe("ignored");
    expect(fileState(path.join(repo, "new.json"))).toBe("committable");
    expect(fileState(path.join(tempDir("pipeline-not-git-"), "x.json"))).toBe("outside-repository");
    expect(withoutGit(() => fileState(path.join(repo, "new.json")))).toBe("unknown");
  });
});
