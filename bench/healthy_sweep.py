"""False alarms on real healthy pages: documentation that Debian packages ship, in many languages.

    python bench/healthy_sweep.py                      # the installed sources, 150 pages each
    python bench/healthy_sweep.py --per-package 50 --list
    python bench/healthy_sweep.py --json > sweep.json
    python bench/healthy_sweep.py mydocs/fr=/srv/docs/fr   # any folder: NAME/LANGUAGE=PATH

Issue 15 asks that healthy pages be flagged at most 0.5% of the time, on pages nobody tuned
on. Every page here is healthy (a manual's page), so every finding is a false alarm. Each page
is judged offline exactly as bench/real_accuracy.py judges the corpus (its judge_offline:
served with 200 at a neutral URL, the site's real 404 as the probe, no probe help, the public
detector API signals, probe_result, conclude), and counts as flagged when a verdict is one
the report lists as a finding (real_accuracy.FINDINGS, from reports.classify.FLAG_KINDS).
Pages left unjudged (needs_rendering) are counted apart.

Two samples per package and language: "sample", a fixed random sample (--per-package N,
seeded by --seed and the group's name, so a run is repeatable), and "topical", every page
(in the random sample or not) whose file name or title mentions an error, a 404, a login,
a password, a permission, access or authentication: documentation about the very things
the detectors look for. The overall rate is given for the random sample (an estimate for
documentation at large), for the topical pages and for all pages judged. A package's own
error pages (ERROR_PAGES: LibreOffice's help ships its "Help Page Not Found (404)" page)
are no healthy pages: they are left out of both samples and judged apart, in every language.
Languages are given one code across packages (de-DE and de are "de").

The pages are read where the packages install them; nothing is copied into the repository.
The sources (install them first, through the apt lock):

    flock /tmp/gatewatch-apt.lock apt-get install -y -q --no-install-recommends \\
        debian-handbook git-doc postgresql-doc-15 sqlite3-doc w3m \\
        gimp-help-{de,fr,es,it,ja,ru,pt-br,zh-cn,ko,nl,sv,el,uk,fi} \\
        libreoffice-help-{ca,cs,da,de,dz,el,en-us,es,et,eu,fi,fr,gl,hi,hu,id,it,ja,km} \\
        libreoffice-help-{ko,nl,pl,pt-br,ru,sk,sl,sv,tr,vi,zh-cn,zh-tw}

(w3m: gimp-help asks for a browser, and w3m is the small one.) A source not installed is
skipped.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.real_accuracy import FINDINGS, NOT_JUDGED, Result, judge_offline  # noqa: E402

TOPICAL = re.compile(
    r"error|404|login|log-in|logon|sign-?in|password|passwd|permission|access|auth",
    re.IGNORECASE,
)
TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
# pages that are error pages themselves, by package: the file's path inside the source's folder
ERROR_PAGES = {"libreoffice-help": frozenset({"shared/05/err_html.html"})}
KINDS = ("sample", "extra_topical", "error_page")


@dataclass(frozen=True)
class Source:
    """One package's pages in one language."""

    package: str
    language: str
    folder: Path

    @property
    def name(self) -> str:
        return f"{self.package}/{self.language}"


def installed_sources() -> Iterator[Source]:
    """The Debian documentation packages of the docstring that are installed."""
    handbook = Path("/usr/share/doc/debian-handbook/html")
    if handbook.is_dir():
        for folder in sorted(handbook.iterdir()):
            if folder.is_dir():
                yield Source("debian-handbook", folder.name, folder)
    gimp = Path("/usr/share/gimp/2.0/help")
    if gimp.is_dir():
        for folder in sorted(gimp.iterdir()):
            if folder.is_dir() and folder.name != "images":
                yield Source("gimp-help", folder.name, folder)
    libreoffice = Path("/usr/share/libreoffice/help")
    if libreoffice.is_dir():
        for folder in sorted(libreoffice.iterdir()):
            if (folder / "text").is_dir():
                yield Source("libreoffice-help", folder.name, folder / "text")
    for package, folder in (
        ("git-doc", Path("/usr/share/doc/git-doc")),
        ("postgresql-doc-15", Path("/usr/share/doc/postgresql-doc-15/html")),
        ("sqlite3-doc", Path("/usr/share/doc/sqlite3")),
    ):
        if folder.is_dir():
            yield Source(package, "en", folder)


def parse_source(argument: str) -> Source:
    """NAME/LANGUAGE=PATH, or a bare PATH (named after its folder, language unknown)."""
    name, _, path = argument.rpartition("=")
    package, _, language = (name or Path(path).name).partition("/")
    return Source(package, language or "?", Path(path))


def pages_of(source: Source) -> list[Path]:
    return sorted(
        path
        for path in source.folder.rglob("*")
        if path.suffix.lower() in PAGE_SUFFIXES and path.is_file()
    )


def title_of(path: Path) -> str:
    match = TITLE.search(path.read_bytes()[:8192])
    return match.group(1).decode("utf-8", "replace").strip() if match else ""


def is_topical(path: Path, folder: Path) -> bool:
    return bool(TOPICAL.search(str(path.relative_to(folder)))) or bool(
        TOPICAL.search(title_of(path))
    )


def language_code(name: str) -> str:
    """One code per language across packages: de-DE and de are "de"; pt_BR is "pt-br"."""
    code = name.lower().replace("_", "-")
    primary = code.partition("-")[0]
    return code if primary in ("pt", "zh") else primary


def choose(source: Source, per_package: int, seed: int) -> list[dict]:
    """The group's random sample, its topical pages not in the sample, its error pages.

    Every row says whether its page is topical, so that the topical pages inside the random
    sample count among the topical ones too."""
    error_pages = ERROR_PAGES.get(source.package, frozenset())
    found = pages_of(source)
    errors = [page for page in found if page.relative_to(source.folder).as_posix() in error_pages]
    pages = [page for page in found if page not in errors]
    topical = {page for page in pages if is_topical(page, source.folder)}
    chosen = random.Random(f"{seed}:{source.name}").sample(pages, min(per_package, len(pages)))
    extra = [page for page in pages if page in topical - set(chosen)]
    return [
        {
            "file": str(page),
            "package": source.package,
            "language": language_code(source.language),
            "kind": kind,
            "topical": page in topical,
        }
        for kind, group in zip(KINDS, (sorted(chosen), extra, errors), strict=True)
        for page in group
    ]


# ---- judging and counting


def sweep(sources: list[Source], per_package: int, seed: int, progress: bool) -> list[Result]:
    """Every group judged as one small site of its own: its home page links to its pages."""
    groups = [(source, choose(source, per_package, seed)) for source in sources]
    total = sum(len(rows) for _, rows in groups)
    results: list[Result] = []
    started = time.monotonic()
    for source, rows in groups:
        if rows:
            results += judge_offline(rows, Path("/"))
        if progress:
            elapsed = time.monotonic() - started
            left = elapsed / len(results) * (total - len(results)) if results else 0
            print(
                f"\r{len(results)}/{total} pages  {source.name:<28} "
                f"{elapsed:5.0f}s, {left:4.0f}s left",
                end="",
                file=sys.stderr,
                flush=True,
            )
    if progress:
        print(file=sys.stderr)
    return results


def flagged(result: Result) -> bool:
    return bool(result.flags & FINDINGS)


def _rate(flagged_pages: int, pages: int) -> float:
    return round(flagged_pages / pages, 4) if pages else 0.0


def _count(results: list[Result]) -> dict:
    judged = [r for r in results if NOT_JUDGED not in r.flags]
    hits = sum(1 for r in judged if flagged(r))
    return {
        "pages": len(judged),
        "flagged": hits,
        "rate": _rate(hits, len(judged)),
        "not_judged": len(results) - len(judged),
    }


def table(results: list[Result]) -> dict:
    """Per group and sample kind, per language, and overall: the healthy pages only."""
    error_pages = [r for r in results if r.row["kind"] == "error_page"]
    results = [r for r in results if r.row["kind"] != "error_page"]
    groups: dict[str, dict] = {}
    for key in sorted({(r.row["package"], r.row["language"]) for r in results}):
        part = [r for r in results if (r.row["package"], r.row["language"]) == key]
        groups["/".join(key)] = {
            "sample": _count([r for r in part if r.row["kind"] == "sample"]),
            "topical": _count([r for r in part if r.row["topical"]]),
            "all": _count(part),
        }
    languages = {
        language: _count([r for r in results if r.row["language"] == language])
        for language in sorted({r.row["language"] for r in results})
    }
    return {
        "groups": groups,
        "languages": languages,
        "overall": {
            "sample": _count([r for r in results if r.row["kind"] == "sample"]),
            "topical": _count([r for r in results if r.row["topical"]]),
            "all": _count(results),
        },
        "error_pages": _count(error_pages)
        | {"missed": [r.row["file"] for r in error_pages if not flagged(r)]},
        "flagged_by": dict(
            Counter(flag for r in results if flagged(r) for flag in r.flags & FINDINGS)
        ),
        "flagged_pages": [
            {
                "file": r.row["file"],
                "package": r.row["package"],
                "language": r.row["language"],
                "kind": "topical" if r.row["topical"] else r.row["kind"],
                "flags": sorted(r.flags & FINDINGS),
                "verdicts": r.explained,
            }
            for r in results
            if flagged(r)
        ],
    }


# ---- printing


def _cells(count: dict) -> str:
    return f"{count['pages']:>6}{count['flagged']:>5}{100 * count['rate']:>7.2f}%"


def print_table(figures: dict, list_pages: bool) -> None:
    print(
        f"{'package/language':<30}{'sample: pages':>14}{'flag':>5}{'rate':>8}"
        f"{'topical: pages':>16}{'flag':>5}{'rate':>8}"
    )
    for name, entry in figures["groups"].items():
        print(f"{name:<30}{_cells(entry['sample']):>27}{_cells(entry['topical']):>29}")
    print("\nper language (both samples):")
    print(
        "   "
        + "  ".join(
            f"{language} {c['flagged']}/{c['pages']}"
            for language, c in figures["languages"].items()
        )
    )
    for kind, label in (
        ("sample", "random sample"),
        ("topical", "topical pages (in the sample or not)"),
        ("all", "all pages judged"),
    ):
        count = figures["overall"][kind]
        print(
            f"overall, {label}: {count['flagged']} flagged of {count['pages']} "
            f"({100 * count['rate']:.2f}%); not judged (needs_rendering): {count['not_judged']}"
        )
    errors = figures["error_pages"]
    print(
        f"the packages' own error pages (not counted above): {errors['flagged']} of "
        f"{errors['pages']} flagged"
    )
    said = ", ".join(f"{flag} {n}" for flag, n in sorted(figures["flagged_by"].items()))
    print(f"flagged by: {said or 'nothing'}")
    if list_pages:
        for page in figures["flagged_pages"]:
            print(
                f"  {page['file']} [{page['kind']}] flags={','.join(page['flags'])}\n"
                f"      {page['verdicts']}"
            )
        for file in errors["missed"]:
            print(f"  error page not flagged: {file}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "folders",
        nargs="*",
        metavar="NAME/LANGUAGE=PATH",
        help="folders of HTML pages to judge (default: the installed packages of the docstring)",
    )
    parser.add_argument(
        "--per-package", type=int, default=150, help="random pages per package and language"
    )
    parser.add_argument("--seed", type=int, default=15, help="the random sample's seed")
    parser.add_argument("--only", help="only the groups whose name contains this")
    parser.add_argument("--list", action="store_true", help="list the flagged pages")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--quiet", action="store_true", help="no progress line on stderr")
    arguments = parser.parse_args(argv)
    sources = [parse_source(folder) for folder in arguments.folders] or list(installed_sources())
    if arguments.only:
        sources = [source for source in sources if arguments.only in source.name]
    if not sources:
        parser.error("no pages: install the packages of the docstring, or name folders")
    results = sweep(sources, arguments.per_package, arguments.seed, not arguments.quiet)
    figures = table(results)
    if arguments.json:
        print(json.dumps(figures, ensure_ascii=False))
    else:
        print_table(figures, arguments.list)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
