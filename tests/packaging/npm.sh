#!/usr/bin/env bash
# The npm packages, as a docs project gets them: packs open1-snip and this machine's platform
# package (packaging/npm/), installs both from the two tarballs alone into a throwaway
# VitePress-style project — no registry: npm's registry is a closed loopback port, its cache
# empty, and it runs --offline — and runs the launcher there: lint (the finding, exit 1; exit 0
# once fixed), gen --format vitepress (equal to the binary's own), exit codes and arguments
# passed through, signals (tests/packaging/npm_signals.py), and the messages when no binary fits.
# Prints each check, the tarball sizes and the time from the tarballs to the first lint result;
# exits 1 on the first mismatch.
#
#   bash tests/packaging/npm.sh
#
# The binary: $OPEN1_SNIP_BINARY when set, else `cargo build --release --locked`. Needs node 18+,
# npm and python3; works offline.
# shellcheck disable=SC2016 # single quotes around JavaScript's `${}` and a literal `$HOME`, meant
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
repo=$PWD

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
ok() { echo "ok: $*"; }

if [[ -n "${OPEN1_SNIP_BINARY:-}" ]]; then
  binary=$OPEN1_SNIP_BINARY
else
  cargo build --release --locked
  binary=$repo/target/release/open1-snip
fi
binary=$(realpath "$binary")
# The launcher runs $OPEN1_SNIP_BINARY instead of its package's binary: every run below must go
# through the installed package.
unset OPEN1_SNIP_BINARY

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export npm_config_cache=$work/npm-cache npm_config_update_notifier=false \
  npm_config_audit=false npm_config_fund=false

node packaging/npm/main-package.mjs --check >/dev/null ||
  fail "packaging/npm/open1-snip/package.json disagrees with Cargo.toml or packaging/targets.json"
ok "packaging/npm/open1-snip/package.json: version and optionalDependencies as Cargo.toml and packaging/targets.json say"

# The package's README lists the platform packages for people: all of them.
for p in $(node -p 'require("./packaging/targets.json").targets.map((t) => t.npm_package).join(" ")'); do
  grep -qF "\`$p\`" packaging/npm/open1-snip/README.md || fail "packaging/npm/open1-snip/README.md does not list $p"
done
ok "packaging/npm/open1-snip/README.md lists every platform package of packaging/targets.json"

# This machine's entry of packaging/targets.json. The binary is this machine's release build
# (x86_64-unknown-linux-gnu here), packed as that entry's target.
read -r target package binary_name < <(node --input-type=module -e '
  import { readFileSync } from "node:fs";
  const { targets } = JSON.parse(readFileSync("packaging/targets.json", "utf8"));
  const t = targets.find((t) => t.npm_os === process.platform && t.npm_cpu === process.arch);
  if (!t) { console.error(`no target in packaging/targets.json for ${process.platform} ${process.arch}`); process.exit(1); }
  console.log(t.target, t.npm_package, t.binary);
')
version=$(node -p 'require("./packaging/npm/open1-snip/package.json").version')

# --- the two packages and their tarballs
node packaging/npm/platform-package.mjs "$target" "$binary" "$work/packages/platform"
node packaging/npm/main-package.mjs "$work/packages/open1-snip"
mkdir "$work/tarballs"
(cd "$work/tarballs" && npm pack --silent "$work/packages/platform" "$work/packages/open1-snip" >/dev/null)
# npm's names: @scope/name becomes scope-name.
platform_tgz=$work/tarballs/$(echo "${package#@}" | tr / -)-$version.tgz
main_tgz=$work/tarballs/open1-snip-$version.tgz
[[ -f $main_tgz && -f $platform_tgz ]] || fail "npm pack made $(ls "$work/tarballs")"

listing() { tar -tvzf "$1" | awk '{print $1, $6}' | sort -k2; }
expected_platform=$(printf '%s\n' "-rw-r--r-- package/README.md" "-rwxr-xr-x package/$binary_name" "-rw-r--r-- package/package.json" | sort -k2)
[[ $(listing "$platform_tgz") == "$expected_platform" ]] ||
  fail "$(basename "$platform_tgz") holds $(listing "$platform_tgz")"
ok "$(basename "$platform_tgz"): package.json, README.md and $binary_name, executable (-rwxr-xr-x)"
expected_main=$(printf '%s\n' package/README.md package/bin/open1-snip.js package/package.json package/platforms.json | sort)
[[ $(tar -tzf "$main_tgz" | sort) == "$expected_main" ]] || fail "$(basename "$main_tgz") holds $(tar -tzf "$main_tgz")"
ok "$(basename "$main_tgz"): package.json, README.md, bin/open1-snip.js, platforms.json"
tar -xzOf "$platform_tgz" package/package.json | node -e '
  const m = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const [pkg, os, cpu, version] = process.argv.slice(1);
  const ok = m.name === pkg && m.version === version && m.preferUnplugged === true &&
    JSON.stringify(m.os) === JSON.stringify([os]) && JSON.stringify(m.cpu) === JSON.stringify([cpu]);
  if (!ok) { console.error(JSON.stringify(m)); process.exit(1); }
' "$package" "$(node -p process.platform)" "$(node -p process.arch)" "$version" ||
  fail "the platform package's package.json"
ok "$package@$version: os [$(node -p process.platform)], cpu [$(node -p process.arch)], preferUnplugged"

# --- the release's packing (pack-all.mjs), with a small stand-in file as every target's binary
mkdir "$work/bins"
node -p 'require("./packaging/targets.json").targets.map((t) => `${t.target} ${t.binary}`).join("\n")' >"$work/targets.txt"
while read -r t b; do
  mkdir "$work/bins/$t" && echo "stand-in for $t" >"$work/bins/$t/$b"
done <"$work/targets.txt"
node packaging/npm/pack-all.mjs "$work/bins" "$work/release" >"$work/release.txt" 2>"$work/release.err" ||
  fail "pack-all.mjs: $(cat "$work/release.err")"
mapfile -t tarballs <"$work/release.txt"
[[ ${#tarballs[@]} == $(($(wc -l <"$work/targets.txt") + 1)) ]] || fail "pack-all.mjs printed ${tarballs[*]}"
i=0
while read -r t b; do
  pkg=$(tar -xzOf "${tarballs[$i]}" package/package.json | node -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).name')
  want=$(node -p "require('./packaging/targets.json').targets.find((x) => x.target === '$t').npm_package")
  [[ $pkg == "$want" && $(tar -xzOf "${tarballs[$i]}" "package/$b") == "stand-in for $t" ]] ||
    fail "pack-all.mjs's tarball $((i + 1)), ${tarballs[$i]}, is not $want with $t's $b"
  i=$((i + 1))
done <"$work/targets.txt"
[[ ${tarballs[$i]} == */open1-snip-$version.tgz ]] || fail "pack-all.mjs's last tarball is ${tarballs[$i]}"
ok "pack-all.mjs: a tarball per target of packaging/targets.json with its binary, then open1-snip-$version.tgz, in publishing order"

# --- no registry: a loopback port nobody listens on, shown refusing
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export npm_config_registry=http://127.0.0.1:$port/
if npm view open1-snip version --fetch-retries=0 >"$work/view.log" 2>&1; then
  fail "npm view reached a registry at $npm_config_registry"
fi
grep -q ECONNREFUSED "$work/view.log" || fail "npm view failed otherwise: $(cat "$work/view.log")"
ok "the registry npm is given, $npm_config_registry, refuses connections"
export npm_config_offline=true

# --- a VitePress-style docs project
project=$work/docs-site
mkdir -p "$project/docs/.vitepress"
cat >"$project/package.json" <<'EOF'
{
  "name": "docs-site",
  "private": true,
  "type": "module",
  "scripts": {
    "lint:snippets": "open1-snip lint docs"
  }
}
EOF
cat >"$project/docs/.vitepress/config.mjs" <<'EOF'
export default { title: "open1 relay" };
EOF
cat >"$project/docs/index.md" <<'EOF'
# open1 relay

See [calling the API](./api.md).
EOF
cat >"$project/docs/api.md" <<'EOF'
# Calling the API

```bash
curl https://www.open1.codes/v1/responses \
  -H "Authorization: Bearer $OPEN1_API_KEY" \
  -d '{"model": "gpt-5.4", "input": "Reply with OK only."}'
```
EOF
cd "$project"

seconds() { echo "$EPOCHREALTIME"; }
t0=$(seconds)
npm install --loglevel=http "$main_tgz" "$platform_tgz" >"$work/install.log" 2>&1 ||
  fail "npm install from the tarballs: $(cat "$work/install.log")"
t1=$(seconds)
if grep -E 'npm http fetch' "$work/install.log"; then fail "npm install fetched over the network"; fi
ok "npm install of the two tarballs, offline, with an empty cache: no fetch in its http log"
installed=$(cd node_modules && find . -mindepth 2 -maxdepth 3 -name package.json -printf '%h\n' | cut -c3- | sort | tr '\n' ' ')
[[ $installed == "$(printf '%s\n' open1-snip "$package" | sort | tr '\n' ' ')" ]] || fail "node_modules holds $installed"
ok "node_modules: open1-snip and $package only"

# --- lint through npx: the finding, exit 1, exactly as the binary says it
set +e
npx open1-snip lint docs >"$work/npx.out" 2>"$work/npx.err"
status=$?
t2=$(seconds)
"$binary" lint docs >"$work/bin.out" 2>"$work/bin.err"
bin_status=$?
# The launcher without npx in front (as `npm run` starts it), for the figures.
t3=$(seconds)
node_modules/.bin/open1-snip lint docs >/dev/null 2>&1
t4=$(seconds)
set -e
[[ $status == 1 ]] || fail "npx open1-snip lint docs exited $status: $(cat "$work/npx.out" "$work/npx.err")"
grep -q 'missing-content-type' "$work/npx.out" || fail "no missing-content-type finding: $(cat "$work/npx.out")"
grep -q 'docs/api.md' "$work/npx.out" || fail "the finding does not name docs/api.md"
if [[ $bin_status != 1 ]] || ! cmp -s "$work/npx.out" "$work/bin.out" || ! cmp -s "$work/npx.err" "$work/bin.err"; then
  fail "npx's output differs from the binary's (exit $bin_status): $(diff "$work/npx.out" "$work/bin.out")"
fi
ok "npx open1-snip lint docs: exit 1, the missing-content-type finding in docs/api.md, stdout and stderr equal to the binary's"
sed -n '1,4p' "$work/npx.out" | sed 's/^/    /'

set +e
npm run --silent lint:snippets >/dev/null 2>&1
status=$?
set -e
[[ $status == 1 ]] || fail "npm run lint:snippets exited $status"
ok "npm run lint:snippets (\"open1-snip lint docs\"): exit 1"

# Fixed through the launcher too.
npx open1-snip lint docs --fix >"$work/fix.out" 2>&1 || true
grep -q 'Content-Type: application/json' docs/api.md || fail "lint --fix did not add a Content-Type: $(cat docs/api.md)"
npx open1-snip lint docs >"$work/npx.out" 2>&1 || fail "lint after the fix: $(cat "$work/npx.out")"
npm run --silent lint:snippets >/dev/null || fail "npm run lint:snippets after the fix"
ok "after npx open1-snip lint docs --fix: npx open1-snip lint docs and npm run lint:snippets exit 0"

# --- gen, byte for byte
npx open1-snip gen --format vitepress >"$work/npx.gen"
"$binary" gen --format vitepress >"$work/bin.gen"
cmp -s "$work/npx.gen" "$work/bin.gen" || fail "gen differs: $(diff "$work/npx.gen" "$work/bin.gen")"
grep -q '::: code-group' "$work/npx.gen" || fail "gen --format vitepress wrote no code group"
ok "npx open1-snip gen --format vitepress: a code group, $(wc -c <"$work/npx.gen") bytes equal to the binary's"

# --- exit codes and arguments unchanged: a missing file with spaces, quotes and $ in its name
odd='docs/no such $HOME `page`.md'
set +e
npx open1-snip lint "$odd" >"$work/npx.out" 2>"$work/npx.err"
status=$?
"$binary" lint "$odd" >"$work/bin.out" 2>"$work/bin.err"
bin_status=$?
set -e
[[ $status == 2 && $bin_status == 2 ]] || fail "lint of a missing file: npx exit $status, binary exit $bin_status"
grep -qF 'no such $HOME `page`.md' "$work/npx.err" || fail "the file name did not arrive unchanged: $(cat "$work/npx.err")"
cmp -s "$work/npx.err" "$work/bin.err" || fail "stderr differs: $(diff "$work/npx.err" "$work/bin.err")"
ok "npx open1-snip lint '$odd': exit 2, the name unchanged in the binary's message"
[[ $(npx open1-snip --version) == "$("$binary" --version)" && $("$binary" --version) == "open1-snip $version" ]] ||
  fail "--version: $(npx open1-snip --version)"
ok "npx open1-snip --version: open1-snip $version"

# --- signals
launcher=$project/node_modules/.bin/open1-snip
python3 "$repo/tests/packaging/npm_signals.py" "$launcher" "$project/node_modules/$package/$binary_name" "$project"

# --- no binary fits: another CPU (process.arch replaced before the launcher runs)
supported=$(node -p 'require(process.argv[1]).targets.map((t) => `${t.npm_os} ${t.npm_cpu}`).join(", ")' "$repo/packaging/targets.json")
echo 'Object.defineProperty(process, "arch", { value: "ppc64" });' >"$work/ppc64.cjs"
set +e
NODE_OPTIONS="--require $work/ppc64.cjs" "$launcher" lint docs >"$work/out" 2>"$work/err"
status=$?
set -e
[[ $status == 2 && ! -s $work/out ]] || fail "launcher on ppc64: exit $status, stdout $(cat "$work/out")"
for expected in "no prebuilt binary for this platform: $(node -p process.platform) ppc64" \
  "binaries for: $supported." "pip install open1-snip" "cargo install --locked"; do
  grep -qF "$expected" "$work/err" || fail "the ppc64 message lacks '$expected': $(cat "$work/err")"
done
ok "launcher on $(node -p process.platform) ppc64: exit 2, the platform, the supported list ($supported), pip and cargo"
sed 's/^/    /' "$work/err"

# The platform package missing (installed with --omit=optional, or a lockfile from elsewhere).
rm -rf "node_modules/$package"
set +e
npx open1-snip lint docs >"$work/out" 2>"$work/err"
status=$?
set -e
[[ $status == 2 ]] || fail "without $package: exit $status"
for expected in "the package $package, which holds the binary for" "is not installed" "--omit=optional" "pip install open1-snip"; do
  grep -qF -- "$expected" "$work/err" || fail "the message without $package lacks '$expected': $(cat "$work/err")"
done
ok "npx open1-snip lint docs without $package: exit 2, the package named, how to reinstall, pip and cargo"

# --- figures
echo
echo "figures ($(node -p process.platform) $(node -p process.arch), node $(node --version), npm $(npm --version)):"
printf '  %-44s %s bytes\n' "$(basename "$platform_tgz")" "$(stat -c %s "$platform_tgz")" \
  "  (its binary, unpacked)" "$(stat -c %s "$binary")" \
  "$(basename "$main_tgz")" "$(stat -c %s "$main_tgz")"
awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v e="$t4" 'BEGIN {
  printf "  npm install (the two tarballs, offline)      %.2f s\n", b - a
  printf "  first npx open1-snip lint docs               %.2f s\n", c - b
  printf "  from the tarballs to the first lint result   %.2f s\n", c - a
  printf "  node_modules/.bin/open1-snip lint docs       %.2f s (the launcher without npx)\n", e - d
}'
