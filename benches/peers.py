#!/usr/bin/env python3
"""Times open1-snip lint and its peers on one docs tree and prints a Markdown table: wall time,
MB/s, peak RSS and the ratio to open1-snip. Called by benches/peers.sh, which installs the tools.

    python3 benches/peers.py TREE NAME TOOLS_DIR OPEN1_SNIP [--runs 5]

Each command runs with the tree as its working directory, stdout to a file (ripgrep stops at its
first match when stdout is /dev/null), once to warm the cache and then RUNS times (fewer when a
command is slow: runs stop once they add up to a minute; a first run over ten seconds is the
only one, the cache being warm by then). A run is stopped after TIMEOUT seconds (default 600)
and its time shown as "> TIMEOUT". Peak RSS is the warm-up's, measured by GNU time (the process
and the children it waited for). An exit code a tool does not give for "done, with or
without findings" stops the benchmark with its stderr: a tool that fails fast must not look fast.
PEERS (comma-separated: open1-snip, rg, typos, markdownlint-cli2, secretlint) keeps only those
tools' rows; a ratio needs open1-snip's rows.
"""
import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

BUDGET = 60.0  # seconds of timed runs per command, after the first
SLOW = 10.0  # a first run longer than this is the only one
TIMEOUT = float(os.environ.get("TIMEOUT", "600"))


def commands(tools, bin_):
    bin_dir = os.path.join(tools, "venv", "bin")
    node_bin = os.path.join(tools, "node_modules", ".bin")
    rg = [os.path.join(bin_dir, "rg"), "-c", "-i", "-e", "open1", "-e", "openai",
          "-e", "/responses", "-e", "/completions"]
    typos = [os.path.join(bin_dir, "typos"), "--format", "brief"]
    secretlint = [os.path.join(node_bin, "secretlint"), "--secretlintrc",
                  os.path.join(tools, "secretlintrc.json"), "--maskSecrets", "**/*"]
    lint = [bin_, "lint", "--color", "never"]
    markdownlint = [os.path.join(node_bin, "markdownlint-cli2"), "**/*.{md,mdx}"]
    # (name, what it checks, argv, exit codes that mean "ran to the end", the row its time is
    # compared with: one-thread runs with open1-snip's one-thread run)
    every, one = "open1-snip lint", "open1-snip lint -j 1"
    return [
        (every, "relay snippets: parsed, every rule", lint + ["."], {0, 1}, every),
        ("rg (trigger words)", "the floor: every file read once", rg + ["."], {0, 1}, every),
        ("typos", "spelling", typos + ["."], {0, 2}, every),
        ("markdownlint-cli2", "Markdown style", markdownlint, {0, 1}, every),
        ("secretlint", "secrets", secretlint, {0, 1}, every),
        ("open1-snip lint --diff --unsafe-fixes", "every fix made and re-checked", lint + ["--diff", "--unsafe-fixes", "."], {0, 1}, every),
        (one, "one thread", lint + ["-j", "1", "."], {0, 1}, one),
        ("rg -j 1", "one thread", rg + ["-j", "1", "."], {0, 1}, one),
        ("typos --threads 1", "one thread", typos + ["--threads", "1", "."], {0, 2}, one),
    ]


def run_once(argv, cwd, out, rss=False):
    """Wall seconds, exit code (None: stopped after TIMEOUT), stderr, and with `rss` the peak
    RSS in bytes, from GNU time: a child's maxrss as wait4 reports it starts from the RSS of the
    process that exec'd it (vfork shares this Python's), so a small process must fork it."""
    out.seek(0)
    out.truncate()
    err = tempfile.TemporaryFile()
    report = tempfile.NamedTemporaryFile(mode="r")
    if rss:
        argv = ["/usr/bin/time", "-f", "%M", "-o", report.name] + argv
    start = time.perf_counter()
    # A session of its own, so a stopped run takes its children with it.
    child = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                             start_new_session=True)
    timer = threading.Timer(TIMEOUT, os.killpg, (child.pid, signal.SIGKILL))
    timer.start()
    code = child.wait()
    wall = time.perf_counter() - start
    timer.cancel()
    err.seek(0)
    stderr = err.read().decode("utf-8", "replace")
    if wall >= TIMEOUT:
        code, wall = None, TIMEOUT
    peak = None
    if rss:
        lines = report.read().split()
        # GNU time writes "Command exited with non-zero status N" before the figure.
        peak = int(lines[-1]) * 1024 if lines and lines[-1].isdigit() else None
    return wall, code, stderr, peak


def tree_size(tree):
    size = files = 0
    for root, dirs, names in os.walk(tree):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d != "node_modules"]
        for name in names:
            size += os.path.getsize(os.path.join(root, name))
            files += 1
    return size, files


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tree")
    parser.add_argument("name")
    parser.add_argument("tools")
    parser.add_argument("open1_snip")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    size, files = tree_size(args.tree)
    print(f"{args.name}: {files:,} files, {size / 1e6:.1f} MB; {os.cpu_count()} cores", file=sys.stderr)

    rows = []
    wanted = [p for p in os.environ.get("PEERS", "").split(",") if p]
    chosen = [c for c in commands(args.tools, args.open1_snip)
              if not wanted or c[0].split()[0] in wanted]
    with tempfile.TemporaryFile() as out:
        for name, what, argv, ok, reference in chosen:
            walls, spent = [], 0.0
            # The warm-up also measures the peak RSS; the timed runs are the command alone.
            wall, code, stderr, rss = run_once(argv, args.tree, out, rss=True)
            if wall > SLOW or code is None:
                walls = [wall]
            else:
                while code in ok and len(walls) < args.runs and spent <= BUDGET:
                    wall, code, stderr, _ = run_once(argv, args.tree, out)
                    walls.append(wall)
                    spent += wall
            if code is None:
                print(f"  {name}: stopped after {TIMEOUT:.0f} s", file=sys.stderr)
            elif code not in ok:
                sys.exit(f"{name} exited {code} on {args.name}:\n{stderr[-3000:]}")
            out.seek(0)
            # What the tool reported, on either stream (markdownlint-cli2 uses stderr).
            lines = out.read().count(b"\n") + stderr.count("\n")
            mean = statistics.mean(walls)
            sd = statistics.stdev(walls) if len(walls) > 1 else 0.0
            rows.append((name, what, mean, sd, len(walls), rss, lines, reference, code is None))
            print(f"  {name}: {mean * 1000:.0f} ms ± {sd * 1000:.0f} ({len(walls)} runs), "
                  f"{fmt_rss(rss)}, {lines} output lines", file=sys.stderr)

    base = {r[0]: r[2] for r in rows}
    print(f"**{args.name}** ({files:,} files, {size / 1e6:.1f} MB)\n")
    print("| command | checks | wall time | MB/s | peak RSS | × open1-snip's time | lines printed |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, what, mean, sd, runs, rss, lines, reference, stopped in rows:
        more = "> " if stopped else ""
        spread = "stopped" if stopped else f"± {fmt_time(sd)} ({runs})" if runs > 1 else "(1)"
        print(f"| `{name}` | {what} | {more}{fmt_time(mean)} {spread} | {'< ' if stopped else ''}"
              f"{size / mean / 1e6:,.1f} | {fmt_rss(rss)} | {more}{mean / base[reference]:.2f} | {lines:,} |")
    print()


def fmt_rss(peak):
    # Unknown when the run was stopped.
    return "—" if peak is None else f"{peak / 2**20:.0f} MiB"


def fmt_time(seconds):
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


if __name__ == "__main__":
    main()
