"""Runs action.yml's steps (through action_runner.py) against small workspaces and checks what a
pull request would see: annotations, the SARIF file, sync --check, exit codes, inputs that try
to inject shell code. Called by run-locally.sh, which makes the virtualenv this needs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile

from action_runner import ActionError, run_action

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


def env_with(bin_dir: str | None) -> dict[str, str]:
    env = dict(os.environ)
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

    # 1. Install from the action's own source, lint a tree with errors, write SARIF.
    r = run(
        "install (cargo install --path the action), errors, SARIF",
        ws_bad,
        {"paths": "docs/bad.md\ndocs/hi.md\n", "sarif": "reports/open1-snip.sarif"},
        env_with(None),
    )
    bin_dir = os.path.join(r.temp, "open1-snip", "bin")
    check("install step succeeds and puts open1-snip on GITHUB_PATH", r.step("install").outcome == "success" and os.path.exists(os.path.join(bin_dir, "open1-snip")))
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
