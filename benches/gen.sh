#!/usr/bin/env bash
# Benchmark: wall time of one `open1-snip gen` process (release build), for the three default
# langs, for all five, and for a 1 MB prompt. Uses hyperfine (installed with apt-get when
# missing). Prints hyperfine's table; the README quotes it.
#
#   bash benches/gen.sh            # the figures in the README
#   RUNS=500 bash benches/gen.sh   # more runs
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v hyperfine >/dev/null; then
  echo "benches/gen.sh: installing hyperfine with apt-get" >&2
  apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null
fi

cargo build --release --locked --quiet
bin=$PWD/target/release/open1-snip
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A 1 MB prompt of mixed ASCII, CJK, quotes and newlines: the escaping filters' worst case.
python3 - "$work/big.json" <<'PY'
import json, sys
line = "多字节 'quote' \"dq\" $HOME `x` \\ 😀 lorem ipsum dolor sit amet\n"
prompt = line * (1_048_576 // len(line.encode()) + 1)
json.dump({"prompt": prompt}, open(sys.argv[1], "w"), ensure_ascii=False)
PY

echo "binary: $bin ($(wc -c <"$bin") bytes), $(nproc) cores"
hyperfine --warmup 20 --runs "${RUNS:-300}" -N \
  --command-name "gen (curl, python, node)" "$bin gen" \
  --command-name "gen --lang all five" "$bin gen --lang curl,python,node,python-openai,node-openai" \
  --command-name "gen, 1 MB prompt (curl, python, node)" "$bin gen $work/big.json" \
  --export-markdown "$work/table.md" >&2
cat "$work/table.md"
