"""Runs a composite GitHub Action's steps on this machine, the way a GitHub runner would.

Enough of the runner to trust a local run of action.yml: input defaults, `${{ }}` expressions in
`env:`, `if:` and `outputs:` (the inputs, github, runner and steps contexts, ==, !=, &&, ||, !,
and the status functions), `shell: bash` as `bash --noprofile --norc -eo pipefail`, and the
GITHUB_PATH, GITHUB_ENV and GITHUB_OUTPUT files between steps. Like GitHub, it sets no INPUT_*
variables for a composite action: a step sees an input only through its own `env:`. A `${{ }}`
inside `run:` is refused outright, since GitHub pastes it into the script (script injection).

    python action_runner.py ACTION_DIR [--workspace DIR] [--input NAME=VALUE]...
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field

import yaml

EXPR = re.compile(r"\$\{\{(.*?)\}\}", re.S)
TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<op>==|!=|&&|\|\||!|\(|\))|(?P<num>-?\d+(?:\.\d+)?)"
    r"|(?P<ident>[A-Za-z_][A-Za-z0-9_.\-]*))"
)


class ActionError(Exception):
    pass


def tokenize(text: str) -> list[tuple[str, str]]:
    tokens, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ActionError(f"cannot read the expression {text!r} at {text[pos:]!r}")
        kind = m.lastgroup
        tokens.append((kind, m.group(kind)))
        pos = m.end()
    return tokens


class Evaluator:
    """GitHub's expression language, the part actions use: values are strings, bools or None;
    string comparison ignores case, as GitHub's does."""

    def __init__(self, contexts: dict, status: dict):
        self.contexts = contexts
        self.status = status

    def eval(self, text: str):
        self.tokens = tokenize(text)
        self.pos = 0
        value = self.or_()
        if self.pos != len(self.tokens):
            raise ActionError(f"unexpected {self.tokens[self.pos][1]!r} in {text!r}")
        return value

    def peek(self):
        return self.tokens[self.pos][1] if self.pos < len(self.tokens) else None

    def take(self, expected=None):
        kind, value = self.tokens[self.pos]
        if expected is not None and value != expected:
            raise ActionError(f"expected {expected!r}, found {value!r}")
        self.pos += 1
        return kind, value

    def or_(self):
        left = self.and_()
        while self.peek() == "||":
            self.take()
            right = self.and_()
            left = left if truthy(left) else right
        return left

    def and_(self):
        left = self.unary()
        while self.peek() == "&&":
            self.take()
            right = self.unary()
            left = right if truthy(left) else left
        return left

    def unary(self):
        if self.peek() == "!":
            self.take()
            return not truthy(self.unary())
        return self.comparison()

    def comparison(self):
        left = self.primary()
        if self.peek() in ("==", "!="):
            _, op = self.take()
            equal = loose_equal(left, self.primary())
            return equal if op == "==" else not equal
        return left

    def primary(self):
        kind, value = self.take()
        if value == "(":
            inner = self.or_()
            self.take(")")
            return inner
        if kind == "str":
            return value[1:-1].replace("''", "'")
        if kind == "num":
            return float(value)
        if kind == "ident":
            if value in ("true", "false"):
                return value == "true"
            if value == "null":
                return None
            if self.peek() == "(":
                self.take()
                self.take(")")
                if value not in self.status:
                    raise ActionError(f"unknown function {value}()")
                return self.status[value]
            return self.lookup(value)
        raise ActionError(f"unexpected {value!r}")

    def lookup(self, dotted: str):
        node = self.contexts
        for part in dotted.split("."):
            if not isinstance(node, dict):
                return None
            if part not in node and (node is self.contexts or node is self.contexts["inputs"]):
                # A typo in a context or an input name is null on GitHub, silently: refuse it.
                raise ActionError(f"unknown context or input {part!r} in {dotted!r}")
            node = node.get(part)
        return node


def truthy(value) -> bool:
    return value not in (None, False, "", 0, 0.0)


def loose_equal(a, b) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return a.lower() == b.lower()
    return a == b


def to_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def interpolate(text: str, ev: Evaluator) -> str:
    return EXPR.sub(lambda m: to_text(ev.eval(m.group(1))), str(text))


def read_kv_file(path: str) -> dict[str, str]:
    """GITHUB_OUTPUT / GITHUB_ENV: `name=value` lines and `name<<DELIM` … `DELIM` blocks."""
    values, lines = {}, open(path, encoding="utf-8").read().splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delim = line.split("<<", 1)
            body, i = [], i + 1
            while i < len(lines) and lines[i] != delim:
                body.append(lines[i])
                i += 1
            values[name] = "\n".join(body)
        elif "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
        elif line:
            raise ActionError(f"bad line in {path}: {line!r}")
        i += 1
    return values


@dataclass
class StepResult:
    name: str
    id: str | None
    outcome: str  # success, failure or skipped
    exit_code: int | None
    output: str = ""


@dataclass
class ActionResult:
    steps: list[StepResult] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    output: str = ""
    temp: str = ""  # RUNNER_TEMP, where the install step puts open1-snip

    @property
    def failed(self) -> bool:
        return any(s.outcome == "failure" for s in self.steps)

    def step(self, name_part: str) -> StepResult:
        matches = [s for s in self.steps if name_part.lower() in s.name.lower()]
        if len(matches) != 1:
            raise KeyError(f"{len(matches)} steps named like {name_part!r}")
        return matches[0]


# The values GitHub's runners give RUNNER_OS and RUNNER_ARCH.
RUNNER_OS = {"Linux": "Linux", "Darwin": "macOS", "Windows": "Windows"}
RUNNER_ARCH = {"x86_64": "X64", "amd64": "X64", "aarch64": "ARM64", "arm64": "ARM64"}


def load(action_dir: str) -> dict:
    with open(os.path.join(action_dir, "action.yml"), encoding="utf-8") as f:
        action = yaml.safe_load(f)
    if action.get("runs", {}).get("using") != "composite":
        raise ActionError("not a composite action")
    for step in action["runs"]["steps"]:
        if "${{" in step.get("run", ""):
            raise ActionError(
                f"step {step.get('name')!r} has a ${{{{ }}}} expression inside run:, which GitHub "
                "pastes into the script (script injection): pass it through env: instead"
            )
        if "run" in step and step.get("shell") is None:
            raise ActionError(f"step {step.get('name')!r}: a composite run step needs shell:")
    return action


def run_action(
    action_dir: str,
    inputs: dict[str, str] | None = None,
    workspace: str | None = None,
    env: dict[str, str] | None = None,
    echo: bool = True,
) -> ActionResult:
    action_dir = os.path.abspath(action_dir)
    action = load(action_dir)
    declared = action.get("inputs", {}) or {}
    inputs = dict(inputs or {})
    for name in inputs:
        if name not in declared:
            raise ActionError(f"unknown input {name!r}; the action declares {sorted(declared)}")
    values = {name: to_text(spec.get("default", "")) for name, spec in declared.items()}
    values.update(inputs)

    workspace = os.path.abspath(workspace or os.getcwd())
    base_env = dict(os.environ if env is None else env)
    temp = tempfile.mkdtemp(prefix="runner-temp-")
    base_env.setdefault("RUNNER_OS", RUNNER_OS.get(platform.system(), platform.system()))
    base_env.setdefault("RUNNER_ARCH", RUNNER_ARCH.get(platform.machine().lower(), platform.machine()))
    base_env.setdefault("RUNNER_TOOL_CACHE", os.path.join(temp, "tool-cache"))
    base_env.update(
        GITHUB_ACTIONS="true",
        GITHUB_ACTION_PATH=action_dir,
        GITHUB_WORKSPACE=workspace,
        RUNNER_TEMP=temp,
        CI="true",
    )

    steps_ctx: dict[str, dict] = {}
    contexts = {
        "inputs": values,
        "github": {"action_path": action_dir, "workspace": workspace},
        "runner": {"temp": temp, "os": base_env["RUNNER_OS"], "arch": base_env["RUNNER_ARCH"], "tool_cache": base_env["RUNNER_TOOL_CACHE"]},
        "steps": steps_ctx,
        "env": base_env,
    }
    result = ActionResult(temp=temp)
    extra_path: list[str] = []
    for index, step in enumerate(action["runs"]["steps"]):
        name = step.get("name", f"step {index + 1}")
        status = {
            "success": not result.failed,
            "failure": result.failed,
            "always": True,
            "cancelled": False,
        }
        ev = Evaluator(contexts, status)
        condition = str(step.get("if", "success()")).strip()
        m = re.fullmatch(r"\$\{\{(.*)\}\}", condition, re.S)
        run_it = truthy(ev.eval(m.group(1) if m else condition))
        if not run_it:
            result.steps.append(StepResult(name, step.get("id"), "skipped", None))
            if step.get("id"):
                steps_ctx[step["id"]] = {"outcome": "skipped", "conclusion": "skipped", "outputs": {}}
            if echo:
                print(f"--- {name}: skipped", flush=True)
            continue
        if step.get("shell") != "bash":
            raise ActionError(f"step {name!r}: only shell: bash is run here")

        files = {k: os.path.join(temp, f"{k.lower()}-{index}") for k in ("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH")}
        for path in files.values():
            open(path, "w").close()
        step_env = dict(base_env)
        step_env["PATH"] = os.pathsep.join(extra_path + [base_env.get("PATH", "")])
        step_env.update(files)
        for key, value in (step.get("env") or {}).items():
            step_env[key] = interpolate(value, ev)
        script = os.path.join(temp, f"step-{index}.sh")
        with open(script, "w", encoding="utf-8") as f:
            f.write(step["run"])
        if echo:
            print(f"--- {name}", flush=True)
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", script],
            cwd=workspace,
            env=step_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        if echo:
            sys.stdout.write(proc.stdout)
            print(f"--- {name}: exit {proc.returncode}", flush=True)
        outcome = "success" if proc.returncode == 0 else "failure"
        result.steps.append(StepResult(name, step.get("id"), outcome, proc.returncode, proc.stdout))
        result.output += proc.stdout
        outputs = read_kv_file(files["GITHUB_OUTPUT"])
        if step.get("id"):
            steps_ctx[step["id"]] = {"outcome": outcome, "conclusion": outcome, "outputs": outputs}
        base_env.update(read_kv_file(files["GITHUB_ENV"]))
        with open(files["GITHUB_PATH"], encoding="utf-8") as f:
            extra_path = [line for line in f.read().splitlines() if line][::-1] + extra_path

    ev = Evaluator(contexts, {"success": not result.failed, "failure": result.failed, "always": True, "cancelled": False})
    for name, spec in (action.get("outputs") or {}).items():
        result.outputs[name] = interpolate(spec.get("value", ""), ev)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action_dir")
    parser.add_argument("--workspace")
    parser.add_argument("--input", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args()
    inputs = dict(item.split("=", 1) for item in args.input)
    result = run_action(args.action_dir, inputs, args.workspace)
    for name, value in result.outputs.items():
        print(f"output {name}={value}")
    return 1 if result.failed else 0


if __name__ == "__main__":
    sys.exit(main())
