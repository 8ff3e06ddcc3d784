#!/usr/bin/env bash
# Runs action.yml's steps on this machine (tests/action/action_runner.py plays the GitHub
# runner) against small workspaces, and checks annotations, SARIF, sync --check, exit codes and
# hostile inputs (tests/action/check.py). The install step really runs `cargo install --locked
# --path` of this checkout; CARGO_TARGET_DIR (default target/eco/cargo-target) keeps that build
# between runs. First run: a virtualenv with PyYAML from PyPI and a release build; after that it
# runs offline.   bash tests/action/run-locally.sh [-v]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
venv="$root/target/eco/action-venv"

# shellcheck source=../python-venv.sh
source "$root/tests/python-venv.sh"
ensure_venv "$venv" "$here/requirements.txt" "run-locally: installing PyYAML"

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-"$root/target/eco/cargo-target"}
cd "$here"
exec "$venv/bin/python" check.py "$@"
