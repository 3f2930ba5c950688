"""What every benchmark here needs: child-process CPU and peak memory, the machine's load at the
time (figures on a busy machine are depressed: always print the load with them), and a plain
summary table or JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class ChildUsage:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child (and the children it waited for)
    peak_rss_mb: float  # the child's peak RSS plus that of each process it started
    stdout: str
    stderr: str


class ChildFailed(RuntimeError):
    """A measured command exited with an error; the message has its stderr."""


def gatewatch(*arguments: str) -> str:
    """`gatewatch ARGUMENTS` in a child process run from the project's folder: its output, or
    SystemExit with the end of its error output when it fails."""
    command = [sys.executable, "-m", "gatewatch.cli.main", *arguments]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    if result.returncode != 0:
        raise SystemExit(f"gatewatch {' '.join(arguments)} failed:\n{result.stderr[-2000:]}")
    return result.stdout


def _peak_rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    return next(
        (int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM")),
        None,
    )


def _descendants(pid: int) -> list[int]:
    """The processes started by `pid`, and by them (a crawl's page reader): Linux only."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [process for process, its_parent in parents.items() if its_parent == parent]
        found += children
        frontier += children
    return found


def run_measured(command: Sequence[str], env: dict | None = None) -> ChildUsage:
    """Run ``command`` in ROOT; CPU comes from wait4: the child, and the children it waited
    for. Peak RSS is the sum of the child's VmHWM and its descendants' (a crawl's page reader),
    read until it exits: wait4's ru_maxrss also counts the RSS of this process at the fork
    (Linux keeps it across exec), the generated site's hundreds of MB."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.monotonic()
        child = subprocess.Popen(
            list(command), cwd=ROOT, stdout=out, stderr=err, env={**os.environ, **(env or {})}
        )
        peaks: dict[int, float] = {}  # process id -> its peak RSS, the child and its own
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            for process in (child.pid, *_descendants(child.pid)):
                peaks[process] = max(peaks.get(process, 0.0), _peak_rss_mb(process) or 0.0)
            time.sleep(0.1)
        peak = sum(peaks.values())
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        wall = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if child.returncode != 0:
        raise ChildFailed(f"{' '.join(command)} exited {child.returncode}:\n{stderr[-3000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return ChildUsage(wall, cpu, peak, stdout, stderr)


def process_tree_cpu(pid: int) -> float:
    """CPU seconds so far of a running process and its descendants (e.g. nginx and workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
    tree, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, of in parents.items() if of == parent and child not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(times.get(member, 0.0) for member in tree)


def load_average() -> dict[str, float]:
    """``uptime``'s 1, 5 and 15 minute load averages, and the number of cores."""
    one, five, fifteen = os.getloadavg()
    return {"load_1m": one, "load_5m": five, "load_15m": fifteen, "cores": os.cpu_count() or 0}


def describe_load(load: dict[str, float]) -> str:
    return (
        f"load {load['load_1m']:.2f} {load['load_5m']:.2f} {load['load_15m']:.2f} "
        f"on {load['cores']} cores"
    )


def table(rows: Sequence[dict], columns: Sequence[tuple[str, str, str]]) -> str:
    """A plain text table: ``columns`` are (key, heading, format spec), e.g. ("cpu", "CPU s",
    ".1f"). Missing values print as "-"."""
    cells = [[heading for _, heading, _ in columns]]
    for row in rows:
        line = []
        for key, _, spec in columns:
            value = row.get(key)
            line.append("-" if value is None else format(value, spec))
        cells.append(line)
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    out = []
    for number, line in enumerate(cells):
        parts = [
            text.ljust(width) if i == 0 else text.rjust(width)
            for i, (text, width) in enumerate(zip(line, widths, strict=True))
        ]
        out.append("  ".join(parts))
        if number == 0:
            out.append("  ".join("-" * width for width in widths))
    return "\n".join(out)


def emit(result: dict, as_json: bool, text: str) -> None:
    """Print ``result`` as JSON for scripts, or ``text`` for people."""
    if as_json:
        json.dump(result, sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        print(text)
