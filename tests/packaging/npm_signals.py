"""Signals through the npm launcher (tests/packaging/npm.sh runs this).

    python3 tests/packaging/npm_signals.py <launcher> <binary> <project>

<launcher> is the installed node_modules/.bin/open1-snip, <binary> the platform package's binary
it must start, <project> the folder to run in. Each case starts the launcher on `lint -` with a
standard input that never closes (so only a signal ends it), finds the binary among the
launcher's children by its /proc exe, signals, and checks how both ended. Prints one line per
check; exits 1 on the first that fails. Python, not bash: bash's `wait` reports a death by
SIGTERM and `exit 143` alike, and ignores SIGINT in background jobs.
"""

import os
import signal
import subprocess
import sys
import tempfile
import time

launcher, binary, project = sys.argv[1:]
binary = os.path.realpath(binary)


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(c) for c in f.read().split()]
    except FileNotFoundError:
        return []


def exe(pid):
    try:
        return os.path.realpath(f"/proc/{pid}/exe")
    except OSError:
        return None


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_for_child(launched, wanted):
    """The launcher's child whose executable is `wanted`, once it runs."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if launched.poll() is not None:
            fail(f"the launcher ended ({launched.returncode}) before starting {wanted}")
        for child in children(launched.pid):
            if exe(child) == wanted:
                return child
        time.sleep(0.05)
    fail(f"the launcher did not start {wanted} within 20 s")


def start(env=None):
    return subprocess.Popen(
        [launcher, "lint", "-"],
        cwd=project,
        stdin=subprocess.PIPE,
        env=env,
        # Its own process group, as a terminal's foreground job: killpg reaches launcher and
        # binary together, as Ctrl-C does.
        start_new_session=True,
    )


def ended(launched, child, expected, what):
    try:
        status = launched.wait(timeout=20)
    except subprocess.TimeoutExpired:
        launched.kill()
        fail(f"{what}: the launcher still runs 20 s later")
    if alive(child):
        os.kill(child, signal.SIGKILL)
        fail(f"{what}: the binary (pid {child}) still runs after the launcher ended")
    if status != expected:
        fail(f"{what}: the launcher ended with {describe(status)}, expected {describe(expected)}")
    launched.stdin.close()
    print(f"ok: {what}: binary gone, launcher ended with {describe(status)}")


def describe(status):
    return f"signal {signal.Signals(-status).name}" if status < 0 else f"exit {status}"


# 1-4. SIGTERM to the launcher alone (kill, a cancelled CI job), SIGHUP the same way, SIGINT to the
# launcher alone (`kill -INT`), and SIGINT to the process group, as Ctrl-C in a terminal: the
# binary gets it and dies of it, and the launcher dies of the same signal.
for send, sig, what in [
    (os.kill, signal.SIGTERM, "SIGTERM to the launcher reading a stdin that never closes"),
    (os.kill, signal.SIGHUP, "SIGHUP to the launcher"),
    (os.kill, signal.SIGINT, "SIGINT to the launcher alone"),
    (os.killpg, signal.SIGINT, "SIGINT to the process group (Ctrl-C)"),
]:
    launched = start()
    child = wait_for_child(launched, binary)
    send(launched.pid, sig)
    ended(launched, child, -sig, what)

# 5. Ctrl-C again, with a binary (through OPEN1_SNIP_BINARY) that takes a second to clean up and
# exits 7: the launcher must outlive it and end with its exit code. A launcher that died of the
# SIGINT itself would end with signal SIGINT at once, leaving the binary running.
with tempfile.TemporaryDirectory() as tmp:
    marker = os.path.join(tmp, "cleaned-up")
    slow = os.path.join(tmp, "slow-to-stop")
    with open(slow, "w") as f:
        f.write(
            "#!/bin/sh\n"
            f"trap 'sleep 1; echo done > {marker}; exit 7' INT\n"
            "while :; do sleep 0.1; done\n"
        )
    os.chmod(slow, 0o755)
    launched = start(env={**os.environ, "OPEN1_SNIP_BINARY": slow})
    child = wait_for_child(launched, os.path.realpath("/bin/sh"))
    os.killpg(launched.pid, signal.SIGINT)
    ended(launched, child, 7, "Ctrl-C with a binary slow to stop (OPEN1_SNIP_BINARY)")
    if not os.path.exists(marker):
        fail("the slow binary did not finish its clean-up")
    print("ok: the slow binary finished its clean-up before the launcher ended")
