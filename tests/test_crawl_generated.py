"""On a generated site of 5,000+ pages with known truth, the crawl finds every URL reachable by
links or sitemaps and allowed by robots.txt, with every status exactly as served."""

import contextlib
import json
from collections import Counter, defaultdict
from urllib.parse import urlsplit

import pytest
from sqlalchemy import and_, func, select

from gatewatch.crawler.parse import parse_html
from gatewatch.crawler.urls import InvalidURL, normalize_url
from gatewatch.demo.generator import generate_site
from gatewatch.demo.server import serve
from gatewatch.reports.build import build_report, classify_records
from gatewatch.reports.classify import problem_kind
from gatewatch.reports.compare import order_key
from gatewatch.reports.rules import Rules
from gatewatch.storage.database import open_database
from gatewatch.storage.findings import inlink_sources, url_states
from gatewatch.storage.models import all_links, links, page_templates, template_links, urls
from gatewatch.storage.records import url_records
from gatewatch.storage.runs import get_run
from tests.conftest import run_gatewatch

pytestmark = pytest.mark.crawl


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture(scope="module")
def generated_database(tmp_path_factory):
    return f"sqlite:///{tmp_path_factory.mktemp('generated') / 'crawl.db'}"


@pytest.fixture(scope="module")
def generated_crawl(generated_database):
    generated = generate_site(5000, seed=7)
    database = generated_database
    with serve(generated.site) as server:
        result = run_gatewatch("crawl", f"{server.base_url}/", "--db", database, "--json")
        hits = dict(server.hits)
    export = run_gatewatch("export", "--db", database)
    records = {_path(line["url"]): line for line in map(json.loads, export.stdout.splitlines())}
    return generated, json.loads(result.stdout), records, hits


def test_every_reachable_allowed_url_is_fetched_with_its_status(generated_crawl):
    generated, summary, records, _ = generated_crawl
    assert summary["status"] == "completed"
    fetched = {path: record["status"] for path, record in records.items() if record["fetched"]}
    expected = generated.expected_pages
    assert len(expected) >= 5000
    missing = expected.keys() - fetched.keys()
    assert not missing, f"{len(missing)} reachable URLs not fetched, e.g. {sorted(missing)[:5]}"
    wrong = {path: (fetched[path], status) for path, status in expected.items()
             if fetched[path] != status}  # fmt: skip
    assert not wrong, f"statuses differ from what was served: {list(wrong.items())[:5]}"
    extra = fetched.keys() - expected.keys()
    assert not extra, f"fetched URLs that should not be reachable: {sorted(extra)[:5]}"


def test_disallowed_urls_are_recorded_and_never_requested(generated_crawl):
    generated, _, records, hits = generated_crawl
    assert generated.disallowed
    for path in generated.disallowed:
        assert records[path]["skip_reason"] == "robots"
        assert "robots_blocked" in records[path]["flags"]
        assert path not in hits


def test_unreachable_pages_are_not_found(generated_crawl):
    generated, _, records, hits = generated_crawl
    assert generated.unreachable
    assert not generated.unreachable & records.keys()
    assert not generated.unreachable & hits.keys()


def test_each_url_was_requested_once(generated_crawl):
    generated, _, _, hits = generated_crawl
    repeated = {path: count for path, count in hits.items() if count > 1}
    retried = {path for path, page in generated.site.pages.items() if page.fail_first}
    assert repeated.keys() <= retried


def test_redirects_point_where_the_site_sends_them(generated_crawl):
    generated, _, records, _ = generated_crawl
    for path, location in generated.redirects.items():
        if path in records and records[path]["fetched"]:
            assert records[path]["redirects"][0]["location"].endswith(location)


DETECTOR_FLAGS = {"soft_404", "soft_401", "redirect_home", "redirect_login", "missing_challenge"}


def test_the_detectors_flag_exactly_the_pages_the_generator_made_broken(generated_crawl):
    generated, _, records, _ = generated_crawl
    assert {"soft_404", "soft_401", "redirect_home"} <= set(generated.detections.values())
    flagged = {
        path: DETECTOR_FLAGS & set(record["flags"])
        for path, record in records.items()
        if DETECTOR_FLAGS & set(record["flags"])
    }
    expected = {path: {flag} for path, flag in generated.detections.items()}
    missed = {path: flags for path, flags in expected.items() if flagged.get(path) != flags}
    assert not missed, f"missed or wrong: {[(p, flagged.get(p), f) for p, f in missed.items()]}"
    extra = flagged.keys() - expected.keys()
    assert not extra, f"flagged but fine: {[(path, flagged[path]) for path in sorted(extra)]}"


def test_each_verdict_carries_its_reasons_and_evidence(generated_crawl):
    generated, _, records, _ = generated_crawl
    for path, flag in generated.detections.items():
        verdicts = {verdict["flag"]: verdict for verdict in records[path]["verdicts"]}
        assert verdicts[flag]["reasons"], path
        assert set(verdicts[flag]["reasons"]) <= verdicts[flag]["evidence"].keys()


def test_the_report_reads_only_the_urls_that_may_be_findings_and_misses_none(
    generated_crawl, generated_database
):
    engine = open_database(generated_database)
    try:
        everything = list(url_records(engine, 1))
        candidates = list(url_records(engine, 1, problems_only=True))
        rules = Rules()
        problems = {record["url"] for record in everything if problem_kind(record, rules)}
        assert len(problems) > 100
        assert problems <= {record["url"] for record in candidates}
        assert len(candidates) < len(everything) / 3
        # the report built from the candidates alone equals classifying every record
        states = url_states(engine, 1, (record["url"] for record in everything))
        expected = classify_records(
            everything,
            inlink_sources(engine, 1, {url: state.url_id for url, state in states.items()}),
            {},
            {},
            {},
            rules,
            get_run(engine, 1).start_url,
        )
        built = build_report(engine, 1, save=False).findings
        assert sorted(built, key=order_key) == sorted(expected, key=order_key)
    finally:
        engine.dispose()


def test_each_pages_stored_links_are_the_links_on_it(generated_crawl, generated_database):
    """Menus, headers and footers are stored once per run as templates; read back, every
    page still has exactly the links it shows, each once (checked on one page in 40)."""
    generated, _, records, _ = generated_crawl
    engine = open_database(generated_database)
    source, target = urls.alias(), urls.alias()
    query = (
        select(source.c.url, target.c.url, all_links.c.nofollow, all_links.c.section)
        .select_from(all_links)
        .join(source, and_(source.c.run_id == 1, source.c.id == all_links.c.source_id))
        .join(target, and_(target.c.run_id == 1, target.c.id == all_links.c.target_id))
        .where(all_links.c.run_id == 1)
    )
    stored = defaultdict(Counter)
    with engine.connect() as connection:
        for page, linked, nofollow, section in connection.execute(query):
            if linked.startswith("http"):
                stored[page][linked, nofollow, section] += 1
        counts = {
            table.name: connection.scalar(select(func.count()).select_from(table))
            for table in (links, template_links, page_templates)
        }
    pages = sorted(
        path
        for path, record in records.items()
        if record["status"] == 200 and "html" in (record["content_type"] or "")
    )
    assert counts["page_templates"] >= len(pages)  # each page names its menu's template
    assert counts["template_links"] < 500 < counts["links"]
    for path in pages[::40]:
        url = records[path]["url"]
        body = generated.site.lookup(path)[1].render(url.removesuffix(path))
        shown = set()  # a link shown twice in one section is recorded once
        for link in parse_html(body).links:
            with contextlib.suppress(InvalidURL):
                shown.add((normalize_url(link.href, url), link.nofollow, link.section))
        assert stored[url] == Counter(shown), path
