#!/usr/bin/env bash
# Installs the real clients the tests run generated snippets with, into DIR (default
# target/test-clients): a Python virtualenv with requests, openai and black, and a local
# node_modules with openai and prettier, both pinned in tests/clients/. Checks that curl, jq,
# python3 and node are on PATH, installing curl and jq with apt-get where they are missing.
# Idempotent: a stamp of the pinned files skips work already done. Safe to run concurrently.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir=${1:-"$here/../target/test-clients"}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

exec 9>"$dir/.lock"
flock 9

stamp=$(cat "$here/clients/requirements.txt" "$here/clients/package.json" "$here/clients/package-lock.json" | sha256sum | cut -d' ' -f1)
if [[ -f "$dir/.stamp" && $(cat "$dir/.stamp") == "$stamp" ]]; then
  exit 0
fi

missing=()
for tool in curl jq; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if ((${#missing[@]})); then
  echo "setup-clients: installing ${missing[*]} with apt-get" >&2
  apt-get update -qq >&2 && apt-get install -y -qq "${missing[@]}" >&2
fi
for tool in python3 node npm; do
  command -v "$tool" >/dev/null || { echo "setup-clients: $tool is not installed; install it (Python 3.9+, Node.js 18+)" >&2; exit 1; }
done

echo "setup-clients: installing Python clients into $dir/venv" >&2
rm -rf "$dir/venv"
python3 -m venv "$dir/venv"
"$dir/venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/clients/requirements.txt" >&2

echo "setup-clients: installing Node.js clients into $dir/node" >&2
rm -rf "$dir/node"
mkdir -p "$dir/node"
cp "$here/clients/package.json" "$here/clients/package-lock.json" "$dir/node/"
(cd "$dir/node" && npm ci --silent --no-audit --no-fund --ignore-scripts >&2)

echo "$stamp" >"$dir/.stamp"
