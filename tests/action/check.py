"""Runs action.yml's steps (through action_runner.py) against small workspaces and checks what a
pull request would see: annotations, the SARIF file, sync --check, exit codes, inputs that try
to inject shell code; and how the action installs open1-snip, against a loopback HTTP server
standing in for the release host (a real archive written by packaging/archive.py from
OPEN1_SNIP_BINARY, and its sha256sums.txt): the download, a tool-cache hit, a checksum mismatch,
a missing checksum line, a missing asset and an unknown platform (both built from source), an
unknown version. Called by run-locally.sh, which makes the virtualenv and the binary this needs."""

from __future__ import annotations

import collections
import hashlib
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import tomllib

from action_runner import RUNNER_ARCH, ActionError, run_action

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FAILURES: list[str] = []
PASSED = 0

BAD = open(os.path.join(ROOT, "tests/fixtures/readme/quickstart.md"), encoding="utf-8").read()
WARN = """# A model the relay does not route

```js
await fetch("https://www.open1.codes/v1/responses", {
  headers: { "User-Agent": "curl/8.0", Authorization: `Bearer ${process.env.OPEN1_API_KEY}` },
  body: JSON.stringify({ model: "gpt-5.3-codex-spark", input: "hi" }),
});
```
"""
MARKER = """# Say hi

<!-- open1-snip gen lang=curl,python prompt="Say hi" -->
<!-- open1-snip end -->
"""


class ReleaseHost:
    """A loopback HTTP server in place of https://github.com/open1-snip/open1-snip/releases/download:
    serves `files` (URL path → bytes), answers 404 to anything else, counts the requests per path."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.requests: collections.Counter[str] = collections.Counter()
        host = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                host.requests[self.path] += 1
                body = host.files.get(self.path)
                self.send_response(200 if body is not None else 404)
                body = body if body is not None else b"Not Found"
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/download"

    def publish(self, version: str, assets: dict[str, bytes]) -> None:
        self.files = {f"/download/v{version}/{name}": data for name, data in assets.items()}

    def count(self, version: str, name: str) -> int:
        return self.requests[f"/download/v{version}/{name}"]


def check(name: str, condition: bool, detail: str = "") -> None:
    global PASSED
    if condition:
        PASSED += 1
        print(f"ok   {name}")
    else:
        FAILURES.append(name)
        print(f"FAIL {name}{': ' + detail if detail else ''}")


def workspace(files: dict[str, str]) -> str:
    ws = tempfile.mkdtemp(prefix="ws-", dir=WORK)
    for path, text in files.items():
        full = os.path.join(ws, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(text)
    return ws


def env_with(bin_dir: str | None, **extra: str) -> dict[str, str]:
    env = dict(os.environ, **extra)
    dirs = [d for d in env["PATH"].split(os.pathsep) if not os.path.exists(os.path.join(d, "open1-snip"))]
    env["PATH"] = os.pathsep.join(([bin_dir] if bin_dir else []) + dirs)
    return env


def run(title: str, ws: str, inputs: dict[str, str], env: dict[str, str]):
    print(f"\n== {title}")
    result = run_action(ROOT, inputs, ws, env, echo=VERBOSE)
    summary = ", ".join(f"{s.name}: {s.outcome}{'' if s.exit_code is None else f' ({s.exit_code})'}" for s in result.steps)
    print(f"   {summary}")
    return result


def main() -> int:
    # Static: GitHub pastes `${{ }}` in run: into the script; the runner refuses that.
    broken = tempfile.mkdtemp(prefix="injected-", dir=WORK)
    with open(os.path.join(ROOT, "action.yml"), encoding="utf-8") as f:
        text = f.read()
    with open(os.path.join(broken, "action.yml"), "w", encoding="utf-8") as f:
        f.write(text.replace('args=()\n', 'args=()\n        echo "${{ inputs.paths }}"\n', 1))
    try:
        run_action(broken, {}, broken, echo=False)
        check("an expression inside run: is refused", False, "the runner accepted it")
    except ActionError as e:
        check("an expression inside run: is refused", "script injection" in str(e), str(e))

    ws_bad = workspace({"docs/bad.md": BAD, "docs/hi.md": MARKER})
    host = ReleaseHost()
    with open(os.path.join(ROOT, "Cargo.toml"), "rb") as f:
        version = tomllib.load(f)["package"]["version"]
    targets = json.load(open(os.path.join(ROOT, "packaging/targets.json"), encoding="utf-8"))["targets"]
    arch = RUNNER_ARCH[os.uname().machine.lower()]
    target = next(t["target"] for t in targets if t["runner_os"] == "Linux" and t["runner_arch"] == arch)
    archive = subprocess.run(
        [sys.executable, os.path.join(ROOT, "packaging/archive.py"), target, BINARY, os.path.join(WORK, "release")],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    name = os.path.basename(archive)
    real = open(archive, "rb").read()
    sums = f"{hashlib.sha256(real).hexdigest()}  {name}\n".encode()
    check(f"packaging/archive.py wrote {name}", name == f"open1-snip-v{version}-{target}.tar.gz", name)
    release = lambda cache, **extra: env_with(None, OPEN1_SNIP_RELEASE_URL=host.url, RUNNER_TOOL_CACHE=cache, **extra)
    cache = os.path.join(WORK, "tool-cache")
    cached = os.path.join(cache, "open1-snip", version, arch.lower())

    # 1. The default install: the release archive for this runner, from the release host; lint a
    #    tree with errors, write SARIF.
    host.publish(version, {name: real, "sha256sums.txt": sums})
    r = run(
        "install: release (default), errors, SARIF",
        ws_bad,
        {"paths": "docs/bad.md\ndocs/hi.md\n", "sarif": "reports/open1-snip.sarif"},
        release(cache),
    )
    install = r.step("install")
    check("install step succeeds", install.outcome == "success", install.output)
    check("the archive and sha256sums.txt were each downloaded once", host.count(version, name) == 1 and host.count(version, "sha256sums.txt") == 1, repr(host.requests))
    check("the binary is in the tool cache with its .complete marker", os.access(os.path.join(cached, "open1-snip"), os.X_OK) and os.path.isfile(cached + ".complete"))
    check("the cached binary is the released one", open(os.path.join(cached, "open1-snip"), "rb").read() == open(BINARY, "rb").read())
    check("it ran: --version printed", f"open1-snip {version}" in install.output, install.output)
    bin_dir = cached
    lint = r.step("lint")
    check("lint step fails with lint's exit code 1", lint.exit_code == 1, str(lint.exit_code))
    errors = [l for l in lint.output.splitlines() if l.startswith("::error ")]
    check("six ::error annotations for docs/bad.md", len(errors) == 6 and all(l.startswith("::error file=docs/bad.md,line=") for l in errors), "\n".join(errors))
    check("the first annotation is at line 4, column 6", errors[:1] and errors[0].startswith("::error file=docs/bad.md,line=4,col=6,endLine=4,"), errors[:1])
    sarif_path = os.path.join(ws_bad, "reports/open1-snip.sarif")
    try:
        sarif = json.load(open(sarif_path, encoding="utf-8"))
        results = sarif["runs"][0]["results"]
        check("SARIF written (after the failing lint), valid JSON, version 2.1.0", sarif.get("version") == "2.1.0")
        check("SARIF holds the same 6 findings, at docs/bad.md", len(results) == 6 and all(x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/bad.md" for x in results))
    except (OSError, ValueError, KeyError, IndexError) as e:
        check("SARIF written, valid JSON", False, repr(e))
    check("output sarif names the file", r.outputs.get("sarif") == "reports/open1-snip.sarif", repr(r.outputs))
    check("sync-check defaults to off: its step is skipped", r.step("sync").outcome == "skipped")
    check("the action fails", r.failed)

    # 2. A second run on the same runner: the tool cache, no download ('true' is 'release').
    before = sum(host.requests.values())
    r = run("install: true, the same tool cache", ws_bad, {"install": "true", "paths": "docs/bad.md"}, release(cache))
    check("cache hit: no request reached the release host", sum(host.requests.values()) == before, repr(host.requests))
    check("cache hit: said so, and lint ran from the cached binary (exit 1, 6 errors)", "found in the tool cache" in r.step("install").output and r.step("lint").exit_code == 1 and r.step("lint").output.count("::error ") == 6, r.output)

    # 3. The archive does not match sha256sums.txt: the step fails, nothing ran, nothing is kept.
    ran = os.path.join(WORK, "tampered-binary-ran")
    evil = os.path.join(WORK, "evil")
    with open(evil, "w", encoding="utf-8") as f:
        f.write(f"#!/bin/sh\ntouch '{ran}'\necho open1-snip {version}\n")
    evil_archive = subprocess.run([sys.executable, os.path.join(ROOT, "packaging/archive.py"), target, evil, os.path.join(WORK, "evil-release")], check=True, capture_output=True, text=True).stdout.strip()
    host.publish(version, {name: open(evil_archive, "rb").read(), "sha256sums.txt": sums})
    cache2 = os.path.join(WORK, "tool-cache-2")
    r = run("a tampered archive", ws_bad, {"paths": "docs/bad.md"}, release(cache2))
    install = r.step("install")
    check("checksum mismatch: install fails with a ::error naming it", install.outcome == "failure" and "::error title=open1-snip::checksum mismatch for " + name in install.output, install.output)
    check("checksum mismatch: the tampered binary never ran", not os.path.exists(ran))
    check("checksum mismatch: nothing landed in the tool cache", not os.path.exists(os.path.join(cache2, "open1-snip", version, arch.lower())) and not os.path.exists(os.path.join(cache2, "open1-snip", version, arch.lower() + ".complete")))
    check("checksum mismatch: lint is skipped", r.step("lint").outcome == "skipped")

    # 4. sha256sums.txt has no line for the archive: refused as well.
    host.publish(version, {name: real, "sha256sums.txt": f"{'0' * 64}  open1-snip-v{version}-other.tar.gz\n".encode()})
    r = run("no checksum line", ws_bad, {"paths": "docs/bad.md"}, release(cache2))
    check("missing checksum line: install fails, nothing kept", r.step("install").outcome == "failure" and f"sha256sums.txt has no line for {name}" in r.output and not os.path.exists(os.path.join(cache2, "open1-snip", version, arch.lower())), r.output)

    # 5. An unknown version (no sha256sums.txt): a clear error.
    r = run("an unknown version", ws_bad, {"version": "9.9.9", "paths": "docs/bad.md"}, release(cache2))
    check("unknown version: exit 2 and ::error saying there is no such release", r.step("install").exit_code == 2 and "::error title=open1-snip::open1-snip 9.9.9 has no release: " in r.output, r.output)
    before = sum(host.requests.values())
    r = run("a version that is not one", ws_bad, {"version": "1.0;touch PWNED", "paths": "docs/bad.md"}, release(cache2))
    check("a malformed version is refused (exit 2) before any download", r.step("install").exit_code == 2 and "input version must be a release version" in r.output and sum(host.requests.values()) == before, r.output)

    # 6. The release has no archive for this runner: built from source (cargo install, on the
    #    CARGO_TARGET_DIR run-locally.sh built in, so only the install copy runs).
    host.publish(version, {"sha256sums.txt": sums})
    r = run("missing asset: built from source", ws_bad, {"paths": "docs/bad.md"}, release(cache2))
    install = r.step("install")
    source_bin = os.path.join(r.temp, "open1-snip", "bin", "open1-snip")
    check("missing asset: a notice, the archive was asked for (404), then cargo install ran", "::notice title=open1-snip::release " in install.output and host.count(version, name) >= 1 and "Installed package `open1-snip" in install.output and os.path.exists(source_bin), install.output[-2000:])
    check("missing asset: lint ran from the source build (exit 1, 6 errors)", r.step("lint").exit_code == 1 and r.step("lint").output.count("::error ") == 6)

    # 7. A runner targets.json has no archive for: built from source, nothing downloaded.
    before = sum(host.requests.values())
    r = run("an unknown platform: built from source", ws_bad, {"paths": "docs/bad.md"}, release(cache2, RUNNER_ARCH="S390X"))
    check("unknown platform: a notice, no request, cargo install ran, lint ran", "::notice title=open1-snip::no prebuilt open1-snip for Linux S390X" in r.output and sum(host.requests.values()) == before and os.path.exists(os.path.join(r.temp, "open1-snip", "bin", "open1-snip")) and r.step("lint").exit_code == 1, r.output[-2000:])
    before = sum(host.requests.values())
    r = run("install: source", ws_bad, {"install": "source", "paths": "docs/bad.md"}, release(cache2))
    check("install: source: cargo install ran, nothing downloaded, lint ran", "Installed package `open1-snip" in r.step("install").output and sum(host.requests.values()) == before and r.step("lint").exit_code == 1, r.output[-2000:])
    r = run("install: bogus", ws_bad, {"install": "bogus"}, release(cache2))
    check("install: bogus is refused with 2", r.step("install").exit_code == 2 and "input install must be 'release', 'source' or 'false'" in r.output, r.output)

    env = env_with(bin_dir)
    hi = workspace({"docs/hi.md": MARKER})
    subprocess.run([os.path.join(bin_dir, "open1-snip"), "sync", "docs/hi.md"], cwd=hi, check=True, capture_output=True)
    fresh = open(os.path.join(hi, "docs/hi.md"), encoding="utf-8").read()
    stale = fresh.replace('"text": "Say hi"', '"text": "Say hello"', 1)
    assert stale != fresh, "the generated block should hold the prompt"

    # 2. A clean tree with a fresh generated block: everything passes.
    ws_clean = workspace({"docs/hi.md": fresh})
    r = run("clean tree, fresh block, sync-check, SARIF, default paths", ws_clean, {"install": "false", "sync-check": "true", "sarif": "clean.sarif"}, env)
    check("all steps succeed", [s.outcome for s in r.steps] == ["success"] * 3, repr([s.outcome for s in r.steps]))
    check("no annotations", "::error" not in r.output and "::warning" not in r.output)
    try:
        sarif = json.load(open(os.path.join(ws_clean, "clean.sarif"), encoding="utf-8"))
        check("SARIF valid with no results", sarif["runs"][0]["results"] == [])
    except (OSError, ValueError, KeyError, IndexError) as e:
        check("SARIF valid with no results", False, repr(e))

    # 3. A stale block: sync --check fails, shows the diff, writes nothing.
    ws_stale = workspace({"docs/hi.md": stale})
    r = run("stale block, sync-check", ws_stale, {"install": "false", "sync-check": "true"}, env)
    sync = r.step("sync")
    check("lint passes, sync step fails with exit 1", r.step("lint").outcome == "success" and sync.exit_code == 1, repr(sync.exit_code))
    check("the diff shows the stale line", '-            "text": "Say hello"' in sync.output and '+            "text": "Say hi"' in sync.output)
    check("a ::error annotation says to run sync", "::error title=open1-snip sync::" in sync.output)
    check("the stale file is not written", open(os.path.join(ws_stale, "docs/hi.md"), encoding="utf-8").read() == stale)

    # 4. Lint errors do not hide a stale block: sync --check still runs.
    ws_both = workspace({"docs/bad.md": BAD, "docs/hi.md": stale})
    r = run("errors and a stale block", ws_both, {"install": "false", "sync-check": "true", "paths": "docs"}, env)
    check("lint fails (1) and sync --check still runs and fails (1)", r.step("lint").exit_code == 1 and r.step("sync").exit_code == 1)

    # 5. Warnings pass unless deny-warnings; config reaches lint.
    ws_warn = workspace({"docs/warn.md": WARN, "lenient.toml": '[rules]\nunavailable-model = "off"\n'})
    r = run("a warning", ws_warn, {"install": "false", "paths": "docs"}, env)
    check("a warning: ::warning annotation, the step passes", r.step("lint").exit_code == 0 and "::warning file=docs/warn.md,line=6," in r.output, r.output)
    r = run("a warning, deny-warnings", ws_warn, {"install": "false", "paths": "docs", "deny-warnings": "true"}, env)
    check("deny-warnings: the step fails with 1", r.step("lint").exit_code == 1)
    r = run("a warning, deny-warnings, a config that turns the rule off", ws_warn, {"install": "false", "paths": "docs", "deny-warnings": "true", "config": "lenient.toml"}, env)
    check("config: the rule is off, the step passes", r.step("lint").exit_code == 0 and "::warning" not in r.output, r.output)

    # 6. Errors of use: exit 2.
    r = run("a path that does not exist", ws_clean, {"install": "false", "paths": "docs/missing.md"}, env)
    check("missing path: lint exits 2", r.step("lint").exit_code == 2 and "docs/missing.md" in r.output, r.output)
    r = run("a bad deny-warnings value", ws_clean, {"install": "false", "deny-warnings": "yes"}, env)
    check("deny-warnings: yes is refused with 2", r.step("lint").exit_code == 2 and "::error title=open1-snip::input deny-warnings" in r.output)
    r = run("install: false without open1-snip on PATH", ws_clean, {"install": "false", "sync-check": "true"}, env_with(None))
    check("install fails with 2; lint and sync are skipped", r.step("install").exit_code == 2 and r.step("lint").outcome == "skipped" and r.step("sync").outcome == "skipped", repr([(s.outcome, s.exit_code) for s in r.steps]))

    # 7. Inputs are data, never code: no substitution, no globbing.
    hostile = "docs/hi.md $(touch${IFS}PWNED1) `touch${IFS}PWNED2` ;touch${IFS}PWNED3 docs/*"
    r = run("hostile paths and config", ws_clean, {"install": "false", "sync-check": "true", "paths": hostile, "config": "$(touch PWNED4)", "sarif": "x;touch PWNED5"}, env)
    made = [n for n in os.listdir(ws_clean) if n.startswith("PWNED")]
    check("no command in an input ran", made == [], repr(made))
    check("they are paths that do not exist: exit 2", r.step("lint").exit_code == 2 and r.step("sync").exit_code == 2)
    check("the SARIF file keeps its odd name", os.path.exists(os.path.join(ws_clean, "x;touch PWNED5")))

    print(f"\naction: {PASSED} passed, {len(FAILURES)} failed")
    for name in FAILURES:
        print(f"  failed: {name}")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    VERBOSE = "-v" in sys.argv
    BINARY = os.environ["OPEN1_SNIP_BINARY"]
    # The workspaces go in the system temp dir, outside any git work tree: under this repo's
    # target/ its .gitignore would apply to the files lint walks.
    WORK = tempfile.mkdtemp(prefix="open1-snip-action-")
    inside = subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], cwd=WORK, capture_output=True)
    if inside.returncode == 0:
        sys.exit(f"{WORK} is inside a git work tree; set TMPDIR elsewhere")
    try:
        sys.exit(main())
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
