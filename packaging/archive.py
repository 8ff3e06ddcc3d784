#!/usr/bin/env python3
"""Packs a built open1-snip binary into its release archive:
open1-snip-v<version>-<target>.tar.gz (.zip where packaging/targets.json says so), the binary at
the archive's top level under the name targets.json gives it, mode 0755, owner 0:0 and a fixed
time, so the same binary always gives the same bytes. Prints the archive's path.

    python3 packaging/archive.py TARGET BINARY OUTDIR [--version X.Y.Z]
    python3 packaging/archive.py TARGET --name [--version X.Y.Z]   # only print the file name

The version defaults to Cargo.toml's. Used by .github/workflows/release.yml and by the tests
(tests/action/check.py serves what it writes; tests/packaging/release-names.py compares the name
with cargo-binstall's URL). Python's own tarfile/zipfile: the same on Linux, macOS and Windows.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import sys
import tarfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# 2000-01-01: a fixed time, so that archives of the same binary are the same bytes.
MTIME = 946684800


def targets() -> dict[str, dict]:
    with open(os.path.join(ROOT, "packaging", "targets.json"), encoding="utf-8") as f:
        return {t["target"]: t for t in json.load(f)["targets"]}


def cargo_version() -> str:
    import tomllib  # Python 3.11+; the release workflow passes --version instead

    with open(os.path.join(ROOT, "Cargo.toml"), "rb") as f:
        return tomllib.load(f)["package"]["version"]


def archive_name(target: str, version: str) -> str:
    return f"open1-snip-v{version}-{target}.{targets()[target]['archive']}"


def write(target: str, binary: str, outdir: str, version: str) -> str:
    entry = targets()[target]
    data = open(binary, "rb").read()
    os.makedirs(outdir, exist_ok=True)
    path = os.path.join(outdir, archive_name(target, version))
    if entry["archive"] == "zip":
        info = zipfile.ZipInfo(entry["binary"], date_time=(2000, 1, 1, 0, 0, 0))
        info.external_attr = (0o100755 << 16)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zipfile.ZipFile(path, "w") as z:
            z.writestr(info, data)
    elif entry["archive"] == "tar.gz":
        info = tarfile.TarInfo(entry["binary"])
        info.size, info.mode, info.mtime = len(data), 0o755, MTIME
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        raw = io.BytesIO()
        with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as t:
            t.addfile(info, io.BytesIO(data))
        with open(path, "wb") as f:
            with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=MTIME) as gz:
                gz.write(raw.getvalue())
    else:
        sys.exit(f"archive.py: packaging/targets.json names an unknown archive kind {entry['archive']!r}")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target")
    parser.add_argument("binary", nargs="?")
    parser.add_argument("outdir", nargs="?")
    parser.add_argument("--version")
    parser.add_argument("--name", action="store_true", help="only print the archive's file name")
    args = parser.parse_args()
    if args.target not in targets():
        parser.error(f"{args.target!r} is not in packaging/targets.json ({', '.join(targets())})")
    version = args.version or cargo_version()
    if args.name:
        print(archive_name(args.target, version))
        return 0
    if not (args.binary and args.outdir):
        parser.error("BINARY and OUTDIR are needed (or --name)")
    print(write(args.target, args.binary, args.outdir, version))
    return 0


if __name__ == "__main__":
    sys.exit(main())
