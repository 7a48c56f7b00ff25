// The unit suite starts no process.
import * as fs from "fs";
import * as path from "path";
import childProcess = require("child_process");
import { assertNotCommittable, fileState, hasUncommittedChanges, headCommit } from "../../commands/pipeline/git";
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

  describe("fails closed: when git errors, a file in the repository is never called outside it", () => {
    const secretFile = () => path.join(repo, "app-config.json");

    function withEnv<T>(name: string, value: string, action: () => T): T {
      const before = process.env[name];
      process.env[name] = value;
      try {
        return action();
      } finally {
        if (before === undefined) delete process.env[name];
        else process.env[name] = before;
      }
    }

    /** git exits 128 with `stderr`, as it does for a repository owned by someone else. */
    function withGitFailing<T>(stderr: string, action: () => T): T {
      const real = childProcess.spawnSync;
      const spy = jest
        .spyOn(childProcess, "spawnSync")
        .mockImplementation(((command: string, args: readonly string[], options: childProcess.SpawnSyncOptions) =>
          command === "git"
            ? { pid: 0, output: [], stdout: "", stderr, status: 128, signal: null }
            : real(command, args, options)) as typeof real);
      try {
        return action();
      } finally {
        spy.mockRestore();
      }
    }

    it("GIT_DIR=/nonexistent", () => {
      expect(withEnv("GIT_DIR", "/nonexistent", () => fileState(secretFile()))).toBe("unknown");
      expect(() =>
        withEnv("GIT_DIR", "/nonexistent", () => assertNotCommittable(secretFile(), "a secret", "x/")),
      ).toThrow(/Refusing to write a secret to .*git could not be run/);
    });

    it('"dubious ownership"', () => {
      const stderr = `fatal: detected dubious ownership in repository at '${repo}'\n`;
      expect(withGitFailing(stderr, () => fileState(secretFile()))).toBe("unknown");
      expect(withGitFailing(stderr, () => hasUncommittedChanges(repo, ["tracked.txt"]))).toBeNull();
    });

    it('"not a git repository" below a folder that has a .git', () => {
      const stderr = "fatal: not a git repository (or any of the parent directories): .git\n";
      expect(withGitFailing(stderr, () => fileState(secretFile()))).toBe("unknown");
    });

    it("git missing: unknown inside a repository; outside every repository git is not needed", () => {
      expect(withoutGit(() => fileState(path.join(repo, "x.json")))).toBe("unknown");
      expect(withoutGit(() => fileState(path.join(tempDir("pipeline-not-git-"), "x.json")))).toBe("outside-repository");
    });

    it("git ls-files failing does not read as untracked", () => {
      const real = childProcess.spawnSync;
      const spy = jest
        .spyOn(childProcess, "spawnSync")
        .mockImplementation(((command: string, args: readonly string[], options: childProcess.SpawnSyncOptions) =>
          command === "git" && args[0] === "ls-files"
            ? { pid: 0, output: [], stdout: "", stderr: "fatal: index file corrupt", status: 128, signal: null }
            : real(command, args, options)) as typeof real);
      try {
        expect(fileState(path.join(repo, "ignored", "secret.json"))).toBe("unknown");
      } finally {
        spy.mockRestore();
      }
    });
  });
});
