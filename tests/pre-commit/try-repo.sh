#!/usr/bin/env bash
# Runs this repo's pre-commit hooks (.pre-commit-hooks.yaml) with the real pre-commit, from PyPI
# (pinned in tests/pre-commit/requirements.txt, installed into target/eco/pre-commit-venv), on a
# throwaway git repo, through `pre-commit try-repo`, which builds the hooks with `language: rust`
# (`cargo install --path` of this repo's HEAD plus its uncommitted changes to tracked files;
# CARGO_TARGET_DIR, default target/eco/cargo-target, keeps that build between runs). Checks that
# the lint hook reads the staged files only — a staged bad file fails it, an untracked bad file
# and an unstaged bad edit do not — that the sync hook fails on a stale generated block and
# passes on a fresh one, and that a staged file named `--config=evil.md` is linted as a file.   bash tests/pre-commit/try-repo.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
venv="$root/target/eco/pre-commit-venv"
work="$root/target/eco/pre-commit-work"

# shellcheck source=../python-venv.sh
source "$root/tests/python-venv.sh"
ensure_venv "$venv" "$here/requirements.txt" "try-repo: installing pre-commit"
if [[ -n $(git -C "$root" status --porcelain --untracked-files=all -- .pre-commit-hooks.yaml src Cargo.toml Cargo.lock templates | grep '^??' || true) ]]; then
  echo "try-repo: untracked files in the hooks or the sources; try-repo sees only tracked files: git add them" >&2
  exit 2
fi
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-"$root/target/eco/cargo-target"}
export PATH="$venv/bin:$PATH" PRE_COMMIT_COLOR=never
# The fresh generated block below is made by this checkout's own release build.
(cd "$root" && cargo build --release --locked --quiet)
snip="$CARGO_TARGET_DIR/release/open1-snip"

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
expect() { # expect NAME COMMAND... : COMMAND's exit status is 0
  local name=$1; shift
  if "$@"; then ok "$name"; else fail "$name"; fi
}
try_repo() { # try_repo EXPECTED_STATUS HOOK... : runs try-repo on the staged files into $out
  local want=$1; shift
  local status=0
  out=$(cd "$work" && pre-commit try-repo "$root" "$@" 2>&1) || status=$?
  printf '%s\n' "$out" | sed 's/^/    | /'
  local hooks=${*:-"(all hooks)"}
  if [[ $status == "$want" ]]; then ok "try-repo $hooks exits $want"; else fail "try-repo $hooks exits $status, not $want"; fi
}
has() { grep -qF -- "$1" <<<"$out"; }

expect "pre-commit validate-manifest accepts .pre-commit-hooks.yaml" pre-commit validate-manifest "$root/.pre-commit-hooks.yaml"

rm -rf "$work"
mkdir -p "$work/docs" "$work/src"
cd "$work"
git init -q -b main
git config user.email test@example.invalid
git config user.name test
git config commit.gpgsign false

cat >docs/good.md <<'EOF'
# Ask the relay

```bash
curl https://www.open1.codes/v1/responses \
  -H "Authorization: Bearer $OPEN1_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{"model": "gpt-5.4", "input": "hi"}'
```
EOF
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

echo "== open1-snip-lint on the staged files"
try_repo 1 open1-snip-lint
expect "the staged bad file is named" has "docs/bad.md:4:6: error[wrong-endpoint]"
expect "lint read the 3 staged files (bad.md, good.md, client.py)" has "Found 6 errors and 0 warnings in 3 files."
expect "every finding is in docs/bad.md" bash -c '! grep -E "^    \| [^ ]+:[0-9]+:[0-9]+: (error|warning)" <<<"$1" | grep -vqF "| docs/bad.md:"' _ "$out"
expect "the untracked bad file is not checked" bash -c '! grep -qF untracked.md <<<"$1"' _ "$out"
expect "the unstaged bad edit of src/client.py is not checked" bash -c '! grep -qF "client.py:" <<<"$1"' _ "$out"
expect "the unstaged edit is restored after the run" test "$(cat src/client.py)" == "$unstaged_client"

echo "== open1-snip-sync-check on a stale block"
cat >docs/hi.md <<'EOF'
# Say hi

<!-- open1-snip gen lang=curl prompt="Say hi" -->
```bash
curl https://www.open1.codes/v1/responses  # edited by hand
```
<!-- open1-snip end -->
EOF
git add docs/hi.md
try_repo 1 open1-snip-sync-check
expect "the diff removes the hand edit" has "-curl https://www.open1.codes/v1/responses  # edited by hand"
expect "and says what to run" has 'run `open1-snip sync` to regenerate it'

echo "== both hooks, with the bad file unstaged and the block synced"
git rm -q --cached docs/bad.md
"$snip" sync docs/hi.md
git add docs/hi.md
try_repo 0
expect "the lint hook passed" grep -qE 'open1-snip lint\.+Passed' <<<"$out"
expect "the sync hook passed" grep -qE 'open1-snip sync --check\.+Passed' <<<"$out"

echo "== a staged file named like an option is linted as a file (the entry ends in --)"
cp "$root/tests/fixtures/readme/quickstart.md" ./--config=evil.md
git add -- ./--config=evil.md
try_repo 1 open1-snip-lint
expect "the file named --config=evil.md is linted" has "--config=evil.md:4:6: error[wrong-endpoint]"

echo
echo "pre-commit: $passed passed, $failed failed"
((failed == 0))
