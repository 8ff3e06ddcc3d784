#!/usr/bin/env bash
# Benchmark: `open1-snip lint` over a generated docs tree (20,000 Markdown files, ~100 MB, one in
# ten with relay snippets), side by side with ripgrep searching the same tree for the trigger
# words (the floor: reading every file once). Installs hyperfine and ripgrep with apt-get when
# missing. Prints a table with wall time, MB/s and files/s; the README quotes it.
#
#   bash benches/lint.sh               # the figures in the README
#   FILES=2000 bash benches/lint.sh    # a smaller tree
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

for tool in hyperfine rg; do
  if ! command -v "$tool" >/dev/null; then
    package=$tool; [[ $tool == rg ]] && package=ripgrep
    echo "benches/lint.sh: installing $package with apt-get" >&2
    apt-get update -qq && apt-get install -y -qq "$package" >/dev/null
  fi
done

cargo build --release --locked --quiet
bin=$PWD/target/release/open1-snip
corpus=$PWD/target/bench-corpus-${FILES:-20000}
if [[ ! -d $corpus ]]; then
  python3 benches/make-corpus.py "$corpus.tmp" --files "${FILES:-20000}"
  mv "$corpus.tmp" "$corpus"
fi
bytes=$(du -sb "$corpus" | cut -f1)
files=$(find "$corpus" -type f | wc -l)
echo "corpus: $files files, $((bytes / 1000000)) MB; $(nproc) cores" >&2

json=$(mktemp)
trap 'rm -f "$json"' EXIT
hyperfine --warmup 2 --runs "${RUNS:-10}" -N -i \
  --command-name "open1-snip lint --format json" "$bin lint --format json $corpus" \
  --command-name "open1-snip lint (human output)" "$bin lint --color never $corpus" \
  --command-name "rg (trigger words)" "rg -c -i -e open1 -e openai -e /responses -e /completions $corpus" \
  --export-json "$json" >&2

python3 - "$json" "$bytes" "$files" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
size, files = int(sys.argv[2]), int(sys.argv[3])
print("| command | mean wall time | MB/s | files/s |")
print("|---|---:|---:|---:|")
for r in results:
    mean = r["mean"]
    print(f"| `{r['command']}` | {mean * 1000:.0f} ms ± {r['stddev'] * 1000:.0f} | {size / mean / 1e6:.0f} | {files / mean:,.0f} |")
PY
