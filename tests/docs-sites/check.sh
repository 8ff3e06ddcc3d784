#!/usr/bin/env bash
# Builds docs sites whose page holds open1-snip's tab group, as each framework's users write it,
# and checks what readers get:
#   vitepress   a VitePress page (sync, format=vitepress), built with `vitepress build`
#   mkdocs      a Material for MkDocs page (sync, format=mkdocs), built with `mkdocs build --strict`
#   starlight   a Starlight .mdx page (sync, format=starlight), built with `astro build`
#   docusaurus  a Docusaurus .mdx page (sync, format=docusaurus), compiled with @mdx-js/mdx
#   mintlify    a Mintlify .mdx page (sync, format=mintlify), compiled with @mdx-js/mdx
# The built sites are served on 127.0.0.1 and checked in headless Chromium (browser.mjs): the tabs
# cURL, Python and Node.js, each tab's code shown when clicked and equal to `open1-snip gen`'s. The
# MDX pages are run with stub components and checked structurally (mdx.mjs). Each site also gets
# a broken copy of its page (the Python snippet's prompt and the Node.js tab's label changed),
# built and checked with it, whose checks of those two things must fail and the others pass.
# Screenshots: target/docs-sites-<site>.png.
#
# The MDX pages' markers are MDX comments (`{/* open1-snip gen … */}`; MDX refuses HTML ones) and
# their import lines are the page's own, written once at its top, as sync leaves them out.
#
# Installs what it needs: from the npm registry (pinned in package-lock.json) vitepress, astro,
# @astrojs/starlight, @mdx-js/mdx, react, react-dom and playwright-core into target/eco/docs-sites;
# from PyPI (pinned in mkdocs/requirements.txt) mkdocs-material into
# target/eco/docs-sites/mkdocs-venv; Debian's chromium with apt-get when /usr/bin/chromium is
# missing (playwright's own browser download cannot work here).
#   bash tests/docs-sites/check.sh [vitepress|mkdocs|starlight|docusaurus|mintlify]...   (default: all)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
dir="$root/target/eco/docs-sites"
target_dir=${CARGO_TARGET_DIR:-"$root/target"}
all=(vitepress mkdocs starlight docusaurus mintlify)
sites=("${@:-${all[@]}}")
for site in "${sites[@]}"; do
  [[ " ${all[*]} " == *" $site "* ]] || { echo "unknown site $site; the sites are ${all[*]}" >&2; exit 2; }
done
wants() { [[ " ${sites[*]} " == *" $1 "* ]]; }
mkdir -p "$dir"
export ASTRO_TELEMETRY_DISABLED=1 NO_MKDOCS_2_WARNING=1
step() { echo "== docs-sites: $1 (at ${SECONDS}s)" >&2; }

if (wants vitepress || wants mkdocs || wants starlight) && [[ ! -x /usr/bin/chromium ]]; then
  step "installing Debian's chromium with apt-get"
  apt-get update -qq >&2 && apt-get install -y -qq chromium >&2
fi
stamp=$(cat "$here/package.json" "$here/package-lock.json" | sha256sum | cut -d' ' -f1)
if [[ ! -f "$dir/.stamp" || $(cat "$dir/.stamp") != "$stamp" ]]; then
  step "installing the npm packages into $dir"
  rm -rf "$dir/node_modules"
  cp "$here/package.json" "$here/package-lock.json" "$dir/"
  # No install scripts: esbuild's and sharp's binaries come in their platform packages, and
  # playwright-core must not try to download a browser.
  (cd "$dir" && npm ci --silent --no-audit --no-fund --ignore-scripts >&2)
  echo "$stamp" >"$dir/.stamp"
fi
venv="$dir/mkdocs-venv"
if wants mkdocs; then
  stamp=$(sha256sum <"$here/mkdocs/requirements.txt" | cut -d' ' -f1)
  if [[ ! -f "$venv/.stamp" || $(cat "$venv/.stamp") != "$stamp" ]]; then
    step "installing mkdocs-material into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --require-virtualenv \
      -r "$here/mkdocs/requirements.txt" >&2
    echo "$stamp" >"$venv/.stamp"
  fi
fi

(cd "$root" && cargo build --locked --quiet)
snip="$target_dir/debug/open1-snip"

# Fills the page's marked block with `open1-snip sync`, then `sync --check` must find it up to
# date and lint must find nothing in it.
sync_page() {
  local page=$1
  "$snip" sync "$page"
  "$snip" sync --check "$page" >/dev/null
  "$snip" lint "$page"
}

# Writes BROKEN: PAGE with the Python snippet's prompt changed (the second of the page's three)
# and the Node.js tab's label changed to Node, where LABEL (a regex with two groups around the
# label) finds it.
break_page() {
  local page=$1 broken=$2 label=$3
  LABEL=$label perl -0 -pe '
    my $n = () = /Reply with OK only\./g;
    die "expected the prompt in 3 snippets, found $n\n" unless $n == 3;
    my $i = 0; s/Reply with OK only\./++$i == 2 ? "Reply with OK only!" : $&/ge;
    $n = s/$ENV{LABEL}/${1}Node${2}/mg;
    die "expected one Node.js label, found $n\n" unless $n == 1;' "$page" >"$broken"
}

# The sites are copies under $dir, so they find $dir/node_modules, and the committed pages keep
# only their markers.
work="$dir/site"
rm -rf "$work"
mkdir -p "$work"
cp "$here/browser.mjs" "$here/mdx.mjs" "$dir/"
failed=()
run() {
  local site=$1
  shift
  local start=$SECONDS status
  # Not `if "$@"`: a function called as a condition runs without set -e.
  set +e
  (
    set -e
    "$@"
  )
  status=$?
  set -e
  if ((status == 0)); then
    echo "== docs-sites: $site passed in $((SECONDS - start))s" >&2
  else
    echo "== docs-sites: $site FAILED" >&2
    failed+=("$site")
  fi
}
build() {
  local name=$1 log=$work/$1-build.log
  shift
  if ! (cd "$dir" && "$@") >"$log" 2>&1; then
    cat "$log" >&2
    return 1
  fi
  echo "$name: built" >&2
}

vitepress() {
  local site=$work/vitepress
  cp -r "$here/vitepress" "$site"
  sync_page "$site/docs/index.md"
  break_page "$site/docs/index.md" "$site/docs/broken.md" '(\[)Node\.js(\])'
  build vitepress npx --no-install vitepress build "$site/docs" || return 1
  (cd "$dir" && node browser.mjs vitepress "$site/docs/.vitepress/dist" "$snip" "$root/target/docs-sites-vitepress.png")
}

mkdocs() {
  local site=$work/mkdocs
  cp -r "$here/mkdocs" "$site"
  sync_page "$site/docs/index.md"
  break_page "$site/docs/index.md" "$site/docs/broken.md" '^(=== ")Node\.js(")'
  build mkdocs "$venv/bin/mkdocs" build --strict --config-file "$site/mkdocs.yml" --site-dir "$site/site" || return 1
  (cd "$dir" && node browser.mjs mkdocs "$site/site" "$snip" "$root/target/docs-sites-mkdocs.png")
}

starlight() {
  local site=$work/starlight
  cp -r "$here/starlight" "$site"
  local pages=$site/src/content/docs
  sync_page "$pages/index.mdx"
  break_page "$pages/index.mdx" "$pages/broken.mdx" '(label=")Node\.js(")'
  build starlight npx --no-install astro build --root "$site" || return 1
  (cd "$dir" && node browser.mjs starlight "$site/dist" "$snip" "$root/target/docs-sites-starlight.png")
}

mdx() {
  local format=$1 label=$2 site=$work/$1
  mkdir -p "$site"
  cp "$here/mdx/$format.mdx" "$site/index.mdx"
  sync_page "$site/index.mdx"
  break_page "$site/index.mdx" "$site/broken.mdx" "$label"
  (cd "$dir" && node mdx.mjs "$format" "$site/index.mdx" "$site/broken.mdx" "$snip" "$site/compiled")
}
docusaurus() { mdx docusaurus '(label=")Node\.js(")'; }
mintlify() { mdx mintlify '^(`{3,}js )Node\.js()$'; }

for site in "${sites[@]}"; do
  step "$site"
  run "$site" "$site"
done
if ((${#failed[@]})); then
  echo "docs-sites: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "docs-sites: ${#sites[@]} sites passed: ${sites[*]} (in ${SECONDS}s)" >&2
