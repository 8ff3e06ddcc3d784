#!/usr/bin/env bash
# Benchmark: what the release profile costs a source build and buys at run time. For each
# profile, `cargo install --locked --path . --root <tmp>` from nothing (a fresh CARGO_TARGET_DIR,
# so every dependency is compiled too, as on a machine that never built open1-snip) under GNU
# time (wall, CPU, peak RSS); then the binary's size and `lint` on the generated corpus
# (benches/make-corpus.py, FILES files) with hyperfine. The profiles are chosen by cargo's
# CARGO_PROFILE_RELEASE_* variables, so Cargo.toml is not edited; the builds run back to back.
#
#   bash benches/release-profile.sh                          # fat/1, thin/1, thin/16
#   PROFILES="fat:1 thin:16" FILES=2000 bash benches/release-profile.sh
#
# Prints one Markdown table; the README's "Release build" section quotes it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

for tool in hyperfine /usr/bin/time; do
  command -v "$tool" >/dev/null || {
    echo "benches/release-profile.sh: installing hyperfine and GNU time with apt-get" >&2
    apt-get update -qq && apt-get install -y -qq hyperfine time >/dev/null
  }
done

work=${BENCH_DIR:-/tmp/open1-snip-bench}/release-profile
mkdir -p "$work"
corpus=${BENCH_DIR:-/tmp/open1-snip-bench}/corpus-${FILES:-20000}
if [[ ! -d $corpus ]]; then
  python3 benches/make-corpus.py "$corpus.tmp" --files "${FILES:-20000}"
  mv "$corpus.tmp" "$corpus"
fi

rows=()
for profile in ${PROFILES:-fat:1 thin:1 thin:16}; do
  lto=${profile%%:*} cgu=${profile##*:}
  dir=$work/$lto-$cgu
  rm -rf "$dir"
  mkdir -p "$dir"
  echo "== cargo install, lto=$lto codegen-units=$cgu (at $(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  CARGO_TARGET_DIR=$dir/target CARGO_PROFILE_RELEASE_LTO=$lto CARGO_PROFILE_RELEASE_CODEGEN_UNITS=$cgu \
    /usr/bin/time -v -o "$dir/time.txt" \
    cargo install --quiet --locked --path . --root "$dir/root"
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$dir/time.txt")
  user=$(sed -n 's/.*User time (seconds): //p' "$dir/time.txt")
  sys=$(sed -n 's/.*System time (seconds): //p' "$dir/time.txt")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time.txt")
  bin=$dir/root/bin/open1-snip
  size=$(stat -c %s "$bin")
  # lint exits 1 on the corpus's broken snippets: that is the run being timed.
  hyperfine --style basic --warmup 1 --runs "${RUNS:-10}" -i --export-json "$dir/lint.json" \
    "$bin lint --format json $corpus" >&2
  # Wall time and CPU time (user + sys): on a shared machine the CPU time is the steadier figure.
  lint=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; m, d, c = r["mean"], r["stddev"], r["user"] + r["system"]; print(f"{m:.3f} ± {d:.3f} s | {c:.3f} s")' "$dir/lint.json")
  rows+=("| \`lto = \"$lto\"\`, \`codegen-units = $cgu\` | $wall | $(python3 -c "print(f'{$user + $sys:.0f}')") s | $((rss / 1024)) MiB | $(python3 -c "print(f'{$size:,}')") | $lint |")
  rm -rf "$dir/target"
done

echo
echo "| release profile | \`cargo install\` wall | CPU (user + sys) | peak RSS | binary bytes | lint, ${FILES:-20000} files: wall (mean ± σ) | lint CPU |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
