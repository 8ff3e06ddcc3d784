#!/usr/bin/env bash
# Growth: wall time and peak RSS of one open1-snip process (release build) at three input sizes
# per shape, each twice the last, so that growth can be seen to be about linear (time and memory
# about doubling per row) — the shapes that once grew faster: a bash block doubling a variable,
# comment lines after a relay call (Python, a Markdown python block, JavaScript), `convert` with
# many `-H`, `lint --fix` with many fixes in one file, and `sync --check` over many stale
# markers. Needs GNU time (/usr/bin/time;
# installed with apt-get when missing). Prints a Markdown table; the README quotes it.
#
#   bash benches/growth.sh              # builds the release binary first
#   BIN=target/release/open1-snip bash benches/growth.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -x /usr/bin/time ]; then
  echo "benches/growth.sh: installing GNU time with apt-get" >&2
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi

# BIN=path/to/open1-snip times a binary already built (a release build takes minutes).
if [ -n "${BIN:-}" ]; then
  bin=$(realpath "$BIN")
else
  cargo build --release --locked --quiet
  bin=$PWD/target/release/open1-snip
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Writes the input of SHAPE at size N into $work/SHAPE-N.*; prints the command line to time.
make_input() {
  python3 - "$work" "$1" "$2" <<'PY'
import sys
work, shape, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
relay = "https://www.open1.codes/v1/responses"
py_call = f"import requests\nrequests.post('{relay}', json={{'model': 'gpt-5.4'}})\n"
comment = "# a comment line of forty bytes or so..\n"
curl = f"curl {relay} -H 'Authorization: Bearer $K' -d '{{\"model\": \"gpt-5.4\", \"input\": \"hi\"}}'\n"
def write(name, text):
    path = f"{work}/{shape}-{n}-{name}"
    open(path, "w").write(text)
    return path
if shape == "doubling":
    code = "V0=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n" + "".join(
        f'V{i}="${{V{i - 1}}}${{V{i - 1}}}"\n' for i in range(1, n + 1))
    print("lint " + write("bomb.md", "```bash\n" + code + curl.replace("$K", f"$V{n}") + "```\n"))
elif shape == "python-comments":
    print("lint " + write("c.py", py_call + comment * (n * 1024 // len(comment))))
elif shape == "md-python-comments":
    body = py_call + comment * (n * 1024 // len(comment))
    print("lint " + write("c.md", "```python\n" + body + "```\n"))
elif shape == "js-comments":
    js = f"await fetch('{relay}', {{ method: 'POST', body: JSON.stringify({{ model: 'gpt-5.4' }}) }});\n"
    print("lint " + write("c.js", js + "// a comment line of forty bytes or so.\n" * (n * 1024 // 40)))
elif shape == "convert-headers":
    headers = "".join(f" -H 'X-H{i}: v'" for i in range(n))
    print("convert --to request " + write("curl.sh", curl.replace(" -d", headers + " -d")))
elif shape == "sync-check":
    page = "".join(f"## Step {i}\n\n<!-- open1-snip gen lang=curl prompt=\"Step {i}\" -->\nold\n<!-- open1-snip end -->\n\n" for i in range(n))
    print("sync --check " + write("stale.md", page))
elif shape == "fix-many":
    page = "".join(f"## {i}\n\n```bash\n{curl}```\n\n" for i in range(n))
    print("lint --fix " + write("many.md", page))
PY
}

echo "binary: $bin, $(nproc) cores"
echo
echo "| shape | size | input | time | peak RSS |"
echo "|---|---:|---:|---:|---:|"
while read -r shape unit sizes; do
  for n in $sizes; do
    args=$(make_input "$shape" "$n")
    file=${args##* }
    bytes=$(wc -c <"$file")
    # Best of three: the least disturbed by other work on the machine.
    best=""
    for _ in 1 2 3; do
      cp "$file" "$file.orig"
      # shellcheck disable=SC2086 # the arguments are words
      /usr/bin/time -f "%e %M" -o "$work/time" "$bin" $args >/dev/null 2>&1 || true
      mv "$file.orig" "$file"
      read -r seconds kib < <(tail -n 1 "$work/time")
      if [ -z "$best" ] || awk "BEGIN { exit !($seconds < ${best%% *}) }"; then
        best="$seconds $kib"
      fi
    done
    read -r seconds kib <<<"$best"
    printf '| %s | %s %s | %s KB | %s s | %s MB |\n' "$shape" "$n" "$unit" \
      "$((bytes / 1024))" "$seconds" "$((kib / 1024))"
  done
done <<'SHAPES'
doubling doublings 30 60 120
python-comments KB 256 512 1024
md-python-comments KB 256 512 1024
js-comments KB 256 512 1024
convert-headers headers 25000 50000 100000
fix-many fixes 1000 2000 4000
sync-check markers 1000 2000 4000
SHAPES
