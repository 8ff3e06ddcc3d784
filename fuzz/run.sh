#!/usr/bin/env bash
# Fuzzes open1-snip with cargo-fuzz (libFuzzer) — by hand, not in CI.
#
#   bash fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (defaults: 1800, every target)
#
# Targets (the checks are in fuzz/checks.rs):
#   markdown     a file (Markdown, HTML, bash, Python, JS) through extraction, the snippet parsers,
#                every rule and --fix --unsafe-fixes twice (the second must change nothing)
#   curl         shell text through the curl parser and `convert`; a conversion renders
#   description  a request description through parsing, the request's checks and every template
#
# Needs the nightly toolchain (`rustup toolchain install nightly`); installs cargo-fuzz from
# crates.io if missing. The corpus grows in fuzz/corpus/<target> (seeded from tests/fixtures),
# crashes land in fuzz/artifacts/<target> and are copied to tests/fixtures/fuzz/<target>/, where
# `cargo test --test fuzz_regressions` runs them through the same checks: fix the bug, commit the
# file. Runs in fork mode, so one crash does not end the run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-1800}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(markdown curl description)

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
cargo +nightly --version >/dev/null || {
    echo "fuzz/run.sh: the nightly toolchain is missing: rustup toolchain install nightly" >&2
    exit 2
}

seed() {
    local target=$1 dir=fuzz/corpus/$1
    mkdir -p "$dir"
    python3 - "$target" "$dir" <<'PY'
import hashlib, pathlib, re, sys
target, out = sys.argv[1], pathlib.Path(sys.argv[2])
fixtures = pathlib.Path("tests/fixtures")
kinds = {".md": 0, ".html": 1, ".sh": 2, ".py": 3, ".mjs": 4, ".js": 4}
seeds = []
for path in sorted(fixtures.rglob("*")):
    if not path.is_file():
        continue
    data = path.read_bytes()
    if target == "markdown" and path.suffix in kinds:
        seeds.append(bytes([kinds[path.suffix]]) + data)
    elif target == "description" and path.suffix == ".json":
        seeds.append(data)
    elif target == "curl":
        if path.suffix == ".sh":
            seeds.append(data)
        elif path.suffix == ".md":
            text = data.decode("utf-8", "replace")
            for block in re.findall(r"```(?:bash|sh|shell|console)[^\n]*\n(.*?)```", text, re.S):
                seeds.append(block.encode())
for data in seeds:
    (out / hashlib.sha1(data).hexdigest()).write_bytes(data)
print(f"{target}: {len(seeds)} seeds")
PY
}

for target in "${targets[@]}"; do
    seed "$target"
    mkdir -p "fuzz/artifacts/$target"
    echo "== $target: $seconds s"
    cargo +nightly fuzz run --release "$target" "fuzz/corpus/$target" -- \
        -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len=65536 \
        -dict="fuzz/dict/$target.dict" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 \
        -ignore_ooms=1 -print_final_stats=1 \
        -artifact_prefix="fuzz/artifacts/$target/" 2>&1 | tee "fuzz/artifacts/$target.log" |
        grep -E '^#[0-9]+.*(DONE|pulse)|INFO: .*(crash|timeout|oom)|==ERROR|^stat::' || true
    found=(fuzz/artifacts/"$target"/{crash,timeout,oom,leak}-*)
    kept=0
    mkdir -p "tests/fixtures/fuzz/$target"
    for file in "${found[@]}"; do
        [ -e "$file" ] || continue
        cp "$file" "tests/fixtures/fuzz/$target/"
        kept=$((kept + 1))
    done
    echo "== $target: $kept crash/timeout/oom inputs copied to tests/fixtures/fuzz/$target/"
done
