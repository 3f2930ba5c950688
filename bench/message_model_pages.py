"""Choosing the model's thresholds on the tune pages (never holdout or fresh).

    python -m bench.message_model_pages [--list]

Every tune page is judged twice, as bench/real_accuracy.py judges it: without the model's
reading and with it at a low threshold (0.5). Where the model's reading made a difference,
its probability says from which threshold on it would: the figures per threshold follow
(precision and recall per flag, healthy pages flagged), and --list names the pages.
"""

from __future__ import annotations

import argparse
import re

from bench import message_reading
from bench.real_accuracy import FINDINGS, FLAGS, judge_offline, load_rows

PROBABILITY = re.compile(r"reads as [a-z ]+ \((\d\.\d\d)\)")
THRESHOLDS = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    rows = [row for row in load_rows() if row["split"] == "tune"]
    before = judge_offline(rows)
    message_reading.install(0.5)
    after = judge_offline(rows)
    message_reading.uninstall()
    changed = []
    for old, new in zip(before, after, strict=True):
        if old.flags != new.flags:
            found = PROBABILITY.search(new.explained)
            probability = float(found.group(1)) if found else 1.0
            changed.append((old, new, probability))
            if args.list:
                print(
                    f"{new.row['file']} label={new.row['label']} {sorted(old.flags)} -> "
                    f"{sorted(new.flags)} ({probability:.2f}): {new.explained[:200]}"
                )
    print(f"{len(changed)} of {len(rows)} tune pages judged otherwise with the model at 0.5")
    print("| threshold | " + " | ".join(f"{f} P / R" for f in FLAGS) + " | healthy flagged |")
    for threshold in THRESHOLDS:
        results = []
        for old in before:
            flags = old.flags
            for o, n, p in changed:
                if o is old and p >= threshold:
                    flags = n.flags
            results.append((old.row["label"], flags))
        cells = []
        for flag in FLAGS:
            tp = sum(1 for label, f in results if flag in f and label == flag)
            fp = sum(1 for label, f in results if flag in f and label != flag)
            fn = sum(1 for label, f in results if flag not in f and label == flag)
            cells.append(f"{tp / (tp + fp) if tp + fp else 0:.3f} / {tp / (tp + fn):.3f}")
        healthy = sum(1 for label, f in results if label == "ok" and f & FINDINGS)
        print(f"| {threshold} | " + " | ".join(cells) + f" | {healthy} |")


if __name__ == "__main__":
    main()
