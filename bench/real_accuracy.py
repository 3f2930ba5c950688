"""The detectors on real pages: precision and recall per flag on the real-page corpus.

    python bench/real_accuracy.py [--corpus tests/fixtures/real] [--json] [--misses SPLIT]
    python bench/real_accuracy.py --crawl          # end to end: one local site, one crawl
    python bench/real_accuracy.py --split tune     # one split only (tune: holdout not read)
    python bench/real_accuracy.py --split fresh    # the blind side: only when it is measured
    python bench/real_accuracy.py --split tune --groups backuppc,awstats   # a part, alone
    python bench/real_accuracy.py --leave-one-out  # each tune group scored alone

The setting of issue 15: every page of tests/fixtures/real (labels.csv) is served with status
200 at a neutral URL (/p/<12 hex digits>, so the URL gives no hint), the site's home page
links to all of them, and the site answers a real 404 for URLs that do not exist, so the
probes only say that the shape is honest. A page counts as flagged `soft_404`, `soft_401`
or `soft_403` when a verdict has that flag (soft_403 is counted when the detectors give it;
a soft_401 on a soft_403 page is a false soft_401 and a missed soft_403). A healthy page
(label ok) counts as flagged when it gets a verdict the report lists as a finding
(reports.classify.FLAG_KINDS): `needs_rendering` (a client-rendered page left unjudged, a
note under the report's figures) and `rendered` (what rendering changed) are none. Pages
left unjudged are counted apart ("not judged"): a page not judged is no false alarm, and no
page checked either.

Figures are given separately for the tune, holdout and fresh splits (split by source group,
see tests/fixtures/real/SPLIT.md), with the misses per source group and per language. The
fresh side was harvested after the detectors were tuned and is measured once, to check the
holdout figures on software nobody has looked at: do not tune on it. It is judged only when
asked for by name (`--split fresh`), never as part of a default run.
Offline, the public detector API is called on the saved pages (signals, probe_result,
conclude); with --crawl the pages are served from 127.0.0.1 and crawled by gatewatch, and
the flags are read back from the run with `gatewatch export`.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html
import json
import sys
import tempfile
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import gatewatch  # noqa: E402
from gatewatch.crawler.detectors import conclude, probe_result, signals  # noqa: E402
from gatewatch.crawler.parse import parse_html  # noqa: E402
from gatewatch.reports.classify import FLAG_KINDS  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "real"
FLAGS = ("soft_404", "soft_401", "soft_403")
# verdicts that become a finding in the report (missing_challenge alone does not)
FINDINGS = frozenset(FLAG_KINDS) - {"missing_challenge"} | {"<not crawled>"}
NOT_JUDGED = "needs_rendering"
SPLITS = ("tune", "holdout", "fresh")
BASE = "http://real.test"
PROBE_PATH = "/p/zqxwvkjhgfdsapoiuytrewqlm"
NOT_FOUND = (
    b"<!DOCTYPE html><html><head><title>404 Not Found</title></head><body>"
    b"<h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>"
)
# the bar, on the holdout split
BAR = {"precision": 0.99, "recall": 0.95, "healthy_flagged": 0.005}


@dataclass
class Result:
    row: dict
    flags: set[str]
    explained: str  # the verdicts, one line each, or "" when none


def load_rows(corpus: Path = CORPUS) -> list[dict]:
    with (corpus / "labels.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def page_path(file: str) -> str:
    """The neutral URL path a page is served at: nothing in it says what the page is."""
    return "/p/" + hashlib.sha1(file.encode()).hexdigest()[:12]


def index_page(rows: list[dict]) -> bytes:
    links = "\n".join(
        f'<li><a href="{page_path(row["file"])}">page {page_path(row["file"])[3:]}</a></li>'
        for row in rows
    )
    return (
        "<!DOCTYPE html><html><head><title>Real pages</title></head><body>"
        f"<h1>Real pages</h1><ul>\n{links}\n</ul></body></html>"
    ).encode()


def judge_offline(rows: list[dict], corpus: Path = CORPUS) -> list[Result]:
    """Every page judged as one crawl would, with the site's real 404 as its probe."""
    start = f"{BASE}/"
    home = signals(start, 200, {}, parse_html(index_page(rows)), start)
    probe_url = BASE + PROBE_PATH
    probe_signals = signals(probe_url, 404, {}, parse_html(NOT_FOUND), start)
    probes = [probe_result(probe_url, "random", 404, probe_url, 404, probe_signals)]
    results = []
    for row in rows:
        url = BASE + page_path(row["file"])
        page = parse_html((corpus / row["file"]).read_bytes())
        found = signals(url, 200, {}, page, start)
        verdicts = conclude(found, probes, home=home)
        results.append(
            Result(row, {v.flag for v in verdicts}, " | ".join(v.explain() for v in verdicts))
        )
    return results


def scores(results: list[Result], weight: Callable[[Result], float] | None = None) -> dict:
    """Precision and recall per flag, and the share of healthy pages flagged.

    Each page counts as one, or as much as `weight` says (per_program: every program as one).
    """
    count = weight or (lambda result: 1)

    def total(results: Iterable[Result]) -> float:
        value = sum(count(r) for r in results)
        return round(value, 4) if weight else value

    figures: dict = {}
    for flag in FLAGS:
        tp = total(r for r in results if flag in r.flags and r.row["label"] == flag)
        fp = total(r for r in results if flag in r.flags and r.row["label"] != flag)
        fn = total(r for r in results if flag not in r.flags and r.row["label"] == flag)
        figures[flag] = {
            # None: nothing flagged (a flag the detectors do not give yet), nothing to score
            "precision": round(tp / (tp + fp), 4) if tp + fp else None,
            "recall": round(tp / (tp + fn), 4) if tp + fn else None,
            "pages": tp + fn,
            "true_positive": tp,
            "false_positive": fp,
            "false_negative": fn,
        }
    healthy = [r for r in results if r.row["label"] == "ok"]
    flagged = total(r for r in healthy if r.flags & FINDINGS)
    pages = total(healthy)
    figures["healthy"] = {
        "pages": pages,
        "flagged": flagged,
        "flagged_rate": round(flagged / pages, 4) if pages else 0.0,
    }
    figures["not_judged"] = total(r for r in results if NOT_JUDGED in r.flags)
    return figures


def per_program(results: list[Result]) -> dict:
    """The figures with every program weighing as one, whatever its number of pages.

    A page weighs 1 / (its group's pages of its label), so one template served in 27
    languages counts as much as a program that answers one page of that kind. Reported beside
    the issue's per-page figures; the bar stays per page.
    """
    sizes = Counter((r.row["source_group"], r.row["label"]) for r in results)
    return scores(results, lambda r: 1 / sizes[r.row["source_group"], r.row["label"]])


def wrong(result: Result) -> bool:
    """Missed (its flag absent), flagged otherwise than labelled, or a healthy page flagged."""
    label = result.row["label"]
    if label == "ok":
        return bool(result.flags & FINDINGS)
    return label not in result.flags or bool(result.flags & (set(FLAGS) - {label}))


def breakdown(results: list[Result], column: str) -> dict[str, dict]:
    """Per source group or per language: pages, and how many were judged wrong."""
    table: dict[str, Counter] = defaultdict(Counter)
    for result in results:
        counts = table[result.row[column]]
        counts["pages"] += 1
        if wrong(result):
            counts["wrong"] += 1
            counts[f"wrong_{result.row['label']}"] += 1
    return {key: dict(counts) for key, counts in sorted(table.items())}


def report(results: list[Result]) -> dict:
    by_split = {}
    for split in SPLITS:
        part = [r for r in results if r.row["split"] == split]
        if not part:
            continue
        by_split[split] = {
            "pages": len(part),
            "groups": sorted({r.row["source_group"] for r in part}),
            "figures": scores(part),
            "per_program": per_program(part),
            "real_crawl": real_crawl(part),
            "by_group": breakdown(part, "source_group"),
            "by_language": breakdown(part, "language"),
            "misses": [
                {
                    "file": r.row["file"],
                    "label": r.row["label"],
                    "language": r.row["language"],
                    "flags": sorted(r.flags),
                    "verdicts": r.explained,
                }
                for r in part
                if wrong(r)
            ],
        }
    return by_split


# what a crawl reports for each label: its flag, or the redirect kin of its flag
REPORTED_AS = {
    "soft_404": {"soft_404", "redirect_home"},
    "soft_401": {"soft_401", "redirect_login", "soft_403"},
    "soft_403": {"soft_403", "soft_401"},
}


def real_crawl(results: list[Result]) -> dict:
    """Each labelled error page as a real crawl of the software reports it: served with an
    error status (the software's own, from labels.csv: the crawler records any 4xx or 5xx),
    or served with 200 and flagged (a sign-in wall and a refusal both count for either label:
    the report shows both as access errors). Judged offline, every page is served with 200
    (the issue's setting): this counts the pages the software did not serve so as caught by
    their status, whatever their verdict."""
    out = {}
    for label, kin in REPORTED_AS.items():
        rows = [r for r in results if r.row["label"] == label]
        status = [r for r in rows if r.row["served_status"] != "200"]
        flagged = [r for r in rows if r.row["served_status"] == "200" and r.flags & kin]
        out[label] = {"pages": len(rows), "by_status": len(status), "flagged": len(flagged)}
    return out


def meets_bar(figures: dict) -> list[str]:
    """What of the issue's bar these figures fail (empty when they meet it)."""
    failures = []
    for flag in FLAGS:
        for measure in ("precision", "recall"):
            if figures[flag][measure] is not None and figures[flag][measure] < BAR[measure]:
                failures.append(f"{flag} {measure} {figures[flag][measure]:.3f} < {BAR[measure]}")
    rate = figures["healthy"]["flagged_rate"]
    if rate > BAR["healthy_flagged"]:
        failures.append(f"healthy flagged {rate:.4f} > {BAR['healthy_flagged']}")
    return failures


# ---- leave one group out

# Tune groups whose software's translation catalogs feed the phrase lists and core words
# (bench/phrase_catalogs.py): their wording was not learnt without them.
CATALOG_SOURCES = frozenset({"wagtail", "mediawiki"})


def leave_one_out(results: list[Result]) -> dict[str, dict]:
    """Each tune group scored alone, as if it were the one held out.

    The detectors are rules, not a model fitted to the pages: what can leak from a group
    into its own figures is the wording (phrase lists and core words counted in translation
    catalogs) and any threshold chosen while looking at it. So each group's figures come
    with whether its own software is a catalog source: for the others, every list was
    derived without the group being scored."""
    table = {}
    tuned = [r for r in results if r.row["split"] == "tune"]
    for group in sorted({r.row["source_group"] for r in tuned}):
        part = [r for r in tuned if r.row["source_group"] == group]
        table[group] = {
            "pages": len(part),
            "figures": scores(part),
            "per_program": per_program(part),
            "wrong": sum(1 for r in part if wrong(r)),
            "catalog_source": group in CATALOG_SOURCES,
        }
    return table


def print_leave_one_out(table: dict[str, dict]) -> None:
    print("\n== leave one group out (tune groups, each scored alone)")
    print(f"   {'group':<17}{'pages':>6}{'wrong':>6}  " + "  ".join(f"{f:>15}" for f in FLAGS))
    for group, entry in table.items():
        cells = []
        for flag in FLAGS:
            f = entry["figures"][flag]
            cells.append(
                f"{_figure(f['precision']):>7}/{_figure(f['recall']):<7}"
                if f["pages"] or f["false_positive"]
                else f"{'-':>15}"
            )
        healthy = entry["figures"]["healthy"]
        note = "  (its catalogs feed the wording)" if entry["catalog_source"] else ""
        print(
            f"   {group:<17}{entry['pages']:>6}{entry['wrong']:>6}  {'  '.join(cells)}"
            f"  ok flagged {healthy['flagged']}/{healthy['pages']}{note}"
        )


# ---- end to end: one local site, one gatewatch crawl


class _Site(BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, bytes]] = {}

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        body = self.pages.get(urlsplit(self.path).path)
        status = 200 if body is not None else 404
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body or NOT_FOUND)))
        self.end_headers()
        self.wfile.write(body or NOT_FOUND)


@contextmanager
def serve(rows: list[dict], corpus: Path) -> Iterator[str]:
    """All pages at status 200 on 127.0.0.1, the index at /, a real 404 for anything else."""
    pages = {page_path(row["file"]): (corpus / row["file"]).read_bytes() for row in rows}
    pages["/"] = index_page(rows)
    handler = type("Site", (_Site,), {"pages": pages})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def judge_crawl(rows: list[dict], corpus: Path = CORPUS) -> list[Result]:
    with tempfile.TemporaryDirectory() as folder, serve(rows, corpus) as base:
        database = f"sqlite:///{folder}/real.db"
        summary = json.loads(
            gatewatch("crawl", f"{base}/", "--db", database, "--json", "--quiet",
                      "--max-depth", "1", "--max-pages", str(len(rows) + 100),
                      # the index links to every page: more than a page's default 2,000
                      "--max-links-per-page", str(len(rows) + 100))
        )  # fmt: skip
        export = gatewatch("export", str(summary["run"]), "--db", database)
    flags: dict[str, list[str]] = {}
    for line in export.splitlines():
        record = json.loads(line)
        split = urlsplit(record["url"])
        if split.query:
            continue  # (a page's own links, "?restore=1", are not the page: served at no query)
        # the detectors' verdicts only: "noindex" and such are flags of the record, not verdicts
        flags[split.path] = [v["flag"] for v in record.get("verdicts") or []]
    results = []
    for row in rows:
        found = flags.get(page_path(row["file"]))
        if found is None:
            results.append(Result(row, {"<not crawled>"}, "not crawled"))
        else:
            results.append(Result(row, set(found), ", ".join(found)))
    return results


# ---- printing


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def print_report(by_split: dict, show_misses: str | None) -> None:
    for split, part in by_split.items():
        figures = part["figures"]
        print(f"\n== {split}: {part['pages']} pages, {len(part['groups'])} groups")
        print(f"   groups: {', '.join(part['groups'])}")
        header = f"{'flag':<10}{'precision':>10}{'recall':>8}{'pages':>7}"
        print(f"   {header}{'TP':>5}{'FP':>5}{'FN':>5}")
        for flag in FLAGS:
            f = figures[flag]
            print(
                f"   {flag:<10}{_figure(f['precision']):>10}{_figure(f['recall']):>8}"
                f"{f['pages']:>7}"
                f"{f['true_positive']:>5}{f['false_positive']:>5}{f['false_negative']:>5}"
            )
        healthy = figures["healthy"]
        print(
            f"   healthy pages flagged: {healthy['flagged']} of {healthy['pages']} "
            f"({100 * healthy['flagged_rate']:.2f}%); "
            f"not judged (needs_rendering): {figures['not_judged']}"
        )
        weighed = part["per_program"]
        said = ", ".join(
            f"{flag} {_figure(weighed[flag]['precision'])} / {_figure(weighed[flag]['recall'])}"
            for flag in FLAGS
        )
        rate = 100 * weighed["healthy"]["flagged_rate"]
        print(f"   each program weighing one (P / R): {said}; healthy flagged {rate:.2f}%")
        crawl = ", ".join(
            f"{label} {c['by_status'] + c['flagged']}/{c['pages']}"
            for label, c in part["real_crawl"].items()
        )
        print(f"   reported by a crawl of the software (its error status, or flagged): {crawl}")
        for column in ("by_group", "by_language"):
            wrongs = {k: v for k, v in part[column].items() if v.get("wrong")}
            said = ", ".join(
                f"{key} {value['wrong']}/{value['pages']}" for key, value in wrongs.items()
            )
            print(f"   wrong {column.replace('_', ' ')}: {said or 'none'}")
        if split in SPLITS and not meets_bar(figures):
            print("   meets the issue's bar")
        else:
            print(f"   short of the bar: {'; '.join(meets_bar(figures))}")
        if show_misses in (split, "all"):
            for miss in part["misses"]:
                print(
                    f"     {miss['file']} label={miss['label']} flags={miss['flags']}\n"
                    f"         {html.escape(miss['verdicts'], quote=False) or 'no verdict'}"
                )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--crawl", action="store_true", help="serve the pages and crawl them")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--misses", choices=(*SPLITS, "all"), help="list the pages judged wrong")
    parser.add_argument(
        "--split",
        choices=SPLITS,
        help="judge the pages of one split only (tune: the holdout pages are not even read); "
        "without it tune and holdout are judged: the fresh side only by --split fresh",
    )
    parser.add_argument(
        "--leave-one-out",
        action="store_true",
        help="score each tune group alone (the holdout pages are not read)",
    )
    parser.add_argument(
        "--groups",
        help="comma-separated source groups: judge only these (a part of a split, read alone)",
    )
    parser.add_argument("--without-groups", help="comma-separated source groups: leave these out")
    arguments = parser.parse_args(argv)
    rows = load_rows(arguments.corpus)
    known = {row["source_group"] for row in rows}
    for option, keep in ((arguments.groups, True), (arguments.without_groups, False)):
        if not option:
            continue
        named = set(option.split(","))
        if named - known:
            parser.error(f"no such group in the corpus: {', '.join(sorted(named - known))}")
        rows = [row for row in rows if (row["source_group"] in named) == keep]
        if not rows:
            parser.error("no page is left to judge: --groups and --without-groups exclude all")
    if arguments.leave_one_out:
        table = leave_one_out(judge_offline([r for r in rows if r["split"] == "tune"]))
        if arguments.json:
            print(json.dumps({"leave_one_out": table}))
        else:
            print_leave_one_out(table)
        return 0
    if arguments.split:
        rows = [row for row in rows if row["split"] == arguments.split]
    else:  # the blind side is read only when asked for by name, once a round (SPLIT.md)
        rows = [row for row in rows if row["split"] != "fresh"]
    judge = judge_crawl if arguments.crawl else judge_offline
    by_split = report(judge(rows, arguments.corpus))
    if arguments.json:
        print(json.dumps({"mode": "crawl" if arguments.crawl else "offline", **by_split}))
        return 0
    mode = "one gatewatch crawl of a local site" if arguments.crawl else "offline, detector API"
    print(f"{len(rows)} real pages, {mode}, every page served with 200, no probe help")
    print_report(by_split, arguments.misses)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
