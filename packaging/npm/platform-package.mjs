#!/usr/bin/env node
// Writes the npm package carrying the open1-snip binary of one target of packaging/targets.json
// (e.g. @open1-snip/cli-linux-x64 for x86_64-unknown-linux-musl), ready to pack or publish.
//
//   node packaging/npm/platform-package.mjs <target> <binary> <outdir>
//
//   <target>  a target triple of packaging/targets.json, e.g. x86_64-unknown-linux-musl
//   <binary>  the release binary built for that target (its file name does not matter)
//   <outdir>  the package folder to write: created, or an empty folder
//
// Then `npm pack <outdir>` makes the tarball, and `npm publish <outdir>` (or the tarball)
// publishes it; it is public (`publishConfig.access`). The version is Cargo.toml's. To pack every
// target for a release, use pack-all.mjs. Exit 0 done, 2 a bad argument or missing binary.
import { main, UsageError, writePlatformPackage } from "./packages.mjs";

main((args) => {
  if (args.length !== 3) {
    throw new UsageError(
      "usage: node packaging/npm/platform-package.mjs <target> <binary> <outdir>",
    );
  }
  const [target, binary, outdir] = args;
  const manifest = writePlatformPackage(target, binary, outdir);
  console.log(`wrote ${manifest.name}@${manifest.version} (${target}) in ${outdir}`);
});
