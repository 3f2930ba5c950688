"""The crawler's per-shape probes, sent to the real software of corpus groups: what they add.

    python bench/probe_answers.py --fetch trac,hgweb,fossil,wiki,phpldapadmin,ejabberd
    python bench/probe_answers.py [--json]    # judge the six groups with the saved answers
    python bench/probe_answers.py --groups backuppc,cacti,... # any tune group fetched
    python bench/probe_answers.py --fetch zoph --fetch-only   # a held-out group: fetch only
    python bench/probe_answers.py --groups zoph,drf --holdout # figures and counts, no page

FIGURES (2026-12-08; the probe answers of 15 tune groups, 3,460 pages: the six below and
backuppc, ocsinventory, changedetection-io, cacti, zoneminder, zabbix, allauth,
flask-security, sympa (bench/probe_servers_tune*.py); of 11 held-out groups, 5,098 pages:
zoph, sql-ledger, ledgersmb, ganglia (bench/probe_servers_blank.py), drf, kiwitcms, modoboa,
django-cas-server, searx, fava, kiwix (bench/probe_servers_seventh.py), fetched by helpers
who judged nothing; the held-out groups judged once, figures only). C is the real-crawl way:

    C (rules + real probes, real URLs)   soft_404 P / R   healthy   served-200 soft 404s caught
    tune, before this day's fixes        0.929 / 0.692    34/1698   365/592
    tune, after                          0.974 / 0.915    13/1698   529/592
    held out, before = after but one     0.971 / 0.440     6/3537    86/449
    held out, after                      0.974 / 0.440     5/3537    86/449
    held out, B (no probe)               0.966 / 0.343     5/3537    38/449

  The fixes, found on the tune groups: a page of an index script with a query string of its
  own (OCS Inventory's, ZoneMinder's, phpLDAPadmin's index.php?...) was taken for the home
  page and never judged; two pages without text matched as one template (ZoneMinder's
  empty views); a program's file name (Cacti's host.php) read as a wiki page's name and as
  a slug. On the held-out groups they moved one page (a LedgerSMB healthy page no longer
  flagged). The 13 tune healthy pages left: Sympa's /wws/<unknown action> answers
  /wws/home, the page the shape was met on; not comparing such an echo (as a query
  value's is not) removed them, but cost a shape first met on an unread removed page its
  probe (tests/test_detection_probe_shapes.py), so it was taken back.
  On the held-out software the probes catch 48 served-200 soft 404s no rule reads (Zoph 34,
  where the rules read 36 worded not-found pages of 106, and Fava 14), with no false alarm
  (on Kiwi TCMS, Modoboa and searx they catch pages the software serves with 404 anyway).
  They miss SQL-Ledger's 210 and LedgerSMB's 108: the
  planner varies a URL's last query value, and there it is a fixed parameter (SQL-Ledger's
  path=bin/mozilla: the random and bare probes answer alike, "default") or an action whose
  random value answers 500; and Ganglia's 8. A real crawl reports (its own error status, or
  flagged) 473 of the held-out groups' 836 not-found pages (387 by status), 309 of 579
  sign-in pages (at their own URL a sign-in page is the sign-in page, not a wall), 231 of
  246 refusals.

EARLIER FIGURES (2026-12-07, second measurement; 938 tune pages of trac, hgweb, fossil, wiki
(django-wiki), phpldapadmin, ejabberd; 322 labelled soft_404, of which 178 the software served
with 200 (the rest with a real 404: a crawl sees those as 404s); 403 healthy). Before: the
former probes (a random and a one-letter "typo" probe per shape, the query string dropped on
deeper paths), judged as the crawler did; after: the probes the crawler sends now (one random
probe, plus the URL without the parameter for a query value), judged with defaulted_parameter;
fossil, hgweb, trac, wiki and phpldapadmin fetched again, ejabberd's saved answers kept (no
query shapes there: its random probes are the same URLs):

    way                            soft_404 P  R      tp/fp/fn  healthy  served-200  404|home
    A today (neutral URL)          0.994  0.966  311/2/11     0/403    167/178    311/322
    B real URL, rules only         0.990  0.640  206/2/116    0/403     62/178    316/322
    C before: rules + probes       0.986  0.643  207/3/115    1/403     63/178    317/322
    C after                        0.990  0.643  207/2/115    0/403     63/178    317/322
    C before, typo probe compared  = C before (0 catches, 0 false alarms)
    B- B, soft 404 wording off     1.000  0.003    1/0/321    0/403      0/178    111/322
    C- before: C, wording off      0.989  0.273   88/1/234    1/403     30/178    198/322
    C- after                       1.000  0.270   87/0/235    0/403     29/178    197/322
  (served-200: soft 404s served with 200 flagged soft_404; 404|home: flagged soft_404 or
  redirect_home, the report's not-found bucket: a crawl flags a not-found URL that redirects
  to the start page redirect_home; +23 phpldapadmin soft_403 pages get redirect_home too)

  probe requests (as ProbePlanner plans them, one planner per language and session, rows in
  labels.csv order, redirect sources included), before -> after: trac 200 -> 105 (100
  shapes), hgweb 18 -> 13 (9), fossil 18 -> 15 (9), wiki 354 -> 187 (177), phpldapadmin
  464 -> 388 (232), ejabberd 398 saved (199 shapes: 199 with today's probes); 1,452 -> 907.

The false alarm (fossil branches.default, thin, healthy) is gone: the shape /brlist?skin= is
probed by varying `skin`, and Fossil answers an unknown skin with its default skin, the same
page as /brlist without `skin` (the "bare" probe): the random probe is marked "default" and not
compared. The two answers differ only by Fossil's "generated in about 0.003s" (0.004s), 7
bits apart on a thin page: they are compared by the simhash of their text with numbers
masked (ProbeResult.template). The same new answers judged without defaulted_parameter keep
the false alarm (C 207/3/115, 0 bits from the probe): the fix, not the re-fetch, removes it.
The one catch C- lost (fossil missing-file.default) is the re-fetch: the new probe answer is
7 bits from the page where the saved one was 0 (masking numbers in every simhash does not
bring it back: measured, not kept).
The typo probe was never compared (probe_match and redirect_verdicts read "random" probes
only); compared too it added nothing on the saved answers, and on a site that ignores the
slug (/posts/123-any-words) it answers the real page: it is no longer fetched.
What the probes catch beside the rules: 1 page (ejabberd no-such-user .wa). With the wording
off (a stand-in for software whose not-found wording the rules lack) 86 more than the rules
(1 -> 87 of 322); of the 178 served with 200, 29: ejabberd's unknown user (the same "Not
Found" template for any name, within 0-3 bits). They miss:
  - phpldapadmin (110): the error is a message on the start page after a redirect; a
    page at the start URL is never judged soft 404, the redirect is flagged redirect_home.
  - fossil's missing wiki page (200): the page names the page asked for, which on a thin page
    moves the simhash 10-25 bits from the probe (limit 3). The same drift keeps
    phpldapadmin's pages 6-16 bits from theirs.
  - django-wiki's deleted article (200): every URL under it, the random probe too, redirects
    to it; probe_match skips a probe redirected to an ordinary-looking page, by design.
  - the rest of wiki/trac/hgweb: honest 404 probes whose template is near but > 3 bits.
Trac's /wiki/<page>?action=edit is now probed as /wiki/<random>?action=edit (403 for a
visitor, as the edit view answers) instead of /wiki/<random> (the view's 404).
B differs from A for soft_401 (sign-in pages at their own URL carry `login_page`: no wall;
the redirect to them is redirect_login) and for phpldapadmin (start page): not probes.

bench/real_accuracy.py judges the corpus one page at a time with one generic probe, a real 404:
the probes say nothing there. A real crawl probes each URL shape of each host
(crawler.detectors.probe: ProbePlanner, a random last segment, or a random query value and the
URL without that parameter) and a page within a few simhash bits of its shape's probe answer is
a soft 404 (soft404.probe_match). Here the software of a few TUNE groups is brought up again as
its harvest module does (its own functions, fixed ports 18400-18499, moved by --port-offset),
and for each corpus row of the group the probes the crawler would send are fetched, with the
row's Accept-Language and session: one ProbePlanner per (language, session), as one crawl of
the site in that language would keep, rows met in labels.csv order. The answers (first status,
final URL after redirects, final status, body) are saved under
tests/fixtures/real_probes/<group>/ (index.json: row file -> its context and shape; each shape
-> its probe answers; bodies named by their sha1, capped at MAX_PAGE_BYTES like the corpus).
The corpus itself is not touched.

Each row is then judged five ways, always served with 200 as in the issue's setting:
  A  today's judge_offline: neutral URL /p/<hash>, the generic 404 probe (content rules only);
  B  at its real URL, its shape honest (the generic 404): what the URL alone changes;
  C  at its real URL with its shape's real probe answers, built as crawler.detection does
     (probe_result, echoes_source against the shape's first row, defaulted_parameter):
     content rules + probes;
  B- and C-: B and C with the page's soft 404 wording signals dropped.
"Probe-only catches" are soft 404s C flags and B does not; "probe false alarms" are pages not
labelled soft_404 that C flags soft_404 and B does not. A row the software reached through a
redirect (wiki, phpldapadmin) is judged at the page it landed on, and its first URL's
redirect is judged too (redirect_verdicts with that URL's shape's probes): the row counts as
flagged if either is. Every row's shape is probed here, and its first URL's when it was
redirected, as the crawler plans them (crawler/page_responses.py: 2xx HTML pages and
redirects).

These are TUNE groups: the content rules were tuned on their wording, so A and B are
optimistic for software nobody tuned on. The probes are content-free (a simhash of the
site's own answer to a URL that cannot exist), so C - B is what they would add on any
software with the same behaviour: that is the point of the measurement. No holdout or fresh
page is read.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import probe_servers_blank, probe_servers_seventh, probe_servers_tune  # noqa: E402
from bench.harvest.core import split_of  # noqa: E402
from bench.probe_fetch import (  # noqa: E402
    PORTS,
    SERVERS,
    probe_group,
    summary,
    virtual_base,
)
from bench.real_accuracy import (  # noqa: E402
    CORPUS,
    NOT_FOUND,
    PROBE_PATH,
    Result,
    index_page,
    judge_offline,
    load_rows,
    real_crawl,
    scores,
)
from gatewatch.crawler.detectors import (  # noqa: E402
    conclude,
    probe_result,
    redirect_verdicts,
    signals,
)
from gatewatch.crawler.detectors.probe import defaulted_parameter, echoes_source  # noqa: E402
from gatewatch.crawler.detectors.settings import DEFAULT_SETTINGS  # noqa: E402
from gatewatch.crawler.detectors.soft404 import SOFT_404_SIGNALS, probe_match  # noqa: E402
from gatewatch.crawler.fingerprint import distance  # noqa: E402
from gatewatch.crawler.parse import parse_html  # noqa: E402
from gatewatch.reports.classify import FLAG_KINDS  # noqa: E402

PROBES = ROOT / "tests" / "fixtures" / "real_probes"
FINDINGS = frozenset(FLAG_KINDS) - {"missing_challenge"}
WAYS = ("A", "B", "C", "B-", "C-")
# the soft 404 signals that read the page's wording: dropped in B- and C-, to stand for
# software whose not-found wording the rules do not know
WORDING = frozenset(code for code, signal in SOFT_404_SIGNALS.items() if signal.family == "wording")


# -- judging -------------------------------------------------------------------------------


def _signals_of(url: str, status, content_type: str, body: bytes, start: str):
    """The signals of a probe's final page and its main text (None, "" when not HTML)."""
    if status is not None and 300 <= status < 400:
        return None, ""
    if "html" not in content_type.lower() and body.lstrip()[:1] != b"<":
        return None, ""
    page = parse_html(body)
    return signals(url, status, {"content-type": content_type}, page, start), page.main_text


def judge_group(
    group: str, rows: list[dict], folder: Path
) -> tuple[dict[str, list[Result]], dict[str, str]]:
    """Each row of the group judged the five ways (see the docstring)."""
    index = json.loads((folder / "index.json").read_text())
    vbase = virtual_base(group)
    start = vbase + "/"
    home = signals(start, 200, {}, parse_html(index_page(rows)), start)
    generic_url = vbase + PROBE_PATH
    generic = [
        probe_result(
            generic_url, "random", 404, generic_url, 404,
            signals(generic_url, 404, {}, parse_html(NOT_FOUND), start),
        )
    ]  # fmt: skip
    page_signals = {}
    for row in rows:
        url = index["rows"][row["file"]]["url"]
        body = (CORPUS / row["file"]).read_bytes()
        page_signals[row["file"]] = signals(url, 200, {}, parse_html(body), start)
    by_url = {  # one crawl per context: the same URL in another language is another page
        (index["rows"][f]["context"], index["rows"][f]["url"]): s for f, s in page_signals.items()
    }
    probes: dict[tuple[str, str], list] = {}
    for context, known in index["contexts"].items():
        for shape, answers in known["shapes"].items():
            source = known["sources"].get(shape)
            results = []
            for answer in answers:
                body = (folder / answer["file"]).read_bytes() if answer["file"] else b""
                final, text = _signals_of(answer["final_url"], answer["final_status"],
                                          answer["content_type"], body, start)  # fmt: skip
                result = probe_result(
                    answer["url"], answer["kind"], answer["status"],
                    answer["final_url"], answer["final_status"], final, text,
                )  # fmt: skip
                if source:
                    result = echoes_source(
                        result,
                        source,
                        by_url.get((context, source)),
                        DEFAULT_SETTINGS.probe_max_distance,
                    )
                results.append(result)
            probes[(context, shape)] = defaulted_parameter(
                results, DEFAULT_SETTINGS.probe_max_distance
            )
    # which shape's probes judge a row: as ProbePlanner.shape_for at the end of the crawl
    planned = {context: set(known["shapes"]) for context, known in index["contexts"].items()}
    ways: dict[str, list[Result]] = {way: [] for way in WAYS}
    nearest: dict[str, str] = {}
    ways["A"] = judge_offline(rows)
    for row in rows:
        entry = index["rows"][row["file"]]
        shape = _shape_for(entry["url"], planned[entry["context"]])
        real = probes.get((entry["context"], shape), [])
        found = page_signals[row["file"]]
        blind = dataclasses.replace(
            found, found={k: v for k, v in found.found.items() if k not in WORDING}
        )
        for way, page, given in (
            ("B", found, generic), ("C", found, real),
            ("B-", blind, generic), ("C-", blind, real),
        ):  # fmt: skip
            verdicts = conclude(page, given, home=home)
            if "first" in entry:  # reached through a redirect: the redirect is judged too
                first_shape = _shape_for(entry["first"], planned[entry["context"]])
                given = probes.get((entry["context"], first_shape), [])
                if way in ("B", "B-"):
                    given = generic
                verdicts += redirect_verdicts(
                    entry["first"], 302, entry["url"], start, target=page, probes=given
                )
            ways[way].append(
                Result(row, {v.flag for v in verdicts}, " | ".join(v.explain() for v in verdicts))
            )
        nearest[row["file"]] = _nearest(found, real)
    return ways, nearest


def _nearest(found, probes) -> str:
    """The random probe nearest the page: why a probe did or did not match it."""
    randoms = [p for p in probes if p.kind == "random"]
    if not randoms:
        return "no probe"
    probe = min(randoms, key=lambda p: distance(found.simhash, p.simhash))
    matched = probe_match(found, probes, DEFAULT_SETTINGS)
    return (
        f"{distance(found.simhash, probe.simhash)} bits from {probe.url}"
        f" ({probe.status} -> {probe.final_status} {probe.looks_like})"
        f"{' matched' if matched else ''}"
    )


def _shape_for(url: str, planned: set[str]) -> str:
    from gatewatch.crawler.detectors.probe import host_key, shape_key

    shape = shape_key(url)
    return shape if shape in planned else host_key(url)


COUNTS = ("true_positive", "false_positive", "false_negative")


def figures(results: list[Result]) -> dict:
    scored = scores(results)
    out = {}
    for flag in ("soft_404", "soft_401", "soft_403"):
        tp, fp, fn = (scored[flag][count] for count in COUNTS)
        out[flag] = {
            "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None,
            "tp": tp, "fp": fp, "fn": fn,
        }  # fmt: skip
    # in a real crawl a not-found URL that redirects to the start page is flagged redirect_home
    # (the report's not-found bucket): counted here beside soft_404
    missing = [r for r in results if r.row["label"] == "soft_404"]
    out["not_found_any"] = {
        "pages": len(missing),
        "caught": sum(1 for r in missing if r.flags & {"soft_404", "redirect_home"}),
        "other_labels_flagged": sum(
            1 for r in results if r.row["label"] != "soft_404"
            and r.flags & {"soft_404", "redirect_home"}
        ),
    }  # fmt: skip
    out["healthy"] = {key: scored["healthy"][key] for key in ("pages", "flagged")}
    real = [r for r in results if r.row["label"] == "soft_404" and r.row["served_status"] == "200"]
    out["served_200_soft_404"] = {
        "pages": len(real),
        "caught": sum(1 for r in real if "soft_404" in r.flags),
    }
    out["real_crawl"] = real_crawl(results)
    return out


def differences(ways: dict[str, list[Result]], before: str, after: str) -> dict:
    """Soft 404s only `after` catches, and pages not so labelled it newly flags (and why)."""
    caught, alarms, lost = [], [], []
    for old, new in zip(ways[before], ways[after], strict=True):
        label = new.row["label"]
        gained = "soft_404" in new.flags and "soft_404" not in old.flags
        if gained and label == "soft_404":
            caught.append(new.row["file"])
        elif gained:
            alarms.append({"file": new.row["file"], "label": label, "verdicts": new.explained})
        if label == "soft_404" and "soft_404" in old.flags and "soft_404" not in new.flags:
            lost.append({"file": new.row["file"], "verdicts": new.explained})
    return {"probe_only_catches": caught, "false_alarms": alarms, "lost": lost}


def probe_requests(folder: Path) -> dict:
    return summary(json.loads((folder / "index.json").read_text()))


def fetch_group(group: str, work: Path, port_offset: int) -> None:
    """Bring the group's software up as its module does, fetch and save its probes."""
    if group in probe_servers_tune.SERVERS:
        probe_servers_tune.fetch_only(group, work, port_offset)
    elif group in probe_servers_seventh.SERVERS:
        port = probe_servers_seventh.PORTS[group] + port_offset
        probe_servers_seventh.fetch(group, work / group, port, PROBES / group)
    elif group in probe_servers_blank.SERVERS:
        port = probe_servers_blank.PORTS[group] + port_offset
        with probe_servers_blank.SERVERS[group](work / group, port) as (base, headers_for):
            shutil.rmtree(PROBES / group, ignore_errors=True)
            probe_servers_blank.probe_group(group, base, headers_for, PROBES / group)
    elif group in SERVERS:
        with SERVERS[group](work / group, PORTS[group] + port_offset) as (base, headers_for):
            shutil.rmtree(PROBES / group, ignore_errors=True)
            probe_group(group, base, headers_for, PROBES / group)
    else:
        raise SystemExit(f"{group}: no server to bring up")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fetch", default="", help="groups to bring up and probe again")
    parser.add_argument("--groups", default=",".join(SERVERS))
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--holdout", action="store_true", help="judge held-out groups too: figures and counts only"
    )
    parser.add_argument("--work", default="/tmp/gatewatch-probe-answers")
    parser.add_argument(
        "--port-offset", type=int, default=0, help="added to each program's fixed port"
    )
    parser.add_argument(
        "--fetch-only",
        action="store_true",
        help="fetch and save (held-out groups too), print what was fetched; judge nothing",
    )
    arguments = parser.parse_args()
    for group in filter(None, arguments.fetch.split(",")):
        if split_of(group) != "tune" and not arguments.fetch_only:
            raise SystemExit(f"{group} is not a tune group (--fetch-only: fetched, not judged)")
        fetch_group(group, Path(arguments.work), arguments.port_offset)
        if arguments.fetch_only:
            print(group, json.dumps(probe_requests(PROBES / group)), flush=True)
    if arguments.fetch_only:
        return
    report, everything = {}, {way: [] for way in WAYS}
    for group in arguments.groups.split(","):
        split = split_of(group)
        if split != "tune" and not arguments.holdout:
            raise SystemExit(f"{group} is not a tune group (--holdout: figures only)")
        rows = [r for r in load_rows() if r["source_group"] == group and r["split"] == split]
        ways, nearest = judge_group(group, rows, PROBES / group)
        for way in WAYS:
            everything[way] += ways[way]
        if split != "tune":  # figures and counts, never which page
            report[group] = {
                "pages": len(rows),
                "probes": probe_requests(PROBES / group),
                **{way: figures(ways[way]) for way in WAYS},
                **{key: {name: len(files) for name, files in diff.items()} for key, diff in (
                    ("B_to_C", differences(ways, "B", "C")),
                    ("blind_B_to_C", differences(ways, "B-", "C-")),
                )},
            }  # fmt: skip
            continue
        report[group] = {
            "pages": len(rows),
            "probes": probe_requests(PROBES / group),
            **{way: figures(ways[way]) for way in WAYS},
            "B_to_C": differences(ways, "B", "C"),
            "blind_B_to_C": differences(ways, "B-", "C-"),
            "missed_soft_404": {
                r.row[
                    "file"
                ]: f"served {r.row['served_status']}; nearest probe {nearest[r.row['file']]}"
                for r in ways["C"]
                if r.row["label"] == "soft_404" and "soft_404" not in r.flags
            },
            "probe_matched_soft_404": sum(
                1
                for r in rows
                if r["label"] == "soft_404" and nearest[r["file"]].endswith("matched")
            ),
            "probe_matched_other": sum(
                1
                for r in rows
                if r["label"] != "soft_404" and nearest[r["file"]].endswith("matched")
            ),
        }
    report["total"] = {
        "pages": len(everything["A"]),
        **{way: figures(everything[way]) for way in WAYS},
    }
    if arguments.json:
        print(json.dumps(report, indent=1, ensure_ascii=False))
        return
    _print(report)


def _print(report: dict) -> None:
    print("group      pages way  s404 P   s404 R   tp/fp/fn   s401 P/R     s403 P/R   healthy")
    for group, part in report.items():
        for way in WAYS:
            f = part[way]
            s, w, d = f["soft_404"], f["soft_401"], f["soft_403"]
            print(
                f"{group:10} {part['pages']:5} {way:3}  {s['precision']!s:8} {s['recall']!s:8}"
                f" {s['tp']}/{s['fp']}/{s['fn']:<6} {w['precision']!s}/{w['recall']!s:8}"
                f" {d['precision']!s}/{d['recall']!s:8}"
                f" {f['healthy']['flagged']}/{f['healthy']['pages']}"
                f"  served-200 soft404 caught {f['served_200_soft_404']['caught']}"
                f"/{f['served_200_soft_404']['pages']}"
                f"  404|redirect_home {f['not_found_any']['caught']}/{f['not_found_any']['pages']}"
                f" (+{f['not_found_any']['other_labels_flagged']} not soft_404)"
            )
        crawl = part["C"]["real_crawl"]
        print("   real crawl (C): " + ", ".join(
            f"{label} {c['by_status']}+{c['flagged']}/{c['pages']} by status+flag"
            for label, c in crawl.items()
        ))  # fmt: skip
        if group != "total":
            _print_group(part)


def _print_group(part: dict) -> None:
    print("   probes:", part["probes"], end="")
    if "probe_matched_soft_404" in part:  # a tune group
        print("  probe-matched soft_404", part["probe_matched_soft_404"], end="")
        print(" others", part["probe_matched_other"], end="")
    print()
    for file, why in part.get("missed_soft_404", {}).items():
        print(f"      missed {file}: {why}")
    for key in ("B_to_C", "blind_B_to_C"):
        diff = part[key]
        counts = (
            diff[k] if isinstance(diff[k], int) else len(diff[k])
            for k in ("probe_only_catches", "false_alarms", "lost")
        )
        print("   {}: caught {}, false alarms {}, lost {}".format(key, *counts))
        for alarm in diff["false_alarms"] if isinstance(diff["false_alarms"], list) else []:
            print(f"      alarm {alarm['file']} ({alarm['label']}): {alarm['verdicts']}")


if __name__ == "__main__":
    main()
