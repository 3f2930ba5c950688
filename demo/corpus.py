"""The labelled detection corpus (tests/fixtures/corpus) served as real sites, to crawl end to end.

Each corpus site becomes a `Site`: every labelled page at its path with its status (a redirect
row answers with its Location, and its final path serves the row's page), unknown URLs answer
the way the site's probe did (sites.csv), and /sitemap.xml lists every labelled path so that
a crawl from / meets them all. `labels` says what each path is: ok, soft_404, login_wall or
access_denied.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from gatewatch.demo.site import Page, Site, sitemap_page

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "corpus"


@dataclass
class CorpusSite:
    name: str
    site: Site
    # path -> ok, soft_404, login_wall, access_denied
    labels: dict[str, str] = field(default_factory=dict)
    probe_status: int | None = None


def _fallback(corpus: Path, row: dict[str, str]):
    status = int(row["probe_status"])
    if 300 <= status < 400:
        page = Page.redirect(row["probe_final_path"], status)
    elif row["probe_file"]:
        page = Page.html((corpus / row["probe_file"]).read_bytes(), status)
    else:
        page = Page(status=status)
    return lambda _target: page


def load_corpus(corpus: Path = CORPUS) -> list[CorpusSite]:
    """Every site of the corpus, ready for `demo.server.serve`."""
    with (corpus / "sites.csv").open(encoding="utf-8") as file:
        site_rows = {row["site"]: row for row in csv.DictReader(file)}
    with (corpus / "labels.csv").open(encoding="utf-8") as file:
        label_rows = list(csv.DictReader(file))
    sites = {}
    for name, row in site_rows.items():
        site = Site(fallback=_fallback(corpus, row))
        if row["probe_final_path"] and row["probe_file"]:
            body = (corpus / row["probe_file"]).read_bytes()
            site.add(row["probe_final_path"], Page.html(body))
        sites[name] = CorpusSite(name, site, probe_status=int(row["probe_status"]))
    for row in label_rows:
        entry = sites[row["site"]]
        body = (corpus / row["file"]).read_bytes()
        status = int(row["status"])
        if 300 <= status < 400:
            entry.site.add(row["path"], Page.redirect(row["final_path"], status))
            if row["final_path"] not in entry.site:
                entry.site.add(row["final_path"], Page.html(body))
        else:
            entry.site.add(row["path"], Page.html(body, status))
        entry.labels[row["path"]] = row["label"]
    for entry in sites.values():
        entry.site.add("/sitemap.xml", sitemap_page(sorted(entry.labels)))
        if "/robots.txt" not in entry.site:
            robots = b"User-agent: *\nAllow: /\n"
            entry.site.add(
                "/robots.txt", Page(body=robots, headers=(("Content-Type", "text/plain"),))
            )
    return list(sites.values())
