"""`gatewatch report` end to end: two real crawls of a served shop, then the files a user gets."""

import csv

import pytest

from gatewatch.demo.scenario import build_scenario, crawl
from gatewatch.demo.server import serve
from gatewatch.reports.build import build_report
from gatewatch.storage.database import open_database
from tests.conftest import fresh_postgres_url, run_gatewatch


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def two_weeks(request, tmp_path_factory):
    if request.param == "sqlite":
        database = f"sqlite:///{tmp_path_factory.mktemp('report') / 'weeks.db'}"
    else:
        database = fresh_postgres_url(request.getfixturevalue("postgres_schema"))
    scenario = build_scenario(filler=5)
    with serve(scenario.this_week) as server:
        crawl(server.base_url, database)
        server.site = scenario.next_week
        crawl(server.base_url, database)
    return database


@pytest.mark.crawl
def test_report_writes_the_html_the_email_the_text_and_the_csv(two_weeks, tmp_path):
    out = tmp_path / "out"
    result = run_gatewatch(
        "report", "--db", two_weeks, "-o", str(out / "week.html"),
        "--email-html", str(out / "mail.html"), "--text", str(out / "mail.txt"),
        "--csv", str(out / "findings.csv"),
    )  # fmt: skip
    for name in ("week.html", "mail.html", "mail.txt", "findings.csv"):
        assert f"to {out / name}" in result.stdout
    assert "subject: " in result.stdout
    report = build_report(open_database(two_weeks), 2)
    page = (out / "week.html").read_text(encoding="utf-8")
    assert f"run {report.run_id} ({report.run_status})" in page
    assert f"compared with run {report.previous_run_id}" in page
    with open(out / "findings.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == len(report.findings)
    assert {row["url"] for row in rows} == {finding.url for finding in report.findings}
    for finding in report.findings:
        if finding.change != "fixed":
            assert finding.kind in page
    mail = (out / "mail.html").read_text(encoding="utf-8")
    assert "week.html" in mail
    assert "<script" not in mail
    text = (out / "mail.txt").read_text(encoding="utf-8")
    assert text.splitlines()[0] == result.stdout.split("subject: ", 1)[1].splitlines()[0]


@pytest.mark.crawl
def test_report_of_an_earlier_run_and_a_bad_run_number(two_weeks, tmp_path):
    first = run_gatewatch("report", "1", "--db", two_weeks, "-o", str(tmp_path / "one.html"))
    assert "run 1 of" in first.stdout
    assert "no previous run to compare with" in (tmp_path / "one.html").read_text()
    missing = run_gatewatch(
        "report", "99", "--db", two_weeks, "-o", str(tmp_path / "x.html"), check=False
    )
    assert missing.returncode == 1
    assert "run 99 does not exist" in missing.stderr
    assert not (tmp_path / "x.html").exists()


def test_report_on_an_empty_database_says_to_crawl_first(tmp_path):
    result = run_gatewatch(
        "report", "--db", str(tmp_path / "empty.db"), "-o", str(tmp_path / "r.html"), check=False
    )
    assert result.returncode == 1
    assert "gatewatch crawl URL" in result.stderr
    assert not (tmp_path / "r.html").exists()


@pytest.mark.crawl
def test_an_unwritable_output_is_a_clear_error(two_weeks, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run_gatewatch("report", "--db", two_weeks, "-o", str(blocker / "r.html"), check=False)
    assert result.returncode == 1
    assert f"cannot write {blocker / 'r.html'}" in result.stderr
    assert "Traceback" not in result.stderr
