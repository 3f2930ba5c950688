"""Precision and recall of the soft-404, login-wall and access-denied detectors on the labelled
corpus.

    python bench/detection_accuracy.py [--corpus tests/fixtures/corpus] [--json]
    python bench/detection_accuracy.py --generated 5000   # the demo generator's site

Each site of the corpus has one probe response (sites.csv), used as the probe of every URL
of the site; its home page (the row for "/"), when labelled, is given to `conclude` as the
home page. Each labelled row (labels.csv) is a response: a 2xx page is judged by `conclude`,
a redirect by `redirect_verdicts` on its chain with the final page's signals, plus the
run-level `shared_redirect_targets`. Figures are printed overall and for the even
and odd rows separately (the rules must hold on both halves), with every miss and false
positive and its reasons, and the time per page of signals + conclude (second pass, warm
caches, as in a crawl of more than a few pages).
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gatewatch.crawler.detectors import (
    conclude,
    probe_result,
    redirect_verdicts,
    shared_redirect_targets,
    signals,
)
from gatewatch.crawler.parse import parse_html

KINDS = {
    "soft_404": ("soft_404", "redirect_home"),
    "login_wall": ("soft_401", "redirect_login"),
    "access_denied": ("soft_403",),
}
PROBE_PATH = "/zqxwvkjhgfdsapoiuytrewqlm"


def site_url(site: str, path: str = "/") -> str:
    return f"https://{site}.test{path}"


def load_probe(corpus: Path, row: dict) -> list:
    site = row["site"]
    status = int(row["probe_status"]) if row["probe_status"] else None
    url = site_url(site, PROBE_PATH)
    final_url = site_url(site, row["probe_final_path"]) if row["probe_final_path"] else url
    redirected = status is not None and 300 <= status < 400
    final_status = 200 if redirected else status
    final_signals = None
    if row["probe_file"]:
        page = parse_html((corpus / row["probe_file"]).read_bytes())
        final_signals = signals(final_url, final_status, {}, page, site_url(site))
    return [probe_result(url, "random", status, final_url, final_status, final_signals)]


def judge(corpus: Path, rows: list[dict], sites: dict[str, dict]) -> tuple[list, tuple]:
    """(results, (detection times, parse times)): a result is (row, kinds, verdicts, signals)."""
    probes = {site: load_probe(corpus, row) for site, row in sites.items()}
    homes = {
        row["site"]: signals(
            site_url(row["site"]),
            200,
            {},
            parse_html((corpus / row["file"]).read_bytes()),
            site_url(row["site"]),
        )
        for row in rows
        if row["path"] == "/" and row["status"] == "200"
    }
    results, timings, parse_times = [], [], []
    redirects_by_site: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in rows:
        if row["final_path"]:
            redirects_by_site[row["site"]].append(
                (site_url(row["site"], row["path"]), site_url(row["site"], row["final_path"]))
            )
    shared = {
        source: verdict
        for site, pairs in redirects_by_site.items()
        for source, verdict in shared_redirect_targets(pairs, site_url(site)).items()
    }
    for row in rows:
        site, status = row["site"], int(row["status"])
        start, url = site_url(site), site_url(site, row["path"])
        body = (corpus / row["file"]).read_bytes()
        parsing = time.perf_counter()
        page = parse_html(body)
        parse_times.append(time.perf_counter() - parsing)
        began = time.perf_counter()
        if 300 <= status < 400:
            final = site_url(site, row["final_path"])
            target = signals(final, 200, {}, page, start)
            verdicts = redirect_verdicts(
                url, status, final, start, target=target, probes=probes[site]
            )
            if not verdicts and url in shared:
                verdicts = [shared[url]]
            found = target
        else:
            found = signals(url, status, {}, page, start)
            verdicts = conclude(found, probes[site], home=homes.get(site))
        timings.append(time.perf_counter() - began)
        predicted = {
            kind for kind, flags in KINDS.items() if any(v.flag in flags for v in verdicts)
        }
        results.append((row, predicted, verdicts, found))
    return results, (timings, parse_times)


def judge_generated(pages: int, seed: int) -> tuple[list, tuple]:
    """The demo generator's site, judged in process (no crawl): every templated page, the
    redirects, and the truth the generator knows (its soft 404s, login walls, and the
    removed URLs it redirects to the home page)."""
    from gatewatch.demo import generator  # the demo package is optional here

    base = "http://generated.test"
    model = generator._Model(pages, seed)
    site = model.build().site

    def fetch(path: str) -> tuple[int, bytes, dict]:
        _, answer = site.lookup(path)
        body = answer.body(base) if callable(answer.body) else answer.body
        body = body.replace(b"{{BASE}}", base.encode())
        headers = {name.lower(): value.replace("{{BASE}}", base) for name, value in answer.headers}
        return answer.status, body, headers

    status, body, _ = fetch(PROBE_PATH)
    start = f"{base}/"
    probe_signals = signals(base + PROBE_PATH, status, {}, parse_html(body), start)
    probes = [probe_result(base + PROBE_PATH, "random", status, base + PROBE_PATH, status,
                           probe_signals)]  # fmt: skip
    home = signals(start, 200, {}, parse_html(fetch("/")[1]), start)
    results, timings, parse_times = [], [], []
    for nid, path in enumerate(model.paths):
        kind = model.kind[nid]
        if kind not in generator._TEMPLATED and kind != generator.REDIRECT:
            continue
        label = {generator.SOFT404: "soft_404", generator.LOGINWALL: "login_wall"}.get(kind, "ok")
        status, body, headers = fetch(path)
        row = {"file": f"(generated){path}", "site": "generated", "path": path,
               "status": str(status), "final_path": "", "label": label, "note": ""}  # fmt: skip
        if kind == generator.REDIRECT:
            target_path = model.paths[model.location[nid]]
            row["final_path"] = target_path
            row["label"] = (
                "soft_404"  # removed URLs sent to the home page
                if target_path == "/"
                else "login_wall"
                if "login" in target_path
                else "ok"
            )
            target_page = None
            if not generator._disallowed(target_path) and target_path != "/":
                target_status, target_body, _ = fetch(target_path)
                target_page = parse_html(target_body)
            began = time.perf_counter()
            target = None
            if target_page is not None:
                target = signals(base + target_path, target_status, {}, target_page, start)
            verdicts = redirect_verdicts(
                base + path, status, base + target_path, start, target=target, probes=probes
            )
            found = target
        else:
            parsing = time.perf_counter()
            page = parse_html(body)
            parse_times.append(time.perf_counter() - parsing)
            began = time.perf_counter()
            found = signals(base + path, status, headers, page, start)
            verdicts = conclude(found, probes, home=home)
        timings.append(time.perf_counter() - began)
        predicted = {k for k, flags in KINDS.items() if any(v.flag in flags for v in verdicts)}
        results.append((row, predicted, verdicts, found))
    return results, (timings, parse_times)


def summary(times: list[float]) -> dict:
    microseconds = sorted(t * 1e6 for t in times)
    return {
        "pages": len(microseconds),
        "mean_us": round(statistics.mean(microseconds), 1),
        "median_us": round(statistics.median(microseconds), 1),
        "p95_us": round(microseconds[int(len(microseconds) * 0.95)], 1),
    }


def scores(results: list, kind: str) -> dict:
    true_positive = sum(
        1 for row, predicted, *_ in results if kind in predicted and row["label"] == kind
    )
    false_positive = sum(
        1 for row, predicted, *_ in results if kind in predicted and row["label"] != kind
    )
    false_negative = sum(
        1 for row, predicted, *_ in results if kind not in predicted and row["label"] == kind
    )
    precision = (
        true_positive / (true_positive + false_positive) if true_positive + false_positive else 1.0
    )
    recall = (
        true_positive / (true_positive + false_negative) if true_positive + false_negative else 1.0
    )
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "true_positive": true_positive,
        "false_positive": false_positive,
        "false_negative": false_negative,
    }


def describe(row: dict, verdicts: list, found) -> str:
    said = "; ".join(v.explain() for v in verdicts) or "no verdict"
    codes = ", ".join(f"{k}={v}" for k, v in found.found.items()) if found else ""
    arrow = f" -> {row['final_path']}" if row["final_path"] else ""
    return (
        f"  {row['file']} [{row['status']} {row['path']}{arrow}] label={row['label']}\n"
        f"      said: {said}\n      signals: {codes}\n      note: {row['note'][:140]}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="tests/fixtures/corpus", type=Path)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--generated",
        type=int,
        metavar="PAGES",
        help="judge the demo generator's site of PAGES pages instead of the corpus",
    )
    arguments = parser.parse_args()
    corpus = arguments.corpus
    if arguments.generated:
        judge_generated(arguments.generated, seed=7)  # warm up
        results, timings = judge_generated(arguments.generated, seed=7)
        rows, sites = [r[0] for r in results], {"generated": {}}
    else:
        with (corpus / "sites.csv").open(newline="", encoding="utf-8") as handle:
            sites = {row["site"]: row for row in csv.DictReader(handle)}
        with (corpus / "labels.csv").open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        judge(corpus, rows, sites)  # warm up: word-hash and URL caches fill as in a long crawl
        results, timings = judge(corpus, rows, sites)
    halves = {"all": results, "even rows": results[0::2], "odd rows": results[1::2]}
    figures = {name: {kind: scores(part, kind) for kind in KINDS} for name, part in halves.items()}
    cost = {name: summary(times) for name, times in zip(("detect", "parse"), timings, strict=True)}
    if arguments.json:
        print(json.dumps({"figures": figures, "cost": cost}, indent=2))
        return 0
    print(f"{len(rows)} labelled responses from {len(sites)} sites\n")
    for name, by_kind in figures.items():
        for kind, figure in by_kind.items():
            print(
                f"{name:>10}  {kind:<10}  precision {figure['precision']:.3f}  "
                f"recall {figure['recall']:.3f}  (tp {figure['true_positive']}, "
                f"fp {figure['false_positive']}, fn {figure['false_negative']})"
            )
    detect, parse = cost["detect"], cost["parse"]
    print(
        f"\nsignals + conclude per page: mean {detect['mean_us']} us, median "
        f"{detect['median_us']} us, p95 {detect['p95_us']} us\n"
        f"parse_html per page (for scale; its detector fields are a part of it): mean "
        f"{parse['mean_us']} us, median {parse['median_us']} us"
    )
    for kind in KINDS:
        misses = [r for r in results if r[0]["label"] == kind and kind not in r[1]]
        wrong = [r for r in results if r[0]["label"] != kind and kind in r[1]]
        print(f"\n{kind}: {len(misses)} missed")
        for row, _, verdicts, found in misses:
            print(describe(row, verdicts, found))
        print(f"{kind}: {len(wrong)} false positives")
        for row, _, verdicts, found in wrong:
            print(describe(row, verdicts, found))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
