"""The crawler's per-shape probes, sent to the real software of some tune groups: what they add.

    python bench/probe_answers.py --fetch trac,hgweb,fossil,wiki   # bring the software up, probe
    python bench/probe_answers.py [--json]                         # judge with the saved answers

FIGURES (2026-12-07; 418 tune pages of trac, hgweb, fossil, wiki; 153 labelled soft_404, of
which 39 were served with 200 by the software, the rest with a real 404; 144 healthy):

    way                         soft_404 P  R      tp/fp/fn   healthy flagged  served-200 caught
    A today (neutral URL)       0.985   0.843   129/2/24      0/144            18/39
    B real URL, rules only      0.985   0.843   129/2/24      0/144            18/39
    C real URL, rules + probes  0.978   0.856   131/3/22      1/144            18/39
    D C, typo compared too      0.978   0.856   131/3/22      1/144            18/39
    B- B, soft 404 wording off  -       0.000     0/0/153     0/144             0/39
    C- C, soft 404 wording off  0.967   0.190    29/1/124     1/144             1/39

  per group, soft_404 R rules only -> rules + probes (wording off: B- -> C-), false alarms:
    trac   (153 pages, 72 soft 404, 100 shapes / 200 probe requests in 18 languages):
           0.986 -> 0.986 (0 -> 1/72), 0 false alarms; 95 of 100 random probes an honest 404
    hgweb  (53, 14, 9 shapes / 18 requests): 1.000 -> 1.000 (0 -> 5/14), 0 false alarms
    fossil (61, 21, 9 shapes / 18 requests): 0.762 -> 0.762 (0 -> 1/21), 1 false alarm
    wiki   (151, 46, 174 shapes / 348 requests in 24 languages x 2 sessions):
           0.609 -> 0.652 (0 -> 22/46), 0 false alarms

What the probes catch, beside the rules: 2 pages (wiki missing-article .ko-kr/.zh-tw, thin,
0 bits from the probe). With the wording off (a stand-in for software whose not-found wording
the rules lack), 29 of 153 (19%), at 1 false alarm in 144 healthy pages; but 28 of those 29
are pages the software served with a real 404 (the probe of their shape is the same 404
template), which a real crawl sees as 404s, not soft 404s. Of the 39 soft 404s served with
200 (the ones a crawl must find), the probes catch 1 with the wording off, 0 beside the rules:
  - fossil's missing wiki page (200, "?name=NoSuchPage&skin=..."): the page names the page
    asked for, and on a thin page that shifts the simhash 7-22 bits from the probe (limit 3);
    varying `name` instead of `skin` (the last parameter, which probe_urls varies) gives 7-16
    bits: no better.
  - django-wiki's deleted article (200): every URL under it (the random probe too) redirects
    to it; probe_match skips a probe redirected to an ordinary-looking page, by design.
False alarm (fossil branches.default, thin, healthy): the shape /brlist?skin= is probed by
varying the skin; fossil answers an unknown skin with the default one, so the probe answer is
the default-skin page. echoes_source only recognises the answer as "the page itself" when it
is within 3 bits of the shape's first page (here the ardoise skin): a sibling variant of the
page (the default value of an ignored or defaulted parameter: ?skin=, ?lang=, ?theme=) is
taken for the error template.
The typo probe changes nothing (D = C): conclude() never compares it (only "random" probes
are read by probe_match and redirect_verdicts); it is fetched on every shape for the run's
record only.
B differs from A only for soft_401 (0.98 -> 0.07 recall): at their real URLs the sign-in
pages carry `login_page` (a sign-in page at its own URL is no wall; the redirect to it is);
nothing to do with probes.

bench/real_accuracy.py judges the corpus one page at a time with one generic probe, a real
404: the probes say nothing there. A real crawl probes each URL shape of each host
(crawler.detectors.probe: ProbePlanner, a random last segment and a one-letter typo) and a
page within a few simhash bits of its shape's probe answer is a soft 404 (soft404.probe_match).
Here the software of a few TUNE groups is brought up again as its harvest module does (its
own functions, fixed ports 18400-18499), and for each corpus row of the group the probes the
crawler would send are fetched, with the row's Accept-Language and session: one ProbePlanner
per (language, session), as one crawl of the site in that language would keep, rows met in
labels.csv order. The answers (first status, final URL after redirects, final status, body)
are saved under tests/fixtures/real_probes/<group>/ (index.json: row file -> its context and
shape; each shape -> its probe answers; bodies named by their sha1, capped at
MAX_PAGE_BYTES like the corpus). The corpus itself is not touched.

Each row is then judged four ways, always served with 200 as in the issue's setting:
  A  today's judge_offline: neutral URL /p/<hash>, the generic 404 probe (content rules only);
  B  at its real URL, its shape honest (the generic 404): what the URL alone changes;
  C  at its real URL with its shape's real probe answers, built as crawler.detection does
     (probe_result, echoes_source against the shape's first row): content rules + probes;
  D  as C, the typo probe compared too (conclude() only compares the "random" probe).
"Probe-only catches" are soft 404s C flags and B does not; "probe false alarms" are pages not
labelled soft_404 that C flags soft_404 and B does not.

These are TUNE groups: the content rules were tuned on their wording, so A and B are
optimistic for software nobody tuned on. The probes are content-free (a simhash of the
site's own answer to a URL that cannot exist), so C - B is what they would add on any
software with the same behaviour: that is the point of the measurement. No holdout or fresh
page is read.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harvest.core import MAX_PAGE_BYTES, running, split_of  # noqa: E402
from bench.real_accuracy import (  # noqa: E402
    CORPUS,
    NOT_FOUND,
    PROBE_PATH,
    Result,
    index_page,
    judge_offline,
    load_rows,
)
from gatewatch.crawler.detectors import (  # noqa: E402
    ProbePlanner,
    conclude,
    probe_result,
    signals,
)
from gatewatch.crawler.detectors.probe import echoes_source  # noqa: E402
from gatewatch.crawler.detectors.settings import DEFAULT_SETTINGS  # noqa: E402
from gatewatch.crawler.detectors.soft404 import SOFT_404_SIGNALS, probe_match  # noqa: E402
from gatewatch.crawler.fingerprint import distance  # noqa: E402
from gatewatch.crawler.parse import parse_html  # noqa: E402
from gatewatch.reports.classify import FLAG_KINDS  # noqa: E402

PROBES = ROOT / "tests" / "fixtures" / "real_probes"
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) gatewatch-harvest"
MAX_REDIRECTS = 10  # crawler.options: max_redirects
FINDINGS = frozenset(FLAG_KINDS) - {"missing_challenge"}
WAYS = ("A", "B", "C", "D", "B-", "C-")
# the soft 404 signals that read the page's wording: dropped in B- and C-, to stand for
# software whose not-found wording the rules do not know
WORDING = frozenset(code for code, signal in SOFT_404_SIGNALS.items() if signal.family == "wording")


def virtual_base(group: str) -> str:
    """Rows and probes are planned and judged at one fixed host, whatever port served them."""
    return f"http://{group}.test"


def request_of(row: dict) -> tuple[str, str | None, bool]:
    """(path of the page the visitor landed on, Accept-Language, signed in?) from `obtained`."""
    obtained = row["obtained"]
    path = re.findall(r"GET (\S+)", obtained)[-1]  # after redirects: the page judged
    language = re.search(r"Accept-Language: (\S+)", obtained)
    return path, language.group(1) if language else None, "signed in" in obtained


# -- fetching ------------------------------------------------------------------------------


class _Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *arguments, **keywords):
        return None  # every hop is seen, as the crawler sees it


OPENER = urllib.request.build_opener(_Stay)


def get(url: str, headers: dict[str, str]) -> tuple[int | None, dict, bytes]:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **headers})
    try:
        with OPENER.open(request, timeout=30) as response:
            return response.status, dict(response.headers.items()), response.read(2 << 20)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items()), error.read(2 << 20)
    except (urllib.error.URLError, OSError):
        return None, {}, b""


def follow(url: str, headers: dict[str, str]) -> dict:
    """A probe as crawler.probe_pages fetches it: internal redirects followed."""
    first = None
    for _ in range(MAX_REDIRECTS + 1):
        status, answer, body = get(url, headers)
        first = status if first is None else first
        location = {k.lower(): v for k, v in answer.items()}.get("location")
        if status is not None and 300 <= status < 400 and location:
            target = urllib.parse.urljoin(url, location)
            if urllib.parse.urlsplit(target).netloc == urllib.parse.urlsplit(url).netloc:
                url = target
                continue
        content_type = {k.lower(): v for k, v in answer.items()}.get("content-type", "")
        return {"status": first, "final_url": url, "final_status": status,
                "content_type": content_type, "body": body}  # fmt: skip
    return {"status": first, "final_url": url, "final_status": status, "content_type": "",
            "body": b""}  # fmt: skip


def probe_group(group: str, base: str, headers_for: Callable[[dict], dict], out: Path) -> dict:
    """Fetch every probe a crawl would plan for the group's rows; save the answers."""
    vbase = virtual_base(group)
    rows = [row for row in load_rows() if row["source_group"] == group]
    planners: dict[str, ProbePlanner] = {}
    index: dict = {"group": group, "contexts": {}, "rows": {}}
    out.mkdir(parents=True, exist_ok=True)
    for row in rows:
        path, language, signed_in = request_of(row)
        context = f"{language or '-'}|{'signed-in' if signed_in else 'anonymous'}"
        planner = planners.setdefault(
            context, ProbePlanner(chooser=random.Random(f"{group}|{context}"))
        )
        shapes = index["contexts"].setdefault(context, {"shapes": {}, "sources": {}})
        url = vbase + path
        headers = headers_for(row)
        for shape, kind, probe_url in planner.plan(url):
            shapes["sources"].setdefault(shape, url)
            answer = follow(base + probe_url.removeprefix(vbase), headers)
            body = answer.pop("body")
            name = hashlib.sha1(body).hexdigest()[:16] + ".html"
            if len(body) <= MAX_PAGE_BYTES:
                (out / name).write_bytes(body)
            else:
                name = ""  # too large to keep (none was, see the docstring)
            answer["final_url"] = vbase + answer["final_url"].removeprefix(base)
            shapes["shapes"].setdefault(shape, []).append(
                {"kind": kind, "url": probe_url, **answer, "file": name, "bytes": len(body)}
            )
        index["rows"][row["file"]] = {"context": context, "url": url}
    (out / "index.json").write_text(json.dumps(index, indent=1, ensure_ascii=False) + "\n")
    return index


# -- the software, brought up as its harvest module does ------------------------------------


@contextlib.contextmanager
def trac_server(work: Path, port: int) -> Iterator[tuple[str, Callable[[dict], dict]]]:
    from bench.harvest import pyenv

    python = pyenv.python("trac", "babel")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    environment = work / "projects"
    subprocess.run(
        [str(python.parent / "trac-admin"), str(environment), "initenv", "Projects",
         "sqlite:db/trac.db"],
        check=True, capture_output=True,
    )  # fmt: skip
    command = [str(python.parent / "tracd"), "-s", "-b", "127.0.0.1", "-p", str(port)]
    with running([*command, str(environment)], port, work / "server.log"):
        yield f"http://127.0.0.1:{port}", _language_only


@contextlib.contextmanager
def hgweb_server(work: Path, port: int) -> Iterator[tuple[str, Callable[[dict], dict]]]:
    from bench.harvest import hgweb

    shutil.rmtree(work, ignore_errors=True)
    for name in ("licences", "private"):
        hgweb._repository(work / "repositories" / name)
    (work / "repositories" / "private" / ".hg" / "hgrc").write_text("[web]\nallow_read = alice\n")
    (work / "hgweb.conf").write_text(f"[paths]\n/ = {work / 'repositories'}/*\n")
    command = ["hg", "serve", "--web-conf", str(work / "hgweb.conf"), "-a", "127.0.0.1"]
    environment = dict(os.environ, HGRCPATH="", HGPLAIN="1")
    with running([*command, "-p", str(port)], port, work / "server.log", env=environment):
        yield f"http://127.0.0.1:{port}", _language_only


@contextlib.contextmanager
def fossil_server(work: Path, port: int) -> Iterator[tuple[str, Callable[[dict], dict]]]:
    from bench.harvest import fossil

    shutil.rmtree(work, ignore_errors=True)
    repository = fossil._repository(work)
    command = ["fossil", "server", "--localhost", "--port", str(port), str(repository)]
    with running(command, port, work / "server.log", env=fossil._environment(work)):
        yield f"http://127.0.0.1:{port}", _language_only


@contextlib.contextmanager
def wiki_server(work: Path, port: int) -> Iterator[tuple[str, Callable[[dict], dict]]]:
    from bench.harvest import djangowiki_site as wiki
    from bench.harvest import pyenv

    python = pyenv.python("wiki", home=wiki.HOME)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / "harvest_settings.py").write_text(wiki.SETTINGS % {"languages": wiki.LANGUAGES})
    (work / "harvest_urls.py").write_text(wiki.URLS)
    environment = dict(os.environ, DJANGO_SETTINGS_MODULE="harvest_settings", PYTHONPATH=str(work))
    admin = [str(python), "-m", "django"]
    run = {"env": environment, "cwd": work, "check": True, "capture_output": True, "text": True}
    subprocess.run([*admin, "migrate", "--noinput"], **run)
    made = subprocess.run([*admin, "shell", "-c", wiki.CONTENT], **run).stdout
    session = re.search(r"SESSION (\w+)", made).group(1)

    def headers_for(row: dict) -> dict:
        headers = _language_only(row)
        if request_of(row)[2]:
            headers["Cookie"] = f"sessionid={session}"
        return headers

    command = [*admin, "runserver", "--noreload", "--nothreading", f"127.0.0.1:{port}"]
    with running(command, port, work / "server.log", env=environment, cwd=work):
        yield f"http://127.0.0.1:{port}", headers_for


def _language_only(row: dict) -> dict:
    language = request_of(row)[1]
    return {"Accept-Language": language} if language else {}


SERVERS = {"trac": trac_server, "hgweb": hgweb_server, "fossil": fossil_server, "wiki": wiki_server}
PORTS = {"trac": 18401, "hgweb": 18402, "fossil": 18403, "wiki": 18404}


# -- judging -------------------------------------------------------------------------------


def _signals_of(url: str, status, content_type: str, body: bytes, start: str):
    if status is not None and 300 <= status < 400:
        return None
    if "html" not in content_type.lower() and body.lstrip()[:1] != b"<":
        return None
    return signals(url, status, {"content-type": content_type}, parse_html(body), start)


def judge_group(
    group: str, rows: list[dict], folder: Path
) -> tuple[dict[str, list[Result]], dict[str, str]]:
    """Each row of the group judged the four ways (see the docstring)."""
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
                final = _signals_of(answer["final_url"], answer["final_status"],
                                    answer["content_type"], body, start)  # fmt: skip
                result = probe_result(
                    answer["url"], answer["kind"], answer["status"],
                    answer["final_url"], answer["final_status"], final,
                )  # fmt: skip
                if source:
                    result = echoes_source(
                        result,
                        source,
                        by_url.get((context, source)),
                        DEFAULT_SETTINGS.probe_max_distance,
                    )
                results.append(result)
            probes[(context, shape)] = results
    # which shape's probes judge a row: as ProbePlanner.shape_for at the end of the crawl
    planned = {context: set(known["shapes"]) for context, known in index["contexts"].items()}
    ways: dict[str, list[Result]] = {way: [] for way in WAYS}
    nearest: dict[str, str] = {}
    ways["A"] = judge_offline(rows)
    for row in rows:
        entry = index["rows"][row["file"]]
        shape = _shape_for(entry["url"], planned[entry["context"]])
        real = probes.get((entry["context"], shape), [])
        typo_too = [dataclasses.replace(p, kind="random") for p in real]
        found = page_signals[row["file"]]
        blind = dataclasses.replace(
            found, found={k: v for k, v in found.found.items() if k not in WORDING}
        )
        for way, page, given in (
            ("B", found, generic), ("C", found, real), ("D", found, typo_too),
            ("B-", blind, generic), ("C-", blind, real),
        ):  # fmt: skip
            verdicts = conclude(page, given, home=home)
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


def figures(results: list[Result]) -> dict:
    out = {}
    for flag in ("soft_404", "soft_401", "soft_403"):
        tp = sum(1 for r in results if flag in r.flags and r.row["label"] == flag)
        fp = sum(1 for r in results if flag in r.flags and r.row["label"] != flag)
        fn = sum(1 for r in results if flag not in r.flags and r.row["label"] == flag)
        out[flag] = {
            "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None,
            "tp": tp, "fp": fp, "fn": fn,
        }  # fmt: skip
    healthy = [r for r in results if r.row["label"] == "ok"]
    out["healthy"] = {
        "pages": len(healthy),
        "flagged": sum(1 for r in healthy if r.flags & FINDINGS),
    }
    real = [r for r in results if r.row["label"] == "soft_404" and r.row["served_status"] == "200"]
    out["served_200_soft_404"] = {
        "pages": len(real),
        "caught": sum(1 for r in real if "soft_404" in r.flags),
    }
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
    index = json.loads((folder / "index.json").read_text())
    answers = [a for known in index["contexts"].values() for s in known["shapes"].values()
               for a in s]  # fmt: skip
    return {
        "contexts": len(index["contexts"]),
        "shapes": sum(len(known["shapes"]) for known in index["contexts"].values()),
        "requests": len(answers),
        "random_status": dict(Counter(str(a["status"]) for a in answers if a["kind"] == "random")),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fetch", default="", help="groups to bring up and probe again")
    parser.add_argument("--groups", default="trac,hgweb,fossil,wiki")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--work", default="/tmp/gatewatch-probe-answers")
    arguments = parser.parse_args()
    for group in filter(None, arguments.fetch.split(",")):
        if split_of(group) != "tune":
            raise SystemExit(f"{group} is not a tune group")
        with SERVERS[group](Path(arguments.work) / group, PORTS[group]) as (base, headers_for):
            shutil.rmtree(PROBES / group, ignore_errors=True)
            probe_group(group, base, headers_for, PROBES / group)
    report, everything = {}, {way: [] for way in WAYS}
    for group in arguments.groups.split(","):
        if split_of(group) != "tune":
            raise SystemExit(f"{group} is not a tune group")
        rows = [r for r in load_rows() if r["source_group"] == group and r["split"] == "tune"]
        ways, nearest = judge_group(group, rows, PROBES / group)
        for way in WAYS:
            everything[way] += ways[way]
        report[group] = {
            "pages": len(rows),
            "probes": probe_requests(PROBES / group),
            **{way: figures(ways[way]) for way in WAYS},
            "B_to_C": differences(ways, "B", "C"),
            "C_to_D": differences(ways, "C", "D"),
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
            )
        if group != "total":
            print(
                "   probes:",
                part["probes"],
                "probe-matched soft_404",
                part["probe_matched_soft_404"],
                "others",
                part["probe_matched_other"],
            )
            for file, why in part["missed_soft_404"].items():
                print(f"      missed {file}: {why}")
            for key in ("B_to_C", "C_to_D", "blind_B_to_C"):
                diff = part[key]
                counts = (len(diff[k]) for k in ("probe_only_catches", "false_alarms", "lost"))
                print("   {}: caught {}, false alarms {}, lost {}".format(key, *counts))
                for alarm in diff["false_alarms"]:
                    print(f"      alarm {alarm['file']} ({alarm['label']}): {alarm['verdicts']}")


if __name__ == "__main__":
    main()
