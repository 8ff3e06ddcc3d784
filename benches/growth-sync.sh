#!/usr/bin/env bash
# Growth: `open1-snip sync --check` over one page of N stale markers, at three sizes. The time
# and peak RSS should about double when N doubles (linear); before the block-wise diff and the
# line index, each doubling took about four times as long.
#
#   bash benches/growth-sync.sh                       # release build, N = 1000, 2000, 4000
#   BIN=target/debug/open1-snip SIZES="250 500 1000" bash benches/growth-sync.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ ! -x /usr/bin/time ]]; then
  echo "benches/growth-sync.sh: installing GNU time (peak RSS) with apt-get" >&2
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
if [[ -z ${BIN:-} ]]; then
  cargo build --release --locked --quiet
  BIN=$PWD/target/release/open1-snip
fi
BIN=$(realpath "$BIN")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A page of N stale blocks: a heading, a marker asking for one snippet, an old line.
page() {
  local n=$1 i
  for ((i = 1; i <= n; i++)); do
    printf '## Step %d\n\n<!-- open1-snip gen lang=curl prompt="Step %d" -->\nold\n<!-- open1-snip end -->\n\n' "$i" "$i"
  done
}

echo "binary: $BIN, $(nproc) cores"
printf '%8s %10s %s\n' markers "page KB" "time, peak RSS"
for n in ${SIZES:-1000 2000 4000}; do
  page "$n" >"$work/page-$n.md"
  kb=$(($(wc -c <"$work/page-$n.md") / 1024))
  # Exit 1 is the expected outcome (stale); anything else is a failure.
  status=0
  measured=$(cd "$work" && /usr/bin/time -f '%e s %M KB' "$BIN" sync --check "page-$n.md" 2>&1 >/dev/null | tail -n 1) || status=$?
  if [[ $status -ne 1 ]]; then
    echo "benches/growth-sync.sh: sync --check exited $status on $n markers" >&2
    exit 1
  fi
  printf '%8d %10d %s\n' "$n" "$kb" "$measured"
done
