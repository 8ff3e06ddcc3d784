#!/usr/bin/env bash
# Builds the PyPI wheel (packaging/pypi/, maturin from PyPI) for this machine from the release
# build (tests/packaging/build-wheel.sh: OPEN1_SNIP_BINARY's, or `cargo build --release --locked`),
# checks what it holds, installs it from the local wheel index into a fresh virtualenv without
# any index (`pip install --no-index`), and runs the `open1-snip` pip put on PATH: `--version`
# must be Cargo.toml's, a bad file must fail lint with its finding named, a good one pass.
# Prints the wheel's size and the time from no virtualenv to the first lint result. Also checks
# the sdist maturin makes of the crate one folder up.   bash tests/packaging/wheel.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
work="$root/target/eco/wheel-work"

# shellcheck source=build-wheel.sh
source "$here/build-wheel.sh"
build_wheel

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
expect() { # expect NAME COMMAND... : COMMAND's exit status is 0
  local name=$1; shift
  if "$@"; then ok "$name"; else fail "$name"; fi
}
has() { grep -qF -- "$1" <<<"$out"; }
py() { python3 - "$@"; }

rm -rf "$work"
mkdir -p "$work"
echo "== the wheel: $(basename "$wheel")"
out=$(py "$wheel" <<'EOF'
import sys, zipfile
for name in sorted(zipfile.ZipFile(sys.argv[1]).namelist()):
    print(name)
EOF
)
printf '%s\n' "$out" | sed 's/^/    | /'
expect "it holds the binary as a script, open1_snip-$version.data/scripts/open1-snip" \
  has "open1_snip-$version.data/scripts/open1-snip"
expect "and nothing else but its metadata (dist-info)" \
  bash -c '! grep -vE "^open1_snip-[^/]+\.(dist-info/|data/scripts/open1-snip$)" <<<"$1"' _ "$out"
expect "its platform tag is this machine's ($(uname -m))" grep -qE -- "-py3-none-[a-z0-9_]+_$(uname -m)\.whl$" <<<"$wheel"
py "$wheel" "$work/unpacked" <<'EOF'
import sys, zipfile
zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])
EOF
expect "the binary is the release build, byte for byte (maturin rebuilt nothing): $release" \
  cmp "$work/unpacked/open1_snip-$version.data/scripts/open1-snip" "$release"
out=$(cat "$work/unpacked/open1_snip-$version.dist-info/METADATA")
description=$(sed -n 's/^description = "\(.*\)"$/\1/p' "$root/Cargo.toml")
for line in "Name: open1-snip" "Version: $version" "License: MIT" "Requires-Python: >=3.9" \
  "Summary: $description" "Description-Content-Type: text/markdown" "# open1-snip"; do
  expect "METADATA has '${line:0:60}'" has "$line"
done

echo "== installed from the wheel into a fresh virtualenv, no index"
venv="$work/venv"
cp "$root/tests/fixtures/readme/quickstart.md" "$work/bad.md"
cp "$root/tests/packaging/good.md" "$work/good.md"
start=$(date +%s.%N)
python3 -m venv "$venv"
made=$(date +%s.%N)
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-index \
  --find-links "$wheelhouse" "open1-snip==$version"
installed=$(date +%s.%N)
status=0
out=$(cd "$work" && "$venv/bin/open1-snip" lint bad.md 2>&1) || status=$?
end=$(date +%s.%N)
printf '%s\n' "$out" | sed 's/^/    | /'
expect "lint of a bad file exits 1 (it exited $status)" test "$status" == 1
expect "and names its finding" has "bad.md:4:6: error[wrong-endpoint]"
first_lint=$(py "$start" "$made" "$installed" "$end" <<'EOF'
import sys
start, made, installed, end = map(float, sys.argv[1:])
print(f"{end - start:.1f} s (python3 -m venv {made - start:.1f} s, pip install --no-index {installed - made:.1f} s, lint {end - installed:.2f} s)")
EOF
)

path_without_venv=$(printf '%s' "$PATH" | tr ':' '\n' | grep -vxF "$venv/bin" | paste -sd:)
found=$(PATH="$venv/bin:$path_without_venv" bash -c 'command -v open1-snip' || true)
expect "pip put open1-snip on the virtualenv's PATH ($found)" test "$found" == "$venv/bin/open1-snip"
out=$("$venv/bin/open1-snip" --version)
expect "open1-snip --version is Cargo.toml's ($out)" test "$out" == "open1-snip $version"
status=0
out=$(cd "$work" && "$venv/bin/open1-snip" lint good.md 2>&1) || status=$?
printf '%s\n' "$out" | sed 's/^/    | /'
expect "lint of a good file exits 0 (it exited $status)" test "$status" == 0

echo "== the sdist (the crate is one folder up from packaging/pypi/pyproject.toml)"
# (maturin sdist prints "error: manifest path `Cargo.toml` does not exist" before it reads
# pyproject.toml's manifest-path, then makes the sdist: its output is shown only if it fails.)
(cd "$root/packaging/pypi" && "$root/target/eco/maturin-venv/bin/maturin" sdist --out "$work/sdist" >"$work/sdist.log" 2>&1) ||
  { cat "$work/sdist.log"; exit 1; }
sdist="$work/sdist/open1_snip-$version.tar.gz"
out=$(tar tzf "$sdist")
for file in pyproject.toml PKG-INFO Cargo.toml Cargo.lock README.md src/main.rs templates/models.toml; do
  expect "it holds $file at its top" has "open1_snip-$version/$file"
done
out=$(tar xzOf "$sdist" "open1_snip-$version/pyproject.toml")
expect "its pyproject.toml points maturin at its own Cargo.toml" has 'manifest-path = "Cargo.toml"'

echo
echo "wheel: $(basename "$wheel"), $(stat -c %s "$wheel") bytes (binary $(stat -c %s "$release") bytes)"
echo "wheel: from no virtualenv to the first lint result: $first_lint"
echo "wheel: $passed passed, $failed failed"
((failed == 0))
