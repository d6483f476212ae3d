"""Is a single-instance lock stale? A start-time check Qt's own does not make.

QLockFile calls a lock live when its PID runs a process of the same name. After
a crash the PID is soon reused, and on a kiosk every Python tool is
"python3.11": the kiosk then refused to start (exit 3) in a loop. A process
that started after the lock file was written cannot be the one that wrote it.
Qt-free; Linux only (elsewhere this says "not known to be stale").
"""

from __future__ import annotations

import os
from pathlib import Path

SLACK_S = 2.0  # boot time in /proc/stat is whole seconds


def process_start_time(pid: int, proc: Path = Path("/proc")) -> float | None:
    """Wall-clock start of `pid` (boot time + start ticks), or None when unknown."""
    try:
        stat = (proc / str(pid) / "stat").read_text(encoding="ascii", errors="replace")
        fields = stat.rsplit(")", 1)[1].split()  # the name may hold spaces and ')'
        ticks = int(fields[19])  # field 22, starttime; fields[0] is field 3
        boot = next(int(line.split()[1]) for line in
                    (proc / "stat").read_text(encoding="ascii").splitlines()
                    if line.startswith("btime "))
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None


def pid_reused(pid: int, lock_file: Path) -> bool:
    """True when `pid` is us or started after `lock_file` was written: not its owner."""
    if pid == os.getpid():
        return True  # we do not hold it (we are asking), so whoever wrote it is gone
    try:
        written = lock_file.stat().st_mtime
    except OSError:
        return False
    started = process_start_time(pid)
    return started is not None and started > written + SLACK_S
