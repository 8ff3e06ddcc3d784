// The npm packages, written from what the repository already says: the platforms of
// packaging/targets.json (the one table of published platforms) and the version of Cargo.toml.
// platform-package.mjs, main-package.mjs and pack-all.mjs are the command lines over this.
import {
  chmodSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const MAIN_PACKAGE_DIR = join(REPO_ROOT, "packaging", "npm", "open1-snip");
export const REPOSITORY_URL = "git+https://github.com/open1-snip/open1-snip.git";
export const HOMEPAGE = "https://github.com/open1-snip/open1-snip#readme";

// The entries of packaging/targets.json, each with the npm fields the packages need.
export function readTargets() {
  const path = join(REPO_ROOT, "packaging", "targets.json");
  const { targets } = JSON.parse(readFileSync(path, "utf8"));
  for (const t of targets) {
    for (const field of ["target", "binary", "npm_package", "npm_os", "npm_cpu"]) {
      if (typeof t[field] !== "string" || t[field] === "") {
        throw new UsageError(`${path}: target ${JSON.stringify(t.target)} has no "${field}"`);
      }
    }
  }
  return targets;
}

export function findTarget(triple) {
  const targets = readTargets();
  const found = targets.find((t) => t.target === triple);
  if (!found) {
    const known = targets.map((t) => t.target).join(", ");
    throw new UsageError(
      `unknown target ${JSON.stringify(triple)}: packaging/targets.json lists ${known}`,
    );
  }
  return found;
}

// The `version` of Cargo.toml's [package] table: the one version every package carries.
export function cargoVersion() {
  const text = readFileSync(join(REPO_ROOT, "Cargo.toml"), "utf8");
  const table = text.split(/^\[/m).find((part) => part.startsWith("package]"));
  const version = table && /^version\s*=\s*"([^"]+)"/m.exec(table);
  if (!version) throw new UsageError("Cargo.toml has no [package] version");
  return version[1];
}

// A mistake in how a script was called or in its inputs: printed as `error: …`, exit 2.
export class UsageError extends Error {}

export function main(run) {
  try {
    run(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError) && error.code === undefined) throw error;
    console.error(`error: ${error.message}`);
    process.exitCode = 2;
  }
}

// An empty folder to write a package in (created if missing).
function emptyFolder(outdir) {
  mkdirSync(outdir, { recursive: true });
  if (readdirSync(outdir).length > 0) throw new UsageError(`${outdir} is not empty`);
}

function writeJson(path, value) {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

// The package of one target's binary: package.json (`os` and `cpu` so npm installs it only where
// it runs; `preferUnplugged` so Yarn PnP keeps the binary on disk; `publishConfig.access`, which a
// scoped package needs to be public), a README, and the binary with mode 0755, which npm keeps in
// the tarball.
export function writePlatformPackage(triple, binary, outdir) {
  const target = findTarget(triple);
  let stat;
  try {
    stat = statSync(binary);
  } catch {
    throw new UsageError(`no binary at ${binary}`);
  }
  if (!stat.isFile()) throw new UsageError(`${binary} is not a file`);
  emptyFolder(outdir);

  const version = cargoVersion();
  const where = `${target.npm_os} ${target.npm_cpu}`;
  const manifest = {
    name: target.npm_package,
    version,
    description: `The open1-snip binary for ${where} (${target.target}); install open1-snip, which runs it`,
    license: "MIT",
    repository: { type: "git", url: REPOSITORY_URL, directory: "packaging/npm" },
    homepage: HOMEPAGE,
    os: [target.npm_os],
    cpu: [target.npm_cpu],
    files: [target.binary],
    preferUnplugged: true,
    publishConfig: { access: "public" },
  };
  writeJson(join(outdir, "package.json"), manifest);
  writeFileSync(
    join(outdir, "README.md"),
    `# ${target.npm_package}\n\n` +
      `The \`open1-snip\` binary for ${where} (\`${target.target}\`), version ${version}.\n\n` +
      "Install [`open1-snip`](https://www.npmjs.com/package/open1-snip) rather than this package: " +
      "npm installs the platform package that fits the machine, and open1-snip's launcher runs it.\n",
  );
  const dest = join(outdir, target.binary);
  copyFileSync(binary, dest);
  chmodSync(dest, 0o755);
  return manifest;
}

// packaging/npm/open1-snip/package.json as it must read: the committed file with the version of
// Cargo.toml and an optional dependency on every platform package, at that version.
export function mainManifest() {
  const manifest = JSON.parse(readFileSync(join(MAIN_PACKAGE_DIR, "package.json"), "utf8"));
  const version = cargoVersion();
  manifest.version = version;
  manifest.optionalDependencies = Object.fromEntries(
    readTargets().map((t) => [t.npm_package, version]),
  );
  return manifest;
}

// The launcher's table (platforms.json in the package): which package and binary fit a
// process.platform and process.arch.
export function platformsTable() {
  return {
    comment:
      "Written from packaging/targets.json by packaging/npm/main-package.mjs: the binary for each process.platform and process.arch.",
    platforms: readTargets().map((t) => ({
      os: t.npm_os,
      cpu: t.npm_cpu,
      package: t.npm_package,
      binary: t.binary,
      target: t.target,
    })),
  };
}

// The open1-snip package: the committed folder's files, package.json as mainManifest() says,
// and platforms.json.
export function writeMainPackage(outdir) {
  emptyFolder(outdir);
  const manifest = mainManifest();
  cpSync(join(MAIN_PACKAGE_DIR, "bin"), join(outdir, "bin"), { recursive: true });
  copyFileSync(join(MAIN_PACKAGE_DIR, "README.md"), join(outdir, "README.md"));
  writeJson(join(outdir, "package.json"), manifest);
  writeJson(join(outdir, "platforms.json"), platformsTable());
  return manifest;
}

// How the committed package.json differs from mainManifest(): one line per field, empty when
// they agree.
export function staleMainManifest() {
  const committed = JSON.parse(readFileSync(join(MAIN_PACKAGE_DIR, "package.json"), "utf8"));
  const wanted = mainManifest();
  return ["version", "optionalDependencies"]
    .filter((field) => JSON.stringify(committed[field]) !== JSON.stringify(wanted[field]))
    .map(
      (field) =>
        `${field} is ${JSON.stringify(committed[field])}, should be ${JSON.stringify(wanted[field])}`,
    );
}
