"""Reports over saved runs, on SQLite and PostgreSQL: what a page that breaks again, a page
no longer met, a site that is down, a list saved mid-crawl and a CLI rebuild do to the report."""

import csv
import io
import json
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from gatewatch.reports.build import build_report, report_for
from gatewatch.reports.render import render_email, render_html
from gatewatch.reports.rules import Rules
from gatewatch.storage.database import open_database
from gatewatch.storage.findings import findings_summary
from gatewatch.storage.models import responses, runs, urls
from tests.conftest import run_gatewatch
from tests.test_findings_storage import LINKS, PAGES, SITE, write_run


def set_response(engine, run_id: int, path: str, **values) -> None:
    """Change what the run recorded for one URL, as if the crawl had seen that."""
    url_id = select(urls.c.id).where(urls.c.run_id == run_id, urls.c.url == SITE + path)
    with engine.begin() as connection:
        connection.execute(
            update(responses)
            .where(responses.c.run_id == run_id, responses.c.url_id == url_id.scalar_subquery())
            .values(**values)
        )


def changes(report) -> dict[str, str | None]:
    return {finding.url.removeprefix(SITE): finding.change for finding in report.findings}


# 1. Fixed, then broken again


def test_a_page_fixed_and_broken_again_is_new_and_a_regression(database_url):
    engine = open_database(database_url)
    first = write_run(engine, {**PAGES, "/guide": 403}, LINKS)
    build_report(engine, first)
    second = write_run(engine, PAGES, LINKS)
    assert changes(build_report(engine, second))["/guide"] == "fixed"
    third = write_run(engine, {**PAGES, "/guide": 403}, LINKS)
    broken_again = {f.url: f for f in build_report(engine, third).findings}[SITE + "/guide"]
    assert broken_again.change == "new"
    assert any(reason.code == "regression" for reason in broken_again.reasons)


# 2. A finding the run did not check: once, and never as an open finding


def test_a_page_taken_out_of_every_link_is_not_checked_once_then_dropped(database_url):
    engine = open_database(database_url)
    links = [*LINKS, ("/", "/old", "main"), ("/about", "/old", "main")]
    first = write_run(engine, {**PAGES, "/old": 404}, links)
    assert changes(build_report(engine, first))["/old"] is None
    second = write_run(engine, PAGES, LINKS)  # the owner removed /old and every link to it
    report = build_report(engine, second)
    assert changes(report)["/old"] == "not_checked"
    assert report.counts()["fix_now"] == 1  # /price-list only
    mail = render_email(report, "report.html")
    assert SITE + "/old" not in mail.text
    assert SITE + "/old" not in mail.html
    page = render_html(report)
    assert page.index('id="not-checked"') < page.index(SITE + "/old")
    explained = run_gatewatch("explain", "/old", "--db", database_url).stdout
    assert "not checked: this run did not fetch it; it was fix_now" in explained
    third = write_run(engine, PAGES, LINKS)
    assert "/old" not in changes(build_report(engine, third))


# 4. The CLI shows the findings the scheduler saved with the site's rules


@pytest.mark.slow
def test_report_on_the_command_line_keeps_the_findings_saved_with_the_sites_rules(
    database_url, tmp_path
):
    engine = open_database(database_url)
    site_rules = Rules(important_public_inlinks=5)  # /price-list (3 public links): review
    run_ids = [write_run(engine, PAGES, LINKS) for _ in range(3)]
    for run_id in run_ids:
        build_report(engine, run_id, rules=site_rules)  # as the scheduler does
    saved = findings_summary(engine, run_ids[2])

    def price_list_row(*arguments: str) -> dict[str, str]:
        out = tmp_path / "findings.csv"
        run_gatewatch("report", *arguments, "--db", database_url, "-o",
                      str(tmp_path / "r.html"), "--csv", str(out))  # fmt: skip
        rows = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))
        return next(row for row in rows if row["url"] == SITE + "/price-list")

    row = price_list_row()
    assert (row["bucket"], row["change"]) == ("review", "persisting")
    assert findings_summary(engine, run_ids[2]) == saved
    compared_with_first = price_list_row(str(run_ids[2]), "--previous", str(run_ids[0]))
    assert compared_with_first["change"] == "changed_bucket"  # default rules, shown
    assert findings_summary(engine, run_ids[2]) == saved  # ... and not saved
    rebuilt = price_list_row("--rebuild")
    assert (rebuilt["bucket"], rebuilt["change"]) == ("fix_now", "changed_bucket")
    assert findings_summary(engine, run_ids[2])["built_at"] > saved["built_at"]


def test_a_saved_report_reads_back_like_the_built_one(database_url):
    engine = open_database(database_url)
    write_run(engine, PAGES, LINKS)
    second = write_run(engine, {**PAGES, "/guide": 403}, LINKS)
    built = build_report(engine, second)
    saved = findings_summary(engine, second)
    shown = report_for(engine, second)
    assert findings_summary(engine, second) == saved  # read, not built again
    assert [(f.url, f.bucket, f.change) for f in shown.findings] == [
        (f.url, f.bucket, f.change) for f in built.findings
    ]
    assert (shown.pages_crawled, shown.urls_met) == (built.pages_crawled, built.urls_met) == (5, 5)
    assert (shown.previous_run_id, shown.notes) == (built.previous_run_id, built.notes)
    assert [point.run_id for point in shown.trend] == [point.run_id for point in built.trend]


# 5. A site that does not answer


def test_a_start_page_that_did_not_answer_is_a_finding_and_a_note(database_url):
    engine = open_database(database_url)
    run_id = write_run(engine, PAGES, LINKS)
    set_response(engine, run_id, "/", status=None, error="DNS lookup failed", flags="error")
    report = build_report(engine, run_id)
    down = {f.url: f for f in report.findings}[SITE + "/"]
    assert (down.kind, down.bucket) == ("unreachable", "fix_now")
    assert "DNS lookup failed" in down.reasons[0].text
    assert report.notes[0].startswith("the site did not answer")
    assert report_for(engine, run_id).notes[0] == report.notes[0]  # from the saved findings
    mail = render_email(report, "report.html")
    assert "the site did not answer" in mail.subject
    assert "did not answer" in mail.text.split("Fix now")[0]


# 7. Spreadsheet formulas from crawled titles


def test_csv_from_findings_and_export_quote_formulas_in_crawled_titles(database_url):
    engine = open_database(database_url)
    run_id = write_run(engine, PAGES, LINKS)
    formula = '=HYPERLINK("http://evil.example","click")'
    set_response(engine, run_id, "/price-list", title=formula)
    found = run_gatewatch("findings", "--csv", "--db", database_url).stdout
    rows = {row["url"]: row for row in csv.DictReader(io.StringIO(found))}
    assert rows[SITE + "/price-list"]["title"] == "'" + formula
    exported = run_gatewatch("export", "--format", "csv", "--db", database_url).stdout
    records = {row["url"]: row for row in csv.DictReader(io.StringIO(exported))}
    assert records[SITE + "/price-list"]["title"] == "'" + formula
    assert records[SITE + "/about"]["title"] == "<script>alert(1)</script>"  # text as it is


# 8. A list saved mid-crawl


def test_a_run_still_crawling_is_never_saved_even_when_asked(database_url):
    engine = open_database(database_url)
    run_id = write_run(engine, PAGES, LINKS)
    with engine.begin() as connection:
        connection.execute(update(runs).where(runs.c.id == run_id).values(status="running"))
    assert len(build_report(engine, run_id).findings) == 2
    assert findings_summary(engine, run_id) is None


def test_a_previous_run_saved_before_it_ended_is_classified_again(database_url):
    engine = open_database(database_url)
    first = write_run(engine, PAGES, LINKS)
    build_report(engine, first)  # saved while /guide had not been fetched yet ...
    set_response(engine, first, "/guide", status=403)  # ... and the crawl went on
    ended = findings_summary(engine, first)["built_at"] + timedelta(minutes=5)
    with engine.begin() as connection:
        connection.execute(update(runs).where(runs.c.id == first).values(finished_at=ended))
    second = write_run(engine, {**PAGES, "/guide": 403}, LINKS)
    assert changes(build_report(engine, second))["/guide"] == "persisting"


# 9. `gatewatch explain 2`


def test_explain_with_only_a_run_number_asks_for_the_url(tmp_path):
    database = str(tmp_path / "runs.db")
    write_run(open_database(database), PAGES, LINKS)
    result = run_gatewatch("explain", "1", "--db", database, check=False)
    assert result.returncode == 2
    assert "give a URL: gatewatch explain [RUN] URL" in result.stderr


@pytest.mark.slow
def test_a_rebuild_classifies_with_the_rules_of_the_sites_config(database_url, tmp_path):
    engine = open_database(database_url)
    run_id = write_run(engine, PAGES, LINKS)
    build_report(engine, run_id)
    config = tmp_path / "gatewatch.toml"
    config.write_text(
        f'[[sites]]\nname = "t"\nstart_url = "{SITE}/"\nschedule = "daily at 03:00 UTC"\n'
        "[sites.rules]\nimportant_public_inlinks = 5\n",
        encoding="utf-8",
    )

    def price_list_bucket(*arguments: str) -> str:
        result = run_gatewatch("findings", "--rebuild", "--json", "--db", database_url,
                               *arguments, cwd=tmp_path)  # fmt: skip
        found = {finding["url"]: finding for finding in json.loads(result.stdout)}
        return found[SITE + "/price-list"]["bucket"]

    assert price_list_bucket() == "review"  # ./gatewatch.toml, found in the working folder
    config.rename(tmp_path / "elsewhere.toml")
    assert price_list_bucket() == "fix_now"  # no config: the default rules
    assert price_list_bucket("--config", str(tmp_path / "elsewhere.toml")) == "review"
