"""Time of the detectors per tune page (signals() and conclude(), and parse_html apart), best
of three: `python bench/detector_speed.py [TREE ...]` times each source tree given (a
worktree or an unpacked commit: `git archive <rev> | tar -x -C /tmp/rev`), in turn, with this
Python, so one interpreter and one lxml time them all. Run the trees alternately, twice at
least: a shared machine drifts by 5% or more between runs."""

from __future__ import annotations

import csv
import subprocess
import sys
import time
import types
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
CORPUS = HERE / "tests" / "fixtures" / "real"
RUNS = 3


def time_tree(root: str) -> str:
    """parse and detector milliseconds per tune page, importing gatewatch from `root`."""
    package = types.ModuleType("gatewatch")
    package.__path__ = [root]
    sys.modules["gatewatch"] = package
    from gatewatch.crawler.detectors import conclude, signals
    from gatewatch.crawler.parse import parse_html

    with (CORPUS / "labels.csv").open(newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["split"] == "tune"]
    bodies = [(CORPUS / row["file"]).read_bytes() for row in rows]
    best_parse = best_detect = float("inf")
    for _ in range(RUNS):
        start = time.process_time()
        pages = [parse_html(body) for body in bodies]
        best_parse = min(best_parse, time.process_time() - start)
        start = time.process_time()
        for number, page in enumerate(pages):
            conclude(signals(f"http://real.test/p/{number}", 200, {}, page, "http://real.test/"))
        best_detect = min(best_detect, time.process_time() - start)
    count = len(bodies)
    return (
        f"{root}: {count} pages, parse {best_parse / count * 1000:.3f} ms/page, "
        f"detectors {best_detect / count * 1000:.3f} ms/page"
    )


def main(trees: list[str]) -> None:
    if len(trees) == 1:
        print(time_tree(trees[0]))
        return
    for tree in trees:  # one process per tree: each imports its own gatewatch
        subprocess.run([sys.executable, __file__, tree], check=True)


if __name__ == "__main__":
    main(sys.argv[1:] or [str(HERE)])
