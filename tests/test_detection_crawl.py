"""The detectors in a real crawl: corpus sites served on 127.0.0.1, with probes fetched over
HTTP, and the verdicts read back from the database."""

import json
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from gatewatch.demo.corpus import load_corpus
from gatewatch.demo.server import serve
from gatewatch.storage.database import open_database
from gatewatch.storage.models import probes, runs
from tests.conftest import run_gatewatch

pytestmark = pytest.mark.crawl

SOFT_404 = {"soft_404", "redirect_home"}
LOGIN_WALL = {"soft_401", "redirect_login"}
ACCESS_DENIED = {"soft_403"}
# One site per way of answering a URL that cannot exist: an honest 404, a 200 template,
# a redirect to an error page, a redirect to the home page, a redirect to the sign-in page.
SITES = ("bytegarden", "planloop", "kestrel-marine", "maison-lune", "code-orbital")


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture(scope="module")
def corpus_crawls(tmp_path_factory):
    database = f"sqlite:///{tmp_path_factory.mktemp('detect') / 'crawl.db'}"
    corpus = {entry.name: entry for entry in load_corpus() if entry.name in SITES}
    crawled = {}
    for name in SITES:
        with serve(corpus[name].site) as server:
            summary = json.loads(
                run_gatewatch("crawl", f"{server.base_url}/", "--db", database, "--json").stdout
            )
        export = run_gatewatch("export", str(summary["run"]), "--db", database).stdout
        records = {_path(record["url"]): record for record in map(json.loads, export.splitlines())}
        crawled[name] = (corpus[name], summary["run"], records)
    return database, crawled


def _kind(flags) -> str:
    if SOFT_404 & set(flags):
        return "soft_404"
    if LOGIN_WALL & set(flags):
        return "login_wall"
    if ACCESS_DENIED & set(flags):
        return "access_denied"
    return "ok"


def test_no_ordinary_page_is_flagged(corpus_crawls):
    _, crawled = corpus_crawls
    wrong = [
        (name, path, records[path]["flags"])
        for name, (entry, _, records) in crawled.items()
        for path, label in entry.labels.items()
        if label == "ok" and _kind(records[path]["flags"]) != "ok"
    ]
    assert not wrong


def test_soft_404s_and_login_walls_are_found_as_labelled(corpus_crawls):
    _, crawled = corpus_crawls
    labelled = [
        (name, path, label, _kind(records[path]["flags"]))
        for name, (entry, _, records) in crawled.items()
        for path, label in entry.labels.items()
        if label != "ok"
    ]
    found = [row for row in labelled if row[2] == row[3]]
    assert len(labelled) >= 25
    assert len(found) / len(labelled) >= 0.9, [row for row in labelled if row[2] != row[3]]


def test_the_run_records_whether_each_shape_answers_honest_404s(corpus_crawls):
    database, crawled = corpus_crawls
    engine = open_database(database)
    with engine.connect() as connection:
        honesty = {
            run_id: connection.execute(select(runs.c.honesty).where(runs.c.id == run_id)).scalar()
            for _, run_id, _ in crawled.values()
        }
        probe_count = connection.execute(select(probes.c.url)).all()
    # shapes without a query string: "?s=" search pages and the like answer 200 on any site
    by_site = {
        name: {answer for shape, answer in honesty[run_id].items() if shape.endswith("|?")}
        for name, (_, run_id, _) in crawled.items()
    }
    assert by_site["bytegarden"] == {"honest"}
    assert by_site["planloop"] == {"soft"}
    assert by_site["maison-lune"] == {"redirect to home"}
    assert by_site["code-orbital"] == {"redirect to login"}
    # probes cost a few requests per host and URL shape, not per page
    pages = sum(len(records) for _, _, records in crawled.values())
    assert len(probe_count) < pages


def test_check_explains_one_url_like_the_crawl_judged_it():
    entry = next(entry for entry in load_corpus() if entry.name == "planloop")
    path = next(path for path, label in entry.labels.items() if label == "soft_404")
    with serve(entry.site) as server:
        result = run_gatewatch("check", f"{server.base_url}{path}", "--json")
        people = run_gatewatch("check", f"{server.base_url}{path}")
    checked = json.loads(result.stdout)
    assert "soft_404" in {verdict["flag"] for verdict in checked["verdicts"]}
    assert checked["probes"]
    assert all(probe["status"] == 200 for probe in checked["probes"])
    assert "does NOT answer URLs that cannot exist with a 404" in people.stdout
    assert "soft_404" in people.stdout
