#!/usr/bin/env bash
# Runs this repo's pre-commit hooks (.pre-commit-hooks.yaml) with the real pre-commit, from PyPI
# (pinned in tests/pre-commit/requirements.txt, installed into target/eco/pre-commit-venv), on a
# throwaway git repo, through `pre-commit try-repo` (a clone of this repo's HEAD plus its
# uncommitted changes to tracked files, installed afresh into a temporary store on every run), for
# one of the two kinds of hook:
#   bash tests/pre-commit/try-repo.sh           open1-snip-lint and open1-snip-sync-check,
#       `language: python`: pre-commit `pip install .`s the root placeholder package, which pulls
#       the wheel of this checkout (tests/packaging/build-wheel.sh) from a local wheel index;
#       offline (a network namespace with no network: `unshare -n`; and PIP_NO_INDEX), with a
#       PATH holding no cargo, rustc or open1-snip.
#   bash tests/pre-commit/try-repo.sh --source  open1-snip-lint-src and -sync-check-src,
#       `language: rust`: pre-commit builds them with `cargo install --path` (CARGO_TARGET_DIR,
#       default target/eco/cargo-target, keeps that build between runs; about two minutes a run).
# Checks that the lint hook reads the staged files only — a staged bad file fails it, an
# untracked bad file and an unstaged bad edit do not — that the sync hook fails on a stale
# generated block and passes on a fresh one, and that a staged file named `--config=evil.md` is
# linted as a file.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
venv="$root/target/eco/pre-commit-venv"
work="$root/target/eco/pre-commit-work"
case ${1:-} in
  "") kind=wheel suffix="" other_suffix=-src name_re="" other_name_re=" \(built from source\)" ;;
  --source) kind=source suffix=-src other_suffix="" name_re=" \(built from source\)" other_name_re="" ;;
  *) echo "usage: bash tests/pre-commit/try-repo.sh [--source]" >&2; exit 2 ;;
esac
lint_hook=open1-snip-lint$suffix sync_hook=open1-snip-sync-check$suffix

# shellcheck source=../python-venv.sh
source "$root/tests/python-venv.sh"
ensure_venv "$venv" "$here/requirements.txt" "try-repo: installing pre-commit"
tracked_paths=(.pre-commit-hooks.yaml pyproject.toml)
[[ $kind == source ]] && tracked_paths+=(src Cargo.toml Cargo.lock templates)
if [[ -n $(git -C "$root" status --porcelain --untracked-files=all -- "${tracked_paths[@]}" | grep '^??' || true) ]]; then
  echo "try-repo: untracked files among ${tracked_paths[*]}; try-repo sees only tracked files: git add them" >&2
  exit 2
fi
export PRE_COMMIT_COLOR=never
# The hooks of the other kind are skipped where try-repo runs every hook (and so not installed).
export SKIP=open1-snip-lint$other_suffix,open1-snip-sync-check$other_suffix

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
expect() { # expect NAME COMMAND... : COMMAND's exit status is 0
  local name=$1; shift
  if "$@"; then ok "$name"; else fail "$name"; fi
}

if [[ $kind == wheel ]]; then
  # Online first: maturin, the wheel, the placeholder's build backend; then nothing from outside.
  # shellcheck source=../packaging/build-wheel.sh
  source "$root/tests/packaging/build-wheel.sh"
  build_wheel
  fill_wheelhouse
  snip=$release
  echo "== the python hooks: the placeholder package, the manifest, the offline sandbox"
  pin=$("$venv/bin/python" -c 'import sys, tomllib; print(*tomllib.load(open(sys.argv[1], "rb"))["project"]["dependencies"])' "$root/pyproject.toml")
  expect "the root placeholder requires exactly open1-snip==$version, Cargo.toml's version ($pin)" test "$pin" == "open1-snip==$version"
  expect "each python hook has a rust -src twin with the same entry and files" "$venv/bin/python" - "$root/.pre-commit-hooks.yaml" <<'EOF'
import sys, yaml
hooks = {hook["id"]: hook for hook in yaml.safe_load(open(sys.argv[1]))}
pairs = [(hook, hooks.get(hook["id"] + "-src")) for hook in hooks.values() if hook["language"] == "python"]
wrong = [hook["id"] for hook, src in pairs if not src or src["language"] != "rust"
         or (src["entry"], src["files"]) != (hook["entry"], hook["files"])]
ids = sorted(hook["id"] for hook, _ in pairs)
print("    | python hooks:", ids, "twins wrong or missing:", wrong)
sys.exit(bool(wrong) or ids != ["open1-snip-lint", "open1-snip-sync-check"] or len(hooks) != 4)
EOF
  # PATH: pre-commit's virtualenv, then this PATH without any folder holding cargo or rustc.
  hook_path="$venv/bin"
  while IFS= read -r -d: dir; do
    [[ -n $dir && ! -x $dir/cargo && ! -x $dir/rustc ]] && hook_path+=":$dir"
  done <<<"$PATH:"
  # hook_env COMMAND...: runs COMMAND as pre-commit and its hooks are run here.
  hook_env() { unshare -n env PATH="$hook_path" PIP_NO_INDEX=1 PIP_FIND_LINKS="$wheelhouse" "$@"; }
  expect "no cargo or rustc on the hooks' PATH" hook_env bash -c '! command -v cargo && ! command -v rustc'
  # try-repo installs the hook into a temporary store it deletes: what proves the hook ran the
  # wheel's open1-snip is that there is none on PATH for it to find instead.
  expect "nor open1-snip: only the hook's virtualenv can bring it" hook_env bash -c '! command -v open1-snip'
  expect "but git and pre-commit are" hook_env bash -c 'command -v git && command -v pre-commit' >/dev/null
  expect "no network inside (connecting to pypi.org fails)" hook_env python3 -c '
import socket, sys
try:
    socket.create_connection(("pypi.org", 443), timeout=5)
except OSError as error:
    print("    |", error)
    sys.exit(0)
sys.exit(1)'
else
  export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-"$root/target/eco/cargo-target"}
  # The fresh generated block below is made by this checkout's own release build.
  (cd "$root" && cargo build --release --locked --quiet)
  snip="$CARGO_TARGET_DIR/release/open1-snip"
  hook_env() { env PATH="$venv/bin:$PATH" "$@"; } # with the network: pre-commit runs cargo install
fi

try_repo() { # try_repo EXPECTED_STATUS HOOK... : runs try-repo on the staged files into $out
  local want=$1; shift
  local status=0
  out=$(cd "$work" && hook_env pre-commit try-repo "$root" "$@" 2>&1) || status=$?
  printf '%s\n' "$out" | sed 's/^/    | /'
  local hooks=${*:-"(all hooks)"}
  if [[ $status == "$want" ]]; then ok "try-repo $hooks exits $want"; else fail "try-repo $hooks exits $status, not $want"; fi
}
has() { grep -qF -- "$1" <<<"$out"; }

expect "pre-commit validate-manifest accepts .pre-commit-hooks.yaml" "$venv/bin/pre-commit" validate-manifest "$root/.pre-commit-hooks.yaml"
rm -rf "$work"
mkdir -p "$work/docs" "$work/src"
cd "$work"
git init -q -b main
git config user.email test@example.invalid
git config user.name test
git config commit.gpgsign false

cp "$root/tests/packaging/good.md" docs/good.md
cat >src/client.py <<'EOF'
import os

import requests

r = requests.post(
    "https://www.open1.codes/v1/responses",
    headers={"Authorization": f"Bearer {os.environ['OPEN1_API_KEY']}", "User-Agent": "curl/8.0"},
    json={"model": "gpt-5.4", "input": "hi"},
)
print(r.json())
EOF
git add docs/good.md src/client.py
git commit -q -m "good files"

# Staged: a bad Markdown file, a good one edited, and src/client.py edited well (staged) and
# then badly (unstaged: pre-commit stashes it, so the hook must not see it). Untracked: another
# bad file.
cp "$root/tests/fixtures/readme/quickstart.md" docs/bad.md
printf '\nMore text.\n' >>docs/good.md
sed -i 's/^print(r.json())$/print(r.json()["output"])/' src/client.py
git add docs/bad.md docs/good.md src/client.py
sed -i 's|https://www.open1.codes/v1/responses|http://open1.codes/v1/chat/completions|' src/client.py
cp "$root/tests/fixtures/readme/quickstart.md" docs/untracked.md
unstaged_client=$(cat src/client.py)

echo "== $lint_hook on the staged files"
start=$SECONDS
try_repo 1 "$lint_hook"
first_run=$((SECONDS - start))
expect "the staged bad file is named" has "docs/bad.md:4:6: error[wrong-endpoint]"
expect "lint read the 3 staged files (bad.md, good.md, client.py)" has "Found 6 errors and 0 warnings in 3 files."
findings='^[^ ]+:[0-9]+:[0-9]+: (error|warning)\['
expect "its 6 findings are all in docs/bad.md" \
  test "$(grep -cE "$findings" <<<"$out")/$(grep -E "$findings" <<<"$out" | grep -c '^docs/bad\.md:')" == 6/6
expect "the untracked bad file is not checked" bash -c '! grep -qF untracked.md <<<"$1"' _ "$out"
expect "the unstaged bad edit of src/client.py is not checked" bash -c '! grep -qF "client.py:" <<<"$1"' _ "$out"
expect "the unstaged edit is restored after the run" test "$(cat src/client.py)" == "$unstaged_client"

echo "== $sync_hook on a stale block"
cat >docs/hi.md <<'EOF'
# Say hi

<!-- open1-snip gen lang=curl prompt="Say hi" -->
```bash
curl https://www.open1.codes/v1/responses  # edited by hand
```
<!-- open1-snip end -->
EOF
git add docs/hi.md
try_repo 1 "$sync_hook"
expect "the diff removes the hand edit" has "-curl https://www.open1.codes/v1/responses  # edited by hand"
expect "and says what to run" has 'run `open1-snip sync` to regenerate it'

echo "== both hooks, with the bad file unstaged and the block synced"
git rm -q --cached docs/bad.md
"$snip" sync docs/hi.md
git add docs/hi.md
try_repo 0
expect "the lint hook passed" grep -qE "^open1-snip lint$name_re\.+Passed$" <<<"$out"
expect "the sync hook passed" grep -qE "^open1-snip sync --check$name_re\.+Passed$" <<<"$out"
expect "the other kind's lint hook was skipped" grep -qE "^open1-snip lint$other_name_re\.+Skipped$" <<<"$out"
expect "the other kind's sync hook was skipped" grep -qE "^open1-snip sync --check$other_name_re\.+Skipped$" <<<"$out"

echo "== a staged file named like an option is linted as a file (the entry ends in --)"
cp "$root/tests/fixtures/readme/quickstart.md" ./--config=evil.md
git add -- ./--config=evil.md
try_repo 1 "$lint_hook"
expect "the file named --config=evil.md is linted" has "--config=evil.md:4:6: error[wrong-endpoint]"

if [[ $kind == wheel ]]; then
  echo "== the same with the wheel missing from the local index (its build backend left)"
  no_wheel="$root/target/eco/wheelhouse-without-wheel"
  rm -rf "$no_wheel"
  mkdir -p "$no_wheel"
  cp "$wheelhouse"/setuptools-*.whl "$no_wheel/"
  hook_env() { unshare -n env PATH="$hook_path" PIP_NO_INDEX=1 PIP_FIND_LINKS="$no_wheel" "$@"; }
  try_repo 3 "$lint_hook"
  expect "pip found no open1-snip==$version to install" has "No matching distribution found for open1-snip==$version"
fi

echo
if [[ $kind == wheel ]]; then how="pip install from the local wheel index, offline"; else how="cargo install --path"; fi
echo "try-repo: first try-repo of $lint_hook, installing the hook ($how) and running it: ${first_run} s"
echo "pre-commit: $passed passed, $failed failed"
((failed == 0))
