"""Bucket and diff accuracy end to end on the two-week shop with known truth, and the speed of
classify + compare on a large synthetic run.

    python bench/bucket_accuracy.py                 # crawl both weeks, print the figures
    python bench/bucket_accuracy.py --filler 2000   # more healthy pages around the problems
    python bench/bucket_accuracy.py --speed 50000   # also time classify + compare on 50k URLs

Both weeks of demo/scenario.py are served on one port (one site), crawled with the real
command line into a fresh SQLite file, and reported with reports.build.build_report. Figures:
bucket precision and recall of each week, and diff precision and completeness (each URL's
change: new, fixed, persisting, changed_bucket, not_checked), with and without the two
findings only the content detectors can see (a soft 404 and a login wall served with 200).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gatewatch.demo.scenario import Scenario, build_scenario, crawl, score
from gatewatch.demo.server import serve
from gatewatch.reports.build import build_report, classify_records
from gatewatch.reports.classify import Backlinks
from gatewatch.reports.compare import compare
from gatewatch.reports.rules import Rules
from gatewatch.storage.database import open_database
from gatewatch.storage.findings import LinkSource
from gatewatch.storage.records import url_records

TARGET = 0.95


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def accuracy(scenario: Scenario, database: str) -> dict:
    with serve(scenario.this_week) as server:
        started = time.perf_counter()
        crawl(server.base_url, database)
        server.site = scenario.next_week
        crawl(server.base_url, database)
        crawl_seconds = time.perf_counter() - started
    engine = open_database(database)
    first, second = build_report(engine, 1), build_report(engine, 2)
    flagged = {flag for record in url_records(engine, 2) for flag in record["flags"]}
    result: dict = {
        "urls_per_week": second.urls_met,
        "crawl_seconds": round(crawl_seconds, 1),
        "detectors_wired": bool({"soft_404", "soft_401"} & flagged),
    }
    for label, ignore in (
        ("all", frozenset()),
        ("without_detector_pages", scenario.needs_detectors),
    ):
        figures = {}
        for week, report, expected in (
            ("this_week", first, scenario.expected_this_week),
            ("next_week", second, scenario.expected_next_week),
        ):
            found = {
                _path(f.url): f.bucket
                for f in report.findings
                if f.change not in ("fixed", "not_checked")
            }
            figures[week] = score(expected, found, ignore)
        changes = {_path(f.url): f.change for f in second.findings}
        figures["diff"] = score(scenario.expected_changes, changes, ignore)
        result[label] = {
            name: {
                "precision": round(value.precision, 3),
                "recall": round(value.recall, 3),
                "wrong": {path: list(pair) for path, pair in value.wrong.items()},
            }
            for name, value in figures.items()
        }
    return result


def synthetic_records(count: int, seed: int) -> tuple[list[dict], dict, dict]:
    """`count` URL records with a realistic mix of problems, their inlink sources and
    backlinks."""
    rng = random.Random(seed)
    records, sources, backlinks = [], {}, {}
    sections = ("products", "blog", "account", "admin", "help", "cart")
    for number in range(count):
        url = f"https://shop.test/{rng.choice(sections)}/page-{number}"
        draw = rng.random()
        status, flags, redirects, final = 200, [], [], url
        if draw < 0.03:
            status = 404
        elif draw < 0.04:
            status = rng.choice((401, 403))
        elif draw < 0.045:
            flags = ["soft_404"]
        elif draw < 0.05:
            status = 500
        elif draw < 0.08:
            status, final = 301, rng.choice(("https://shop.test/", "https://shop.test/login"))
            redirects = [{"url": url, "status": 301, "location": final}]
        records.append(
            {
                "url": url,
                "status": status,
                "final_url": final,
                "final_status": 200 if redirects else status,
                "redirects": redirects,
                "flags": flags,
                "in_sitemap": draw > 0.02,
                "sitemaps": [],
                "inlinks": 3,
                "depth": 3,
                "fetched": True,
                "title": "t",
            }
        )
        if status != 200 or flags or redirects:
            sources[url] = [
                LinkSource(
                    f"https://shop.test/page-{rng.randrange(count)}",
                    rng.choice(("main", "nav")),
                    200,
                    None,
                )
                for _ in range(rng.randrange(6))
            ]
            if rng.random() < 0.2:
                backlinks[url] = Backlinks(5, 2, rng.uniform(0, 90), 4)
    return records, sources, backlinks


def speed(count: int) -> dict:
    """Seconds to classify `count` records and compare with a previous run of the same size."""
    rules = Rules()
    before, before_sources, before_backlinks = synthetic_records(count, seed=1)
    previous = classify_records(before, before_sources, before_backlinks, {}, {}, rules)
    records, sources, backlinks = synthetic_records(count, seed=2)
    statuses = {record["url"]: record["status"] for record in before}
    buckets = {finding.url: finding.bucket for finding in previous}
    started = time.perf_counter()
    current = classify_records(records, sources, backlinks, statuses, buckets, rules)
    classified = time.perf_counter()
    compared = compare(previous, current, {record["url"] for record in records})
    finished = time.perf_counter()
    return {
        "urls": count,
        "findings": len(current),
        "compared": len(compared),
        "classify_seconds": round(classified - started, 3),
        "compare_seconds": round(finished - classified, 3),
        "total_seconds": round(finished - started, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--filler", type=int, default=200, help="healthy pages per week")
    parser.add_argument("--speed", type=int, metavar="URLS", help="also time classify+compare")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        result = accuracy(build_scenario(args.filler), f"sqlite:///{folder}/weeks.db")
    if args.speed:
        result["speed"] = speed(args.speed)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(
        f"two weeks of {result['urls_per_week']} URLs crawled in {result['crawl_seconds']} s; "
        f"content detectors wired: {'yes' if result['detectors_wired'] else 'no'}"
    )
    failed = False
    for label in ("all", "without_detector_pages"):
        print(f"\n{label.replace('_', ' ')}:")
        for name, figures in result[label].items():
            low = min(figures["precision"], figures["recall"]) < TARGET
            failed |= low and label == "all"
            measure = "precision/completeness" if name == "diff" else "precision/recall"
            print(f"  {name:10} {measure}: {figures['precision']:.3f} / {figures['recall']:.3f}"
                  f"{'  BELOW TARGET' if low else ''}")  # fmt: skip
            for path, (expected, found) in figures["wrong"].items():
                print(f"    {path}: expected {expected}, got {found}")
    if args.speed:
        figures = result["speed"]
        print(
            f"\nclassify + compare of {figures['urls']:,} URLs ({figures['findings']:,} findings):"
            f" {figures['classify_seconds']} s + {figures['compare_seconds']} s"
            f" = {figures['total_seconds']} s"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
