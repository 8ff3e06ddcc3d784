#!/usr/bin/env bash
# Benchmark: `open1-snip lint` against what docs teams run without it — ripgrep on the trigger
# words (the floor: every file read once), typos (spelling), markdownlint-cli2 (Markdown style)
# and secretlint (keys) — in one run, on the same two trees:
#   - the generated corpus (benches/make-corpus.py: 20,000 Markdown files, ~107 MB, one in ten
#     with relay snippets, a quarter of those broken);
#   - a real docs tree nobody here wrote: the docs the `ai` npm package ships (the Vercel AI
#     SDK's MDX pages, many with OpenAI calls).
# Every tool is installed from its registry at a pinned version into target/peers/ (ripgrep and
# typos from PyPI into a virtualenv, pinned in benches/requirements.txt; markdownlint-cli2 and
# secretlint from npm into a local folder). The trees are laid outside the repository (BENCH_DIR, default /tmp/open1-snip-bench)
# so no tool skips them for the repository's .gitignore. Prints one Markdown table per tree
# (benches/peers.py): wall time, MB/s, peak RSS, the ratio to open1-snip's time; the README
# quotes them.
#
#   bash benches/peers.sh                    # the README's tables
#   RUNS=3 FILES=2000 bash benches/peers.sh  # fewer runs, a smaller corpus
#   TIMEOUT=3600 bash benches/peers.sh       # let a slow tool run an hour, not 10 minutes
#   PEERS=open1-snip,rg bash benches/peers.sh # only these tools' rows (names as in the table)
#   BIN=path/to/open1-snip bash benches/peers.sh  # time a binary already built (no cargo build)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

MARKDOWNLINT_CLI2=0.22.1 # 0.22.x is the last line that runs on Node 20
SECRETLINT=11.7.1        # 12 and later need Node 22
AI_DOCS=7.0.173          # the `ai` package whose docs/ is the real tree

if [[ ! -x /usr/bin/time ]]; then
  echo "benches/peers.sh: installing GNU time (peak RSS) with apt-get" >&2
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi

tools=$PWD/target/peers
bench=${BENCH_DIR:-/tmp/open1-snip-bench}
mkdir -p "$tools" "$bench"

# shellcheck source=../tests/python-venv.sh
source tests/python-venv.sh
ensure_venv "$tools/venv" benches/requirements.txt \
  "benches/peers.sh: installing ripgrep and typos (benches/requirements.txt)"
stamp="$MARKDOWNLINT_CLI2 $SECRETLINT"
# The npm tools only when their rows are wanted (PEERS unset: every row).
wants_npm=1
if [[ -n ${PEERS:-} && ,$PEERS, != *,markdownlint-cli2,* && ,$PEERS, != *,secretlint,* ]]; then
  wants_npm=0
fi
if [[ $wants_npm == 1 && ( ! -f $tools/.npm-stamp || $(cat "$tools/.npm-stamp") != "$stamp" ) ]]; then
  echo "benches/peers.sh: installing markdownlint-cli2 $MARKDOWNLINT_CLI2, secretlint" \
    "$SECRETLINT (npm) into $tools" >&2
  rm -rf "$tools/node_modules"
  echo '{"private": true}' >"$tools/package.json"
  npm install --prefix "$tools" --no-audit --no-fund --silent \
    "markdownlint-cli2@$MARKDOWNLINT_CLI2" "secretlint@$SECRETLINT" \
    "@secretlint/secretlint-rule-preset-recommend@$SECRETLINT"
  echo "$stamp" >"$tools/.npm-stamp"
fi
echo '{"rules": [{"id": "@secretlint/secretlint-rule-preset-recommend"}]}' \
  >"$tools/secretlintrc.json"

corpus=$bench/corpus-${FILES:-20000}
if [[ ! -d $corpus ]]; then
  python3 benches/make-corpus.py "$corpus.tmp" --files "${FILES:-20000}"
  mv "$corpus.tmp" "$corpus"
fi
docs=$bench/ai-$AI_DOCS-docs
if [[ ! -d $docs ]]; then
  scratch=$(mktemp -d)
  (cd "$scratch" && npm pack --silent "ai@$AI_DOCS" >/dev/null && tar xzf "ai-$AI_DOCS.tgz")
  mv "$scratch/package/docs" "$docs"
  rm -rf "$scratch"
fi

if [[ -n ${BIN:-} ]]; then
  bin=$(realpath "$BIN")
else
  cargo build --release --locked --quiet
  bin=$PWD/target/release/open1-snip
fi
echo "open1-snip $("$bin" --version | cut -d' ' -f2)," \
  "ripgrep $("$tools/venv/bin/rg" --version | head -1 | cut -d' ' -f2)," \
  "typos $("$tools/venv/bin/typos" --version | cut -d' ' -f2)," \
  "markdownlint-cli2 $MARKDOWNLINT_CLI2, secretlint $SECRETLINT, node $(node --version);" \
  "$(nproc) cores, $(date -u +%Y-%m-%d)"
echo
for tree in "$corpus:generated corpus" "$docs:ai@$AI_DOCS docs/ (real)"; do
  python3 benches/peers.py "${tree%%:*}" "${tree#*:}" "$tools" "$bin" --runs "${RUNS:-5}"
done
