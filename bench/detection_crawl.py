"""Detection accuracy end to end: each corpus site served on 127.0.0.1 and crawled by gatewatch.

    python bench/detection_crawl.py [--sites bytegarden,planloop] [--json]

Unlike bench/detection_accuracy.py (detectors called on saved pages), this runs the real
crawl: probes fetched over HTTP, redirects followed hop by hop, verdicts concluded at the end
of the crawl and read back from the database through `gatewatch export`. Each labelled URL
counts as a soft 404 when its flags hold soft_404 or redirect_home, as a login wall when they
hold soft_401 or redirect_login. Prints precision and recall per kind, and every miss.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.detection_accuracy import KINDS  # noqa: E402  (the same flags count, offline)
from bench.measure import gatewatch  # noqa: E402
from gatewatch.demo.corpus import load_corpus  # noqa: E402
from gatewatch.demo.server import serve  # noqa: E402


def crawl_site(entry, database: str) -> dict[str, list[str]]:
    """Crawl one corpus site; flags of every URL met, by path (with query)."""
    with serve(entry.site) as server:
        summary = json.loads(gatewatch("crawl", f"{server.base_url}/", "--db", database,
                                       "--json", "--max-pages", "2000"))  # fmt: skip
    export = gatewatch("export", str(summary["run"]), "--db", database)
    flags = {}
    for line in export.splitlines():
        record = json.loads(line)
        parts = urlsplit(record["url"])
        flags[parts.path + (f"?{parts.query}" if parts.query else "")] = record["flags"]
    return flags


def score(rows: list[tuple[str, str, str, list[str]]]) -> dict[str, dict]:
    figures = {}
    for kind, flags in KINDS.items():
        true_positive = false_positive = false_negative = 0
        for _site, _path, label, found in rows:
            predicted = any(flag in flags for flag in found)
            if predicted and label == kind:
                true_positive += 1
            elif predicted:
                false_positive += 1
            elif label == kind:
                false_negative += 1
        flagged = true_positive + false_positive
        labelled = true_positive + false_negative
        figures[kind] = {
            "precision": round(true_positive / flagged, 3) if flagged else 1.0,
            "recall": round(true_positive / labelled, 3) if labelled else 1.0,
            "true_positive": true_positive,
            "false_positive": false_positive,
            "false_negative": false_negative,
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", help="comma-separated corpus site names (default: all)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    arguments = parser.parse_args()
    corpus = load_corpus()
    if arguments.sites:
        wanted = set(arguments.sites.split(","))
        corpus = [entry for entry in corpus if entry.name in wanted]
    rows = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        database = f"sqlite:///{folder}/detection.db"
        for index, entry in enumerate(corpus, 1):
            flags = crawl_site(entry, database)
            for path, label in sorted(entry.labels.items()):
                rows.append((entry.name, path, label, flags.get(path, ["<not crawled>"])))
            if not arguments.json:
                print(f"\r{index}/{len(corpus)} sites crawled", end="", file=sys.stderr)
    seconds = time.monotonic() - started
    figures = score(rows)
    misses = [
        {"site": site, "path": path, "label": label, "flags": found}
        for site, path, label, found in rows
        if (label in KINDS) != any(flag in KINDS.get(label, ()) for flag in found)
        or (label == "ok" and any(flag in sum(KINDS.values(), ()) for flag in found))
    ]
    if arguments.json:
        print(json.dumps({"figures": figures, "misses": misses, "seconds": round(seconds, 1),
                          "sites": len(corpus), "labelled_urls": len(rows)}, indent=2))  # fmt: skip
        return
    print(f"\n{len(corpus)} sites, {len(rows)} labelled URLs, crawled in {seconds:.1f} s\n")
    print(f"{'kind':<12}{'precision':>10}{'recall':>8}{'TP':>5}{'FP':>5}{'FN':>5}")
    for kind, figure in figures.items():
        print(f"{kind:<12}{figure['precision']:>10.3f}{figure['recall']:>8.3f}"
              f"{figure['true_positive']:>5}{figure['false_positive']:>5}"
              f"{figure['false_negative']:>5}")  # fmt: skip
    if misses:
        print("\nmisses and false positives:")
        for miss in misses:
            print(f"  {miss['site']}{miss['path']}  label={miss['label']}  flags={miss['flags']}")


if __name__ == "__main__":
    main()
