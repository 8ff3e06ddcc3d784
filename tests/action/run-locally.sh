#!/usr/bin/env bash
# Runs action.yml's steps on this machine (tests/action/action_runner.py plays the GitHub
# runner) against small workspaces, and checks annotations, SARIF, sync --check, exit codes,
# hostile inputs and the install paths (tests/action/check.py): the release archive from a
# loopback release host, the tool cache, checksum failures, builds from source. The archive is
# made from OPEN1_SNIP_BINARY when set, else from `cargo build --release --locked` here; the
# source builds run `cargo install --locked --path` of this checkout on the same CARGO_TARGET_DIR
# (default target/), so they reuse that build. First run: a virtualenv with PyYAML from PyPI;
# after that it runs offline.   bash tests/action/run-locally.sh [-v]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
venv="$root/target/eco/action-venv"

# shellcheck source=../python-venv.sh
source "$root/tests/python-venv.sh"
ensure_venv "$venv" "$here/requirements.txt" "run-locally: installing PyYAML"

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-"$root/target"}
if [[ -z ${OPEN1_SNIP_BINARY:-} ]]; then
  (cd "$root" && cargo build --release --locked)
  export OPEN1_SNIP_BINARY="$CARGO_TARGET_DIR/release/open1-snip"
fi
cd "$here"
exec "$venv/bin/python" check.py "$@"
