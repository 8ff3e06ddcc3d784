#!/usr/bin/env node
// Packs every npm package of a release: one platform package per target of
// packaging/targets.json, then the open1-snip package that depends on them all.
//
//   node packaging/npm/pack-all.mjs <binaries> <outdir>
//
//   <binaries>  a folder with each target's release binary at <binaries>/<target>/<binary>,
//               e.g. bins/x86_64-unknown-linux-musl/open1-snip and
//               bins/x86_64-pc-windows-msvc/open1-snip.exe (the binary names of targets.json,
//               as the release archives hold them); every target must be there
//   <outdir>    where the package folders (<outdir>/packages/) and tarballs go (created, or empty)
//
// It prints the tarballs' paths on stdout, one a line, in the order to publish them (the
// platform packages first, so that open1-snip's optional dependencies exist when it appears):
//
//   node packaging/npm/pack-all.mjs bins npm-dist > npm-dist/tarballs.txt
//   while read -r tarball; do npm publish "$tarball" --access public; done < npm-dist/tarballs.txt
//
// Exit 2 if a binary is missing or an argument is wrong, 1 if `npm pack` fails.
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  main,
  readTargets,
  UsageError,
  writeMainPackage,
  writePlatformPackage,
} from "./packages.mjs";

// One `npm pack` for all the folders (npm's start-up is most of the time); its JSON lists the
// tarballs in the folders' order.
function npmPack(folders, outdir) {
  const packed = spawnSync("npm", ["pack", ...folders, "--pack-destination", outdir, "--json"], {
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  if (packed.error) throw packed.error;
  if (packed.status !== 0) {
    console.error("error: npm pack failed");
    process.exit(1);
  }
  return JSON.parse(packed.stdout).map((tarball) => join(outdir, tarball.filename));
}

main((args) => {
  if (args.length !== 2)
    throw new UsageError("usage: node packaging/npm/pack-all.mjs <binaries> <outdir>");
  const [binaries, outdir] = args.map((arg) => resolve(arg));
  const targets = readTargets();
  const missing = targets
    .map((t) => join(binaries, t.target, t.binary))
    .filter((path) => !statSync(path, { throwIfNoEntry: false })?.isFile());
  if (missing.length > 0) throw new UsageError(`missing binaries: ${missing.join(", ")}`);

  const folders = targets.map((t) => {
    const folder = join(outdir, "packages", t.npm_package.replace("/", "__"));
    writePlatformPackage(t.target, join(binaries, t.target, t.binary), folder);
    return folder;
  });
  const mainFolder = join(outdir, "packages", "open1-snip");
  writeMainPackage(mainFolder);
  folders.push(mainFolder);

  for (const tarball of npmPack(folders, outdir)) console.log(tarball);
});
