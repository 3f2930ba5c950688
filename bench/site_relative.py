"""Judge a page against its own site: a short message where its template siblings have content.

    python bench/site_relative.py              # tune groups, then the healthy sweep if installed
    python bench/site_relative.py --no-sweep   # tune groups only (about 15 s)

An experiment (issue 15, seventh round), not a detector. The idea: in a real crawl an
application's error page sits in the application's chrome (same stylesheets, scripts,
navigation) as its healthy pages, with its main content replaced by one short message, in
whatever language. So a page could be judged against its template siblings, not alone.

What is tried (tune groups only; no holdout or fresh page or figure was read)
- A site is a corpus group (source_group, split tune), or on the healthy sweep one Debian
  documentation package in one language (bench/healthy_sweep.py's samples, 150 random pages
  plus the topical ones). Today's verdicts come from real_accuracy.judge_offline.
- A page's template marks, from parse_html: its stylesheets, script sources (read from the
  body with a pattern: parse_html drops scripts before recording them), the targets of its
  links in navigation, header, footer and asides, the generator meta, the title's tail
  ("... - Redmine") and the first body classes. Template siblings: the other pages of the
  site whose marks have a Jaccard similarity >= 0.5 (0.3, 0.8 and 0.95 tried too: the same
  picture, fewer pages reached at 0.8 and above). At least 3 siblings are needed.
- Measures, the page's value over a quantile of its siblings': "main text" (non-space
  characters of the main content, comparable across scripts); "main text and links" (both
  that and the count of distinct link targets in the main content); "words not in the
  chrome" (words of the whole page that are not in at least half of the template's pages).
  A rule flags a page holding at most RATIO of what its siblings hold, when they hold at
  least LEAST (characters, or words): RATIOS x LEAST, 15 rules per variant and measure.
- Variants (the corpus' groups hold many error pages in many languages, no site's share):
  "healthy siblings" (labels used: the template's healthy pages in the page's language,
  any language when fewer than 3: an upper bound); "realistic mix" (the healthy siblings and
  one error page in ten, as a crawl would meet them; no label in the rule itself); "all
  siblings" (no labels at all: every sibling of the group, in the page's language or any),
  with the median, or the 3rd quartile (robust while errors are under a quarter of a site).
- Also the reverse: an "off-template" short page, with no sibling among the >= 10 pages a
  realistic crawl of its site holds (an error page rendered without the application's
  chrome).

Figures (tune, 5,346 pages, 95 groups; today's detectors leave unflagged 55 soft_404,
60 soft_403 and 34 soft_401 pages; columns: those the rule flags, healthy pages flagged)

    variant / measure                       rule      +404  +403  +401  healthy flagged
    healthy siblings / main text            0.1/300      1     0     0       66
                                            0.2/300      1     1     0      146
                                            0.5/300      9     1     0      433
    healthy siblings / main text and links  0.2/300      1     1     0       29
                                            0.5/300      6     1     0      251
    healthy siblings / not-chrome words     0.2/30       1     1     0      138
    realistic mix / main text and links     0.2/300      1     1     0       26
    all siblings, median / any measure      any          0     0     0    18-261
    all siblings, 3rd quartile / main text  0.5/300      5     1     0      663
    off-template short page                 <= 1000      0     0     0        6

- No variant, measure and threshold reaches precision 0.99 on what it adds: not on all tune,
  and not when fitted on either half of the groups (so nothing to score on the other half).
  No rule tried flags no healthy page at all; with at most 26 healthy pages flagged (1%),
  the best any rule adds is 2 soft_404/403 pages (realistic mix).
- The premise holds for errors that are already caught (e.g. "healthy siblings / main text
  and links" 0.2/300 flags 160 error pages today's detectors flag too), not for the misses:
  of the 115 soft_404/403 misses, 59 have no template sibling or fewer than 3 healthy ones
  (zabbix 53: its denial and not-found pages are a bare template, without the application's
  chrome; flask-security, zope, sinatra, apt-cacher-ng); 17 are not shorter than their
  healthy siblings (two-factor 10: its healthy pages are short forms too; fossil 4); 36 hold
  0.3 to 0.7 of them (rt 29: its error page keeps the application's menus in the main
  content); 3 hold less than 0.3. Meanwhile 350 of the 2,221 healthy pages with 3 healthy
  siblings hold less than 0.3 of them: tag and archive pages (nikola 150, hexo 17), empty
  lists (cups' printers and classes), home pages and dashboards with nothing in them yet,
  short sections of a manual (maint-guide, starlight).
- Healthy sweep (12,121 pages, 75 sites, today's detectors flag 0): main text 0.1/300
  flags 338 (2.8%) with the siblings' median, 994 with their 3rd quartile; main text and
  links 0.1/300 flags 94 (0.8%) and 383; the strictest rule tried (0.05/1000) still flags
  6 to 9 with the median, 84 to 338 with the 3rd quartile (index pages, short sections).

Conclusion: not shipped, and no crawler change is warranted. Short healthy pages in full
chrome (empty lists, tag pages, home pages, short sections) are an order of magnitude more
common than the error pages the signal would add, on tune and on the documentation sweep,
even when the healthy siblings are known; and most of today's misses are not of the shape
(a bare error template, or an error page as long as its siblings). Were it ever tried in a
crawl it would need an end-of-crawl pass over stored per-page summaries (the template marks,
main-text size and content-link count per page, grouped by host; parse_html would have to
record script sources before it drops scripts), since a page's siblings are only known once
the site has been crawled.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.real_accuracy import CORPUS, FINDINGS, judge_offline, load_rows  # noqa: E402
from gatewatch.crawler.parse import ParsedPage, parse_html  # noqa: E402

SCRIPT_SOURCE = re.compile(rb"<script[^>]{0,300}?\bsrc\s*=\s*[\"']?([^\"' >]{1,300})", re.I)
TITLE_SEPARATORS = re.compile(r"\s[-|\u2013\u2014\u00b7:]{1,2}\s|\s::\s")
ERRORS = ("soft_404", "soft_403")
MIN_SIBLINGS = 3


@dataclass
class Page:
    """What a crawl would keep of one page for a pass over its site at the end."""

    file: str
    site: str  # the corpus group, or a documentation package and language
    language: str
    label: str
    flagged_today: bool
    fingerprint: frozenset[str]
    size: int  # non-space characters of the main content: comparable across scripts
    content_links: int  # distinct link targets in the main content
    text_words: frozenset[str]  # every word of the page, chrome included


def _address(href: str) -> str:
    """A link or resource address without its query and fragment (?ver=, ?lang=)."""
    parts = urlsplit(href.strip())
    return f"{parts.netloc}{parts.path}"


def fingerprint(page: ParsedPage, body: bytes) -> frozenset[str]:
    """The template's marks: stylesheets, scripts, chrome links, generator, title's tail.

    Scripts are read from the body with a pattern: parse_html drops script elements before
    a crawl could list them (a crawler change would record their sources in the parse)."""
    marks = set()
    if page.document is not None:
        for link in page.document.iter("link"):
            if "stylesheet" in (link.get("rel") or "").lower() and link.get("href"):
                marks.add("css " + _address(link.get("href")))
    marks.update("js " + _address(m.decode("latin-1")) for m in SCRIPT_SOURCE.findall(body))
    marks.update(
        f"nav {link.section} " + _address(link.href)
        for link in page.links
        if link.section != "main"
    )
    if page.meta.get("generator"):
        marks.add("generator " + page.meta["generator"].split()[0].lower())
    if page.title:
        parts = TITLE_SEPARATORS.split(page.title)
        if len(parts) > 1:
            marks.add("title " + parts[-1].strip().lower())
    marks.update("body " + token for token in page.body_class.split()[:6])
    return frozenset(marks)


def read_page(body: bytes, row: dict, site: str, flagged_today: bool) -> Page:
    parsed = parse_html(body)
    main_links = {_address(link.href) for link in parsed.links if link.section == "main"}
    return Page(
        file=row["file"],
        site=site,
        language=row["language"],
        label=row.get("label", "ok"),
        flagged_today=flagged_today,
        fingerprint=fingerprint(parsed, body),
        size=sum(len(word) for word in parsed.main_text.split()),
        content_links=len(main_links),
        text_words=frozenset(parsed.text.lower().split()),
    )


def tune_pages() -> list[Page]:
    rows = [row for row in load_rows() if row["split"] == "tune"]
    results = judge_offline(rows)
    return [
        read_page(
            (CORPUS / r.row["file"]).read_bytes(),
            r.row,
            r.row["source_group"],
            bool(r.flags & FINDINGS),
        )
        for r in results
    ]


# ---- the template siblings and the reference


def similarity(one: frozenset[str], other: frozenset[str]) -> float:
    if not one or not other:
        return 0.0
    return len(one & other) / len(one | other)


def sibling_table(pages: list[Page], threshold: float) -> dict[str, list[Page]]:
    """Each page's template siblings: the other pages of its site whose marks mostly match."""
    by_site: dict[str, list[Page]] = defaultdict(list)
    for page in pages:
        by_site[page.site].append(page)
    table: dict[str, list[Page]] = {}
    for site_pages in by_site.values():
        for page in site_pages:
            table[page.file] = [
                other
                for other in site_pages
                if other is not page
                and similarity(page.fingerprint, other.fingerprint) >= threshold
            ]
    return table


def _quantile(values: list[int], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _same_language(page: Page, siblings: list[Page]) -> list[Page]:
    same = [other for other in siblings if other.language == page.language]
    return same if len(same) >= MIN_SIBLINGS else siblings


def _realistic(page: Page, siblings: list[Page]) -> list[Page]:
    """The siblings a real crawl would see: its healthy pages and one error page in ten."""
    healthy = [other for other in siblings if other.label == "ok"]
    errors = sorted(
        (other for other in siblings if other.label != "ok"),
        key=lambda other: hashlib.sha1(other.file.encode()).hexdigest(),
    )
    return healthy + errors[: max(1, len(healthy) // 9)] if healthy else errors[:1]


Choose = Callable[[Page, list[Page]], list[Page]]

# which siblings a page is compared with, and which quantile of theirs is "what they hold"
VARIANTS: dict[str, tuple[Choose, float]] = {
    # labels used: the template's healthy pages in the page's language (an upper bound)
    "healthy siblings, median": (
        lambda page, siblings: _same_language(page, [s for s in siblings if s.label == "ok"]),
        0.5,
    ),
    # a realistic crawl: healthy siblings and one error page in ten; no label in the rule
    "realistic mix, median": (
        lambda page, siblings: _same_language(page, _realistic(page, siblings)),
        0.5,
    ),
    # no labels at all: every sibling of the corpus group (error-heavy), same language
    "all siblings, median": (_same_language, 0.5),
    "all siblings, 3rd quartile": (_same_language, 0.75),
    "all siblings, any language, 3rd quartile": (lambda page, siblings: siblings, 0.75),
}


class ChromeWords:
    """The words of a template's chrome: those in at least half of a set of pages (the page
    judged and its siblings), and each page's count of words outside them. Memoized by the
    set, which most pages of a site share."""

    def __init__(self) -> None:
        self._novel: dict[frozenset[str], dict[str, int]] = {}

    def novel(self, pages: list[Page]) -> dict[str, int]:
        key = frozenset(page.file for page in pages)
        if key not in self._novel:
            counts: dict[str, int] = defaultdict(int)
            for page in pages:
                for word in page.text_words:
                    counts[word] += 1
            common = {word for word, n in counts.items() if 2 * n >= len(pages)}
            self._novel[key] = {page.file: len(page.text_words - common) for page in pages}
        return self._novel[key]


def ratios(
    page: Page, chosen: list[Page], share: float, chrome: ChromeWords
) -> dict[str, tuple[float, float]]:
    """Per measure: the page's value over the siblings' quantile, and that quantile."""
    size = _quantile([other.size for other in chosen], share)
    links = _quantile([other.content_links for other in chosen], share)
    novel_of = chrome.novel([page, *chosen])
    novel = _quantile([novel_of[other.file] for other in chosen], share)
    size_ratio = page.size / size if size else float("inf")
    links_ratio = page.content_links / links if links else (0.0 if not page.content_links else 1.0)
    return {
        "main text": (size_ratio, size),
        "main text and links": (max(size_ratio, links_ratio), size),
        "words not in the chrome": (
            novel_of[page.file] / novel if novel else float("inf"),
            novel,
        ),
    }


# ---- scoring


@dataclass(frozen=True)
class Rule:
    variant: str
    measure: str
    ratio: float  # flag when the page holds at most this share of what its siblings hold
    least: float  # ... and its siblings hold at least this much (characters or words)


@dataclass(frozen=True)
class Reading:
    page: Page
    variant: str
    measure: str
    ratio: float
    reference: float


RATIOS = (0.05, 0.1, 0.2, 0.3, 0.5)
LEAST = {
    "main text": (100, 300, 1000),
    "main text and links": (100, 300, 1000),
    "words not in the chrome": (10, 30, 100),
}


def readings(
    pages: list[Page], similar: float = 0.5, variants: Iterable[str] = VARIANTS
) -> list[Reading]:
    """Every page read against its template siblings, in these variants and every measure."""
    table = sibling_table(pages, similar)
    chrome = ChromeWords()
    found = []
    for page in pages:
        for variant in variants:
            choose, share = VARIANTS[variant]
            chosen = choose(page, table[page.file])
            if len(chosen) < MIN_SIBLINGS:
                continue
            for measure, (ratio, reference) in ratios(page, chosen, share, chrome).items():
                found.append(Reading(page, variant, measure, ratio, reference))
    return found


def rules() -> Iterable[Rule]:
    for variant in VARIANTS:
        for measure, leasts in LEAST.items():
            for ratio in RATIOS:
                for least in leasts:
                    yield Rule(variant, measure, ratio, least)


def by_kind(found: list[Reading]) -> dict[tuple[str, str], list[Reading]]:
    kinds: dict[tuple[str, str], list[Reading]] = defaultdict(list)
    for reading in found:
        kinds[reading.variant, reading.measure].append(reading)
    return kinds


def flagged_by(rule: Rule, kinds: dict[tuple[str, str], list[Reading]]) -> list[Page]:
    return [
        reading.page
        for reading in kinds.get((rule.variant, rule.measure), [])
        if reading.ratio <= rule.ratio and reading.reference >= rule.least
    ]


def count(pages: list[Page]) -> dict[str, int]:
    """What the signal adds: errors today's detectors miss, and healthy pages it flags."""
    fresh = [p for p in pages if not p.flagged_today]
    return {
        "soft_404": sum(1 for p in fresh if p.label == "soft_404"),
        "soft_403": sum(1 for p in fresh if p.label == "soft_403"),
        "soft_401": sum(1 for p in fresh if p.label == "soft_401"),
        "healthy": sum(1 for p in pages if p.label == "ok"),
        "caught": sum(1 for p in pages if p.label != "ok" and p.flagged_today),
    }


def acceptable(counts: dict[str, int]) -> bool:
    """Precision >= 0.99 on what the signal adds (soft_401 pages count as errors too)."""
    added = counts["soft_404"] + counts["soft_403"] + counts["soft_401"]
    return added > 0 and counts["healthy"] <= 0.01 * (added + counts["healthy"])


def half(site: str) -> int:
    return hashlib.sha1(site.encode()).digest()[0] % 2


def best(candidates: Iterable[Rule], kinds, sites: set[str] | None = None) -> Rule | None:
    """The rule that adds the most soft_404/403 pages at precision >= 0.99, on these sites."""
    chosen, most = None, 0
    for rule in candidates:
        counts = count([p for p in flagged_by(rule, kinds) if sites is None or p.site in sites])
        added = counts["soft_404"] + counts["soft_403"]
        if acceptable(counts) and added > most:
            chosen, most = rule, added
    return chosen


COLUMNS = ("soft_404", "soft_403", "soft_401", "healthy", "caught")
SHOWN_RATIOS = (0.1, 0.2, 0.3, 0.5)


def _cells(counts: dict[str, int]) -> str:
    return "".join(f"{counts[column]:>9}" for column in COLUMNS)


def print_tune(pages: list[Page], kinds) -> dict[tuple[str, str], Rule]:
    """Per variant and measure, a few thresholds; then the best rule at precision >= 0.99
    fitted on one half of the groups and scored on the other (none is found)."""
    missed = count([p for p in pages if not p.flagged_today])
    print(
        f"tune: {len(pages)} pages, {len({p.site for p in pages})} groups; today's detectors "
        f"leave unflagged: {missed['soft_404']} soft_404, {missed['soft_403']} soft_403, "
        f"{missed['soft_401']} soft_401"
    )
    print(
        "soft_404/403/401: pages with that label today's detectors leave unflagged that the "
        "rule flags;\nhealthy: healthy pages it flags; caught: error pages it flags that "
        "today's detectors already flag.\nrule: page's share of its siblings' content / "
        "least content the siblings hold (characters, or words for the chrome measure)"
    )
    print(f"{'variant / measure':<66}{'rule':>9}" + "".join(f"{c:>9}" for c in COLUMNS))
    for variant in VARIANTS:
        for measure in LEAST:
            for ratio in SHOWN_RATIOS:
                rule = Rule(variant, measure, ratio, LEAST[measure][1])
                name = f"{variant} / {measure}" if ratio == SHOWN_RATIOS[0] else ""
                counts = count(flagged_by(rule, kinds))
                print(f"{name:<66}{f'{ratio}/{rule.least}':>9}{_cells(counts)}")
    halves = [{p.site for p in pages if half(p.site) == h} for h in (0, 1)]
    chosen = {}
    print("\nthresholds fitted for precision >= 0.99 (ratio and least content, every pair tried):")
    for variant in VARIANTS:
        for measure in LEAST:
            candidates = [r for r in rules() if r.variant == variant and r.measure == measure]
            said = []
            for fit, score in ((0, 1), (1, 0)):
                rule = best(candidates, kinds, halves[fit])
                if rule is None:
                    said.append(f"half {fit}: none")
                    continue
                chosen[variant, measure] = rule
                flagged = count([p for p in flagged_by(rule, kinds) if p.site in halves[score]])
                said.append(
                    f"fit on half {fit} ({rule.ratio}/{rule.least}), on half {score}: "
                    + ", ".join(f"{k} {v}" for k, v in flagged.items())
                )
            print(f"   {variant} / {measure}: " + "; ".join(said))
    return chosen


HEALTHY_CAPS = (0, 5, 26)  # healthy tune pages flagged: none, 0.2%, 1% of 2,651


def print_frontier(kinds) -> None:
    """Per variant and measure: the most soft_404/403 pages added by any rule tried that
    flags at most so many healthy pages."""
    print(
        "\nmost soft_404/403 added by any rule tried, with at most "
        + " / ".join(str(cap) for cap in HEALTHY_CAPS)
        + " healthy pages flagged (- : no rule that low):"
    )
    for variant in VARIANTS:
        for measure in LEAST:
            cells = []
            for cap in HEALTHY_CAPS:
                most = None
                for rule in rules():
                    if rule.variant != variant or rule.measure != measure:
                        continue
                    counts = count(flagged_by(rule, kinds))
                    added = counts["soft_404"] + counts["soft_403"]
                    if counts["healthy"] <= cap and (most is None or added > most):
                        most = added
                cells.append("-" if most is None else str(most))
            print(f"   {f'{variant} / {measure}':<68}{' / '.join(cells)}")


# ---- why: where today's misses stand, and the off-template variant


def reach(pages: list[Page], similar: float = 0.5) -> None:
    """Today's misses by what a site-relative rule could see of them, and the healthy pages
    that look like them (main text at most 0.3 of their healthy siblings' median)."""
    table = sibling_table(pages, similar)
    choose, share = VARIANTS["healthy siblings, median"]
    chrome = ChromeWords()
    kinds: dict[str, list[Page]] = defaultdict(list)
    for page in pages:
        siblings = table[page.file]
        healthy = choose(page, siblings)
        if page.label == "ok":
            if len(healthy) >= MIN_SIBLINGS:
                ratio, _ = ratios(page, healthy, share, chrome)["main text"]
                kinds["healthy: compared" if ratio > 0.3 else "healthy: thin"].append(page)
            continue
        if page.label not in ERRORS or page.flagged_today:
            continue
        if not siblings:
            kinds["missed: no template sibling"].append(page)
        elif len(healthy) < MIN_SIBLINGS:
            kinds["missed: siblings, but < 3 healthy"].append(page)
        else:
            ratio, _ = ratios(page, healthy, share, chrome)["main text"]
            bucket = "<= 0.3" if ratio <= 0.3 else "0.3-0.7" if ratio <= 0.7 else "> 0.7"
            kinds[f"missed: main text {bucket} of healthy siblings"].append(page)
    print("\nwhat a site-relative rule sees (template similarity >= 0.5, healthy siblings):")
    for kind, found in sorted(kinds.items()):
        sites = defaultdict(int)
        for page in found:
            sites[page.site] += 1
        top = ", ".join(f"{s} {n}" for s, n in sorted(sites.items(), key=lambda i: -i[1])[:6])
        print(f"   {kind:<48}{len(found):>5}   {top}")


def off_template(pages: list[Page], similar: float = 0.5) -> None:
    """The reverse: a short page without the site's chrome (a bare error template), among a
    realistic crawl's pages (the site's healthy pages and one error page in ten)."""
    by_site: dict[str, list[Page]] = defaultdict(list)
    for page in pages:
        by_site[page.site].append(page)
    print("\noff-template short pages (no sibling >= 0.5 among >= 10 pages of a realistic crawl):")
    for longest in (100, 300, 1000):
        flagged = []
        for site_pages in by_site.values():
            for page in site_pages:
                pool = [other for other in _realistic(page, site_pages) if other is not page]
                if not page.fingerprint or len(pool) < 10 or page.size > longest:
                    continue
                if not any(similarity(page.fingerprint, o.fingerprint) >= similar for o in pool):
                    flagged.append(page)
        print(f"   main text <= {longest:>4} characters: {_cells(count(flagged))}")


# ---- the healthy sweep's sites


# on the sweep every page is healthy: the labelled variants are the label-free ones there
SWEPT = ("all siblings, median", "all siblings, 3rd quartile")


def sweep_pages(per_package: int = 150, seed: int = 15) -> list[Page]:
    """Debian's documentation, one site per package and language (bench/healthy_sweep.py's
    samples, its packages' own error pages left out); every page is healthy."""
    from bench.healthy_sweep import choose, installed_sources

    pages = []
    for source in installed_sources():
        rows = [row for row in choose(source, per_package, seed) if row["kind"] != "error_page"]
        for result in judge_offline(rows, Path("/")) if rows else []:
            result.row["label"] = "ok"
            pages.append(
                read_page(
                    Path(result.row["file"]).read_bytes(),
                    result.row,
                    source.name,
                    bool(result.flags & FINDINGS),
                )
            )
    return pages


def print_sweep(pages: list[Page], chosen: dict[tuple[str, str], Rule]) -> None:
    kinds = by_kind(readings(pages, variants=SWEPT))
    sites = len({page.site for page in pages})
    today = sum(1 for page in pages if page.flagged_today)
    print(
        f"\nhealthy sweep: {len(pages)} pages, {sites} sites (package and language); "
        f"today's detectors flag {today}; the rule would flag:"
    )
    for variant in SWEPT:
        for measure, leasts in LEAST.items():
            rule = chosen.get((variant, measure))
            tried = [rule] if rule else []
            tried += [Rule(variant, measure, ratio, leasts[1]) for ratio in (0.1, 0.2)]
            tried.append(Rule(variant, measure, min(RATIOS), max(leasts)))  # the strictest
            cells = "  ".join(f"{r.ratio}/{r.least}: {len(flagged_by(r, kinds))}" for r in tried)
            print(f"   {f'{variant} / {measure}':<56}{cells}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-sweep", action="store_true", help="tune groups only")
    arguments = parser.parse_args(argv)
    pages = tune_pages()
    kinds = by_kind(readings(pages))
    chosen = print_tune(pages, kinds)
    print_frontier(kinds)
    reach(pages)
    off_template(pages)
    if not arguments.no_sweep:
        swept = sweep_pages()
        if swept:
            print_sweep(swept, chosen)
        else:
            print("\nhealthy sweep: no Debian documentation installed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
