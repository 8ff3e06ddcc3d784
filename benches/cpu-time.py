#!/usr/bin/env python3
"""CPU time (user and system, from getrusage) of `open1-snip lint` builds and of ripgrep on one
tree: what wall time hides when other work shares the cores. Runs every command in turn, RUNS
rounds (default 10), and prints each one's median user, system and total CPU time.

    python3 benches/cpu-time.py TREE RG NAME=OPEN1_SNIP [NAME=OPEN1_SNIP ...] [--runs 10]

    # before and after a change, on the corpus benches/peers.sh lays out:
    python3 benches/cpu-time.py /tmp/open1-snip-bench/corpus-20000 target/peers/venv/bin/rg \\
        before=/tmp/open1-snip-before after=target/release/open1-snip

RG searches for the trigger words as benches/peers.py does (the floor: every file read once).
"""
import argparse
import os
import resource
import statistics
import subprocess
import tempfile


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tree")
    parser.add_argument("rg")
    parser.add_argument("builds", nargs="+", help="NAME=PATH of an open1-snip binary")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    rg = [os.path.abspath(args.rg), "-c", "-i", "-e", "open1", "-e", "openai", "-e",
          "/responses", "-e", "/completions"]
    commands = {}
    for build in args.builds:
        name, path = build.split("=", 1)
        lint = [os.path.abspath(path), "lint", "--color", "never"]
        commands[f"open1-snip lint ({name})"] = lint + ["."]
        commands[f"open1-snip lint -j 1 ({name})"] = lint + ["-j", "1", "."]
    commands["rg (trigger words)"] = rg + ["."]
    commands["rg -j 1"] = rg + ["-j", "1", "."]
    times = {name: [] for name in commands}
    # Output to a file: ripgrep stops at its first match when stdout is /dev/null.
    with tempfile.TemporaryFile() as out:
        for _ in range(args.runs):
            for name, argv in commands.items():
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                out.seek(0)
                out.truncate()
                subprocess.run(argv, cwd=args.tree, stdout=out, stderr=subprocess.DEVNULL,
                               check=False)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                times[name].append((after.ru_utime - before.ru_utime,
                                    after.ru_stime - before.ru_stime))
    print(f"{args.tree}: median CPU time of {args.runs} runs\n")
    print("| command | user | system | user + system |")
    print("|---|---:|---:|---:|")
    for name, runs in times.items():
        user = statistics.median(u for u, _ in runs)
        system = statistics.median(s for _, s in runs)
        print(f"| `{name}` | {user * 1000:.0f} ms | {system * 1000:.0f} ms | "
              f"{statistics.median(u + s for u, s in runs) * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
