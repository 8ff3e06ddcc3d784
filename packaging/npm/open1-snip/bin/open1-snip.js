#!/usr/bin/env node
// The `open1-snip` command of the npm package. It runs the binary of the platform package npm
// installed beside it (an optional dependency per platform, each with `os` and `cpu`, so npm
// installs only the one that fits), with the same arguments and the terminal's stdio, and ends
// the way the binary ended: the same exit code, or the same signal. No dependencies.
//
// platforms.json, written from packaging/targets.json when the package is made
// (packaging/npm/main-package.mjs), says which package and binary fit each
// process.platform/process.arch. OPEN1_SNIP_BINARY, when set, names a binary to run instead.
"use strict";

const { spawn } = require("node:child_process");
const { constants } = require("node:os");

const OVERRIDE = "OPEN1_SNIP_BINARY";
const REPO = "https://github.com/open1-snip/open1-snip";

function fail(message) {
  process.stderr.write(`open1-snip: ${message}\n`);
  process.exit(2);
}

function readPlatforms() {
  try {
    return require("../platforms.json").platforms;
  } catch (error) {
    return fail(
      `cannot read the package's platforms.json (${error.message}); ` +
        "a package made by packaging/npm/main-package.mjs has it",
    );
  }
}

function otherWays(platforms) {
  const listed = platforms.map((p) => `${p.os} ${p.cpu}`).join(", ");
  return (
    `The npm package has binaries for: ${listed}.\n` +
    "Other ways to install open1-snip:\n" +
    "  pip install open1-snip\n" +
    `  cargo install --locked --git ${REPO} open1-snip   (builds from source; Rust 1.85+)\n` +
    `or set ${OVERRIDE} to the path of an open1-snip binary.`
  );
}

// The binary to run: the override, or the one in the platform package that fits.
function findBinary() {
  const override = process.env[OVERRIDE];
  if (override) return override;
  const platforms = readPlatforms();
  const here = `${process.platform} ${process.arch}`;
  const fits = platforms.find((p) => p.os === process.platform && p.cpu === process.arch);
  if (!fits) {
    return fail(
      `no prebuilt binary for this platform: ${here} (process.platform, process.arch).\n${otherWays(platforms)}`,
    );
  }
  try {
    return require.resolve(`${fits.package}/${fits.binary}`);
  } catch {
    return fail(
      `the package ${fits.package}, which holds the binary for ${here}, is not installed.\n` +
        "npm installs it with open1-snip unless optional dependencies were left out " +
        "(--omit=optional, --no-optional) or the lockfile was written on another platform: " +
        "reinstall open1-snip without those (delete node_modules and package-lock.json if the " +
        `lockfile is the cause).\n${otherWays(platforms)}`,
    );
  }
}

// Signals sent to the launcher (kill, a CI runner cancelling a job) go on to the binary, and
// the launcher waits for it. A terminal's Ctrl-C or Ctrl-\ reaches both already (one process
// group), so the binary may get it twice; it dies of the first. What matters is that the
// launcher does not die first: the shell's prompt would come back while the binary still
// writes. On Windows a console's Ctrl-C reaches every process attached to it, and killing a
// process is not a signal: there the launcher only waits.
const FORWARDED =
  process.platform === "win32"
    ? ["SIGINT", "SIGBREAK"]
    : ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"];

function run(binary) {
  let child;
  const forward = (signal) => {
    if (process.platform !== "win32" && child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
    }
  };
  // Before spawning: a signal arriving meanwhile waits for this listener rather than killing the
  // launcher and leaving the binary behind.
  for (const signal of FORWARDED) process.on(signal, forward);

  child = spawn(binary, process.argv.slice(2), { stdio: "inherit" });
  child.on("error", (error) => {
    const hint =
      error.code === "EACCES"
        ? " (is it executable? reinstalling open1-snip restores its mode)"
        : "";
    fail(`cannot run ${binary}: ${error.message}${hint}`);
  });
  child.on("exit", (code, signal) => {
    for (const s of FORWARDED) process.removeListener(s, forward);
    if (signal === null) {
      process.exitCode = code;
      return;
    }
    // Die of the same signal, so that whoever started the launcher sees how the binary ended.
    // Were the signal ignored here, the timer still ends the launcher as a shell reports it.
    process.kill(process.pid, signal);
    setTimeout(() => process.exit(128 + (constants.signals[signal] || 0)), 1000);
  });
}

run(findBinary());
