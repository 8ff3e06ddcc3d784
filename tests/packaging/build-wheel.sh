# shellcheck shell=bash
# Sourced by tests/packaging/wheel.sh and tests/pre-commit/try-repo.sh: `build_wheel` builds the
# PyPI wheel of this checkout (packaging/pypi/) for this machine with maturin from PyPI (pinned in
# tests/packaging/requirements.txt, installed into target/eco/maturin-venv) into the local wheel
# index target/eco/wheelhouse, and sets:
#   wheel     the wheel's path
#   release   the release binary it packs ($OPEN1_SNIP_BINARY, or target/release/open1-snip)
#   version   Cargo.toml's version
# maturin cannot take a prebuilt binary: it runs cargo itself. With `--release` it asks cargo for
# the same build as `cargo build --release --locked` in the same target dir, which cargo finds
# fresh, so the release is built once: from OPEN1_SNIP_BINARY's target dir when set (it must be
# <target dir>/release/open1-snip of this checkout), else by `cargo build --release --locked` here.
# The wheel's binary must be byte-identical to that build, which proves nothing was rebuilt.
# `fill_wheelhouse` adds what pre-commit's `pip install .` of the root placeholder package
# needs besides the wheel (its build backend, tests/packaging/wheelhouse.txt), downloaded once.
packaging_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
wheelhouse="$packaging_root/target/eco/wheelhouse"

# shellcheck source=../python-venv.sh
source "$packaging_root/tests/python-venv.sh"

build_wheel() {
  local maturin_venv="$packaging_root/target/eco/maturin-venv" target_dir
  version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$packaging_root/Cargo.toml" | head -n 1)
  ensure_venv "$maturin_venv" "$packaging_root/tests/packaging/requirements.txt" "wheel: installing maturin"
  if [[ -n ${OPEN1_SNIP_BINARY:-} ]]; then
    release=$(realpath "$OPEN1_SNIP_BINARY")
    target_dir=$(dirname "$(dirname "$release")")
    if [[ $(basename "$(dirname "$release")") != release || ! -d $target_dir/release/.fingerprint ]]; then
      echo "wheel: OPEN1_SNIP_BINARY=$OPEN1_SNIP_BINARY is not <cargo target dir>/release/open1-snip; maturin can only reuse a cargo build in its target dir" >&2
      return 2
    fi
  else
    target_dir=${CARGO_TARGET_DIR:-"$packaging_root/target"}
    echo "wheel: cargo build --release --locked (target dir $target_dir)" >&2
    (cd "$packaging_root" && CARGO_TARGET_DIR=$target_dir cargo build --release --locked --quiet)
    release="$target_dir/release/open1-snip"
  fi
  mkdir -p "$wheelhouse"
  rm -f "$wheelhouse"/open1_snip-*.whl
  echo "wheel: maturin build --release (profile release, target dir $target_dir)" >&2
  (cd "$packaging_root/packaging/pypi" &&
    CARGO_TARGET_DIR=$target_dir "$maturin_venv/bin/maturin" build --release --quiet --out "$wheelhouse" >&2)
  wheel=$(echo "$wheelhouse"/open1_snip-"$version"-*.whl)
  if [[ ! -f $wheel ]]; then
    echo "wheel: maturin wrote no open1_snip-$version-*.whl into $wheelhouse" >&2
    return 1
  fi
}

fill_wheelhouse() {
  local list="$packaging_root/tests/packaging/wheelhouse.txt" stamp
  stamp=$(sha256sum "$list" | cut -d' ' -f1)
  if [[ ! -f $wheelhouse/.stamp || $(cat "$wheelhouse/.stamp") != "$stamp" ]]; then
    echo "wheel: downloading $(grep -v '^#' "$list" | tr '\n' ' ')into $wheelhouse" >&2
    python3 -m pip download --quiet --disable-pip-version-check --only-binary=:all: --no-deps \
      -r "$list" -d "$wheelhouse"
    echo "$stamp" >"$wheelhouse/.stamp"
  fi
}
