#!/usr/bin/env python3
"""The release's file names agree wherever they are written. For each target in
packaging/targets.json:
- cargo-binstall's URL (Cargo.toml's [package.metadata.binstall], its overrides, expanded as
  binstall expands them) names the archive packaging/archive.py writes, on the release host
  action.yml downloads from, and its bin-dir names the binary targets.json puts in the archive;
- packaging/archive.py really writes that name (a tiny stand-in binary is packed; the archive is
  opened and holds only the binary, at its top level, executable);
and action.yml's default version is Cargo.toml's.

    python3 tests/packaging/release-names.py      (Python 3.11+ with PyYAML; tests/action/
                                                  actionlint.sh runs it with its virtualenv's)
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# binstalk-types' PkgFmt: the file suffixes binstall tries for `{ archive-suffix }` per pkg-fmt.
SUFFIXES = {"tgz": [".tgz", ".tar.gz"], "zip": [".zip"]}
RELEASE_HOST = "https://github.com/open1-snip/open1-snip/releases/download"
failures: list[str] = []


def check(name: str, ok: bool, detail: str = "") -> None:
    print(f"{'ok  ' if ok else 'FAIL'} {name}{'' if ok or not detail else ': ' + detail}")
    if not ok:
        failures.append(name)


def expand(template: str, values: dict[str, str]) -> str:
    def one(m: re.Match) -> str:
        key = m.group(1)
        if key not in values:
            raise KeyError(f"binstall template key {key!r} not modelled here")
        return values[key]

    return re.sub(r"\{\s*([a-z-]+)\s*\}", one, template)


def main() -> int:
    cargo = tomllib.load(open(os.path.join(ROOT, "Cargo.toml"), "rb"))
    package = cargo["package"]
    version = package["version"]
    meta = package["metadata"]["binstall"]
    targets = json.load(open(os.path.join(ROOT, "packaging/targets.json"), encoding="utf-8"))["targets"]
    archive_py = os.path.join(ROOT, "packaging/archive.py")
    action = yaml.safe_load(open(os.path.join(ROOT, "action.yml"), encoding="utf-8"))
    default = action["inputs"]["version"]["default"]
    check("action.yml's version input defaults to Cargo.toml's version", default == version, repr(default))
    check("Cargo.toml's repository is the release host's", f"{package['repository']}/releases/download" == RELEASE_HOST)
    unknown = set(meta.get("overrides", {})) - {t["target"] for t in targets}
    check("binstall overrides name only targets of targets.json", not unknown, repr(unknown))

    stand_in = tempfile.NamedTemporaryFile("wb", delete=False)
    stand_in.write(b"#!/bin/sh\necho stand-in\n")
    stand_in.close()
    with tempfile.TemporaryDirectory() as out:
        for t in targets:
            target = t["target"]
            merged = dict(meta, **meta.get("overrides", {}).get(target, {}))
            windows = "windows" in target
            values = {
                "repo": package["repository"],
                "name": package["name"],
                "version": version,
                "target": target,
                "bin": package["name"],
                "binary-ext": ".exe" if windows else "",
            }
            urls = [expand(merged["pkg-url"], dict(values, **{"archive-suffix": s})) for s in SUFFIXES[merged["pkg-fmt"]]]
            name = subprocess.run([sys.executable, archive_py, target, "--name"], check=True, capture_output=True, text=True).stdout.strip()
            check(f"{target}: binstall tries {RELEASE_HOST}/v{version}/{name}", f"{RELEASE_HOST}/v{version}/{name}" in urls, repr(urls))
            check(f"{target}: binstall's pkg-fmt {merged['pkg-fmt']} is the archive's kind {t['archive']}", {"tgz": "tar.gz", "zip": "zip"}[merged["pkg-fmt"]] == t["archive"])
            bin_dir = expand(merged["bin-dir"], values)
            check(f"{target}: binstall's bin-dir {bin_dir} is the binary at the archive's top level", bin_dir == t["binary"])
            path = subprocess.run([sys.executable, archive_py, target, stand_in.name, out], check=True, capture_output=True, text=True).stdout.strip()
            if t["archive"] == "zip":
                with zipfile.ZipFile(path) as z:
                    members = [(i.filename, (i.external_attr >> 16) & 0o777) for i in z.infolist()]
            else:
                with tarfile.open(path) as tar:
                    members = [(m.name, m.mode) for m in tar.getmembers()]
            check(f"{target}: archive.py wrote {name}, holding only {t['binary']} (0755)", os.path.basename(path) == name and members == [(t["binary"], 0o755)], repr(members))
    os.unlink(stand_in.name)
    print(f"\nrelease names: {len(failures)} failed" if failures else "\nrelease names: all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
