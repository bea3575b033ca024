"""Find the kit's worker processes (and anything they forked) by their command line.

``judge`` narrows them to the workers one judge process started: each worker carries its
judge's pid in its environment (JUDGE_KIT_PARENT_PID), and a forked child inherits it, so
another test run on the same machine, with workers of its own, is not counted.
"""

import os

from judge.engine.process import BOOT_MARKER, PARENT_PID_ENV

MARKER = BOOT_MARKER.encode()


def _started_by(pid: str, judge: int) -> bool:
    try:
        with open(f"/proc/{pid}/environ", "rb") as environ:
            return f"{PARENT_PID_ENV}={judge}".encode() in environ.read().split(b"\0")
    except OSError:
        return False


def worker_processes(judge: int | None = None) -> list[int]:
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as cmdline:
                if MARKER not in cmdline.read():
                    continue
        except OSError:
            continue
        if judge is None or _started_by(name, judge):
            found.append(int(name))
    return found
