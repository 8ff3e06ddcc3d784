#!/usr/bin/env node
// Writes the open1-snip npm package (the launcher) from packaging/npm/open1-snip/, with the
// version of Cargo.toml, an optional dependency on every platform package of
// packaging/targets.json at that version, and the launcher's table of them (platforms.json).
//
//   node packaging/npm/main-package.mjs <outdir>    write the package folder (created, or empty)
//   node packaging/npm/main-package.mjs --check     exit 1 if the committed package.json's version
//                                                   or optionalDependencies disagree with
//                                                   Cargo.toml and targets.json
//   node packaging/npm/main-package.mjs --update    rewrite those two fields of the committed
//                                                   package.json (after a version bump)
//
// Then `npm pack <outdir>` or `npm publish <outdir>`. Publish it after the platform packages it
// depends on; pack-all.mjs writes them all in that order. Exit 2 on a bad argument.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  MAIN_PACKAGE_DIR,
  main,
  mainManifest,
  staleMainManifest,
  UsageError,
  writeMainPackage,
} from "./packages.mjs";

main((args) => {
  if (args.length !== 1) {
    throw new UsageError(
      "usage: node packaging/npm/main-package.mjs <outdir> | --check | --update",
    );
  }
  const path = join(MAIN_PACKAGE_DIR, "package.json");
  if (args[0] === "--check") {
    const stale = staleMainManifest();
    for (const line of stale) console.error(`${path}: ${line}`);
    if (stale.length > 0) {
      console.error("run `node packaging/npm/main-package.mjs --update` and commit the result");
      process.exitCode = 1;
    } else {
      console.log(`${path} agrees with Cargo.toml and packaging/targets.json`);
    }
  } else if (args[0] === "--update") {
    writeFileSync(path, `${JSON.stringify(mainManifest(), null, 2)}\n`);
    console.log(`updated ${path}`);
  } else if (args[0].startsWith("-")) {
    throw new UsageError(`unknown option ${args[0]}`);
  } else {
    const manifest = writeMainPackage(args[0]);
    console.log(`wrote ${manifest.name}@${manifest.version} in ${args[0]}`);
  }
});
