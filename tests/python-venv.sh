# Sourced by the ecosystem check scripts: `ensure_venv VENV REQUIREMENTS WHAT` makes (or remakes,
# when REQUIREMENTS changed) a virtualenv with REQUIREMENTS installed from PyPI.
ensure_venv() {
  local venv=$1 requirements=$2 what=$3 stamp
  stamp=$(sha256sum "$requirements" | cut -d' ' -f1)
  if [[ ! -f "$venv/.stamp" || $(cat "$venv/.stamp") != "$stamp" ]]; then
    echo "$what into $venv" >&2
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
    echo "$stamp" >"$venv/.stamp"
  fi
}
