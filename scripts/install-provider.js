#!/usr/bin/env node
// `npm run provider:install [-- --binary <file>]`: puts the real genesyscloud provider, at the version cdktf.json
// pins, into a project-local filesystem mirror (.cache/provider/) and writes a Terraform CLI config that takes this
// provider only from that mirror, so terraform never asks the network for it. The binary comes from `go install`
// of the provider's Go module, or from --binary. A cached build is reused after its sha256 is checked.
"use strict";
const { spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { parseArgs } = require("node:util");

const root = path.resolve(__dirname, "..");
const cacheDir = path.join(root, ".cache", "provider");
const SOURCE = "registry.terraform.io/mypurecloud/genesyscloud";
const GO_MODULE = "github.com/mypurecloud/terraform-provider-genesyscloud";

/** The provider version pinned in cdktf.json: the one place that fact lives. */
function pinnedVersion() {
  const providers = JSON.parse(fs.readFileSync(path.join(root, "cdktf.json"), "utf8")).terraformProviders;
  const pinned = providers.map((entry) => /^mypurecloud\/genesyscloud@(\d+\.\d+\.\d+)$/.exec(entry)).find(Boolean);
  if (!pinned) throw new Error("cdktf.json pins no exact mypurecloud/genesyscloud@X.Y.Z in terraformProviders");
  return pinned[1];
}

/** Terraform's platform name, e.g. linux_amd64. */
function platform() {
  const arch = { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" }[process.arch] ?? process.arch;
  return `${process.platform === "win32" ? "windows" : process.platform}_${arch}`;
}

function layout(version) {
  const mirror = path.join(cacheDir, "mirror");
  const binaryDir = path.join(mirror, SOURCE, version, platform());
  return {
    mirror,
    binary: path.join(binaryDir, `terraform-provider-genesyscloud_v${version}`),
    record: path.join(cacheDir, `build-${version}.json`),
    cliConfig: path.join(cacheDir, "terraformrc"),
  };
}

function sha256(file) {
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** The cached build's record when the binary is still the one recorded, else null. */
function cachedBuild(paths) {
  try {
    const record = JSON.parse(fs.readFileSync(paths.record, "utf8"));
    return typeof record.sha256 === "string" && sha256(paths.binary) === record.sha256 ? record : null;
  } catch {
    return null;
  }
}

function assertExecutable(file) {
  const stat = fs.statSync(file);
  if (!stat.isFile()) throw new UserError(`--binary ${file} is not a regular file`);
  if ((stat.mode & 0o111) === 0) throw new UserError(`--binary ${file} is not executable`);
}

class UserError extends Error {}

/** `go install` into a private folder; returns the binary's path and what the build cost. */
function goInstall(version) {
  const gobin = fs.mkdtempSync(path.join(os.tmpdir(), "genesyscloud-provider-"));
  const args = ["install", "-ldflags", `-X main.version=${version}`, `${GO_MODULE}@v${version}`];
  // GNU time reports the peak memory of the compiler processes; without it only the wall time is known.
  const timed = fs.existsSync("/usr/bin/time");
  const started = Date.now();
  const result = timed
    ? spawnSync("/usr/bin/time", ["-q", "-f", "peak-kib=%M", "go", ...args], {
        env: { ...process.env, GOBIN: gobin },
        encoding: "utf8",
      })
    : spawnSync("go", args, { env: { ...process.env, GOBIN: gobin }, encoding: "utf8" });
  const seconds = (Date.now() - started) / 1000;
  if (result.error) {
    throw new UserError(
      `go is not on PATH (${result.error.message}): install Go 1.25 or later, or pass a provider binary with --binary`,
    );
  }
  if (result.status !== 0) {
    const output = `${result.stdout}${result.stderr}`.replace(/peak-kib=\d+\s*$/, "").trim();
    throw new UserError(
      `go ${args.join(" ")} failed (exit ${result.status}):\n${output}\n` +
        `Build the provider elsewhere and pass it with --binary <file>, or let terraform download it from the ` +
        `registry where the registry can be reached (docs/sandbox.md, "The real provider").`,
    );
  }
  const peak = /peak-kib=(\d+)/.exec(result.stderr ?? "");
  return {
    file: path.join(gobin, "terraform-provider-genesyscloud"),
    cleanup: () => fs.rmSync(gobin, { recursive: true, force: true }),
    seconds,
    peakMiB: peak ? Math.round(Number(peak[1]) / 1024) : null,
  };
}

function cliConfig(mirror) {
  // The mirror serves this provider and nothing else; `direct` keeps every other provider on the registry.
  return [
    "provider_installation {",
    "  filesystem_mirror {",
    `    path    = ${JSON.stringify(mirror)}`,
    `    include = [${JSON.stringify(SOURCE)}]`,
    "  }",
    "  direct {",
    `    exclude = [${JSON.stringify(SOURCE)}]`,
    "  }",
    "}",
    "",
  ].join("\n");
}

function install({ binary }) {
  const version = pinnedVersion();
  const paths = layout(version);
  const started = Date.now();
  const cached = binary ? null : cachedBuild(paths);
  let record = cached;
  if (!cached) {
    const built = binary
      ? { file: path.resolve(binary), cleanup: () => {}, seconds: null, peakMiB: null }
      : goInstall(version);
    try {
      assertExecutable(built.file);
      fs.mkdirSync(path.dirname(paths.binary), { recursive: true });
      const partial = `${paths.binary}.${process.pid}.partial`;
      fs.copyFileSync(built.file, partial);
      fs.chmodSync(partial, 0o755);
      fs.renameSync(partial, paths.binary);
    } finally {
      built.cleanup();
    }
    record = {
      version,
      source: binary ? "binary" : "go install",
      sha256: sha256(paths.binary),
      buildSeconds: built.seconds,
      peakMiB: built.peakMiB,
    };
    fs.writeFileSync(paths.record, `${JSON.stringify(record, null, 2)}\n`);
  }
  fs.writeFileSync(paths.cliConfig, cliConfig(paths.mirror));
  return { ...paths, record, reused: Boolean(cached), ms: Date.now() - started };
}

/** The installed provider of the pinned version (paths and build record), or null when none is installed. */
function installed() {
  const paths = layout(pinnedVersion());
  const record = cachedBuild(paths);
  return record && fs.existsSync(paths.cliConfig) ? { ...paths, record } : null;
}

module.exports = { install, installed, pinnedVersion };

if (require.main === module) {
  let options;
  try {
    ({ values: options } = parseArgs({
      options: { binary: { type: "string" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (error) {
    process.stderr.write(`${error.message}\nUsage: npm run provider:install [-- --binary <file>]\n`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write("Usage: npm run provider:install [-- --binary <file>]\n");
    process.exit(0);
  }
  try {
    const result = install(options);
    const { record } = result;
    const how = result.reused
      ? `reused the cached ${record.source} build (${result.ms} ms)`
      : record.source === "binary"
        ? `copied from ${options.binary}`
        : `built with go install in ${record.buildSeconds.toFixed(0)} s` +
          (record.peakMiB === null ? "" : `, peak memory ${record.peakMiB} MiB`);
    process.stdout.write(
      `genesyscloud provider ${record.version}: ${how}\n` +
        `mirror: ${path.relative(root, result.mirror)}\n` +
        `use it: export TF_CLI_CONFIG_FILE=${result.cliConfig}\n`,
    );
  } catch (error) {
    process.stderr.write(`${error instanceof UserError ? error.message : error.stack}\n`);
    process.exit(1);
  }
}
