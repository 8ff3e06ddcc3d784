"""action.yml's parts for tests/action/actionlint.sh, read with a YAML parser (PyYAML):

    python action_scripts.py scripts action.yml DIR   # each run: script as DIR/NN-<step id or name>.sh
    python action_scripts.py uses-workflow action.yml # a workflow using ./ with every input
"""

from __future__ import annotations

import os
import re
import sys

import yaml


def main() -> int:
    command, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        action = yaml.safe_load(f)
    if command == "scripts":
        outdir = sys.argv[3]
        for index, step in enumerate(action["runs"]["steps"]):
            if "run" not in step:
                continue
            label = re.sub(r"[^a-z0-9]+", "-", (step.get("id") or step["name"]).lower()).strip("-")
            with open(os.path.join(outdir, f"{index:02d}-{label}.sh"), "w", encoding="utf-8") as f:
                # The composite runner runs it as `bash --noprofile --norc -eo pipefail {0}`.
                f.write("#!/usr/bin/env bash\nset -eo pipefail\n" + step["run"])
        return 0
    if command == "uses-workflow":
        lines = [
            "on: pull_request",
            "permissions:",
            "  contents: read",
            "jobs:",
            "  docs:",
            "    runs-on: ubuntu-24.04",
            "    steps:",
            "      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2",
            "      - uses: ./",
            "        with:",
        ]
        for name, spec in action["inputs"].items():
            lines.append(f"          {name}: {str(spec.get('default', '')) or 'x'!r}")
        print("\n".join(lines))
        return 0
    sys.exit(f"unknown command {command!r}")


if __name__ == "__main__":
    sys.exit(main())
