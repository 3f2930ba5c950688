"""End to end on a shop with known truth: crawl "this week" and "a week later", build both
reports, and find every expected bucket and every expected change; then the same through the
command line (findings, explain, diff, export)."""

import csv
import io
import json
from urllib.parse import urlsplit

import pytest

from gatewatch.demo.scenario import build_scenario, crawl, score
from gatewatch.demo.server import serve
from gatewatch.reports.build import build_report
from gatewatch.reports.compare import is_regression
from gatewatch.reports.findings_csv import COLUMNS
from gatewatch.storage.database import open_database
from tests.conftest import run_gatewatch

pytestmark = pytest.mark.slow


def path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture(scope="module")
def two_weeks(tmp_path_factory):
    scenario = build_scenario(filler=10)
    database = f"sqlite:///{tmp_path_factory.mktemp('scenario') / 'weeks.db'}"
    with serve(scenario.this_week) as server:
        crawl(server.base_url, database)
        server.site = scenario.next_week
        crawl(server.base_url, database)
    engine = open_database(database)
    first = build_report(engine, 1)
    second = build_report(engine, 2)
    return scenario, database, first, second


def open_buckets(report) -> dict[str, str]:
    return {
        path(finding.url): finding.bucket
        for finding in report.findings
        if finding.change not in ("fixed", "not_checked")
    }


def test_every_finding_of_both_weeks_lands_in_its_expected_bucket(two_weeks):
    scenario, _, first, second = two_weeks
    for report, expected in ((first, scenario.expected_this_week),
                             (second, scenario.expected_next_week)):  # fmt: skip
        result = score(expected, open_buckets(report))
        assert result.precision >= 0.95, result.wrong
        assert result.recall >= 0.95, result.wrong
        assert not result.wrong


def test_the_diff_says_what_was_fixed_what_is_new_and_what_could_not_be_checked(two_weeks):
    scenario, _, first, second = two_weeks
    assert first.previous_run_id is None
    assert second.previous_run_id == first.run_id
    result = score(scenario.expected_changes, {path(f.url): f.change for f in second.findings})
    assert not result.wrong
    regressions = [path(f.url) for f in second.findings if is_regression(f)]
    assert set(regressions) == scenario.expected_regressions
    assert [path(f.url) for f in second.findings[: len(regressions)]] == regressions


def test_the_trend_holds_both_runs_with_open_findings_per_bucket(two_weeks):
    scenario, _, _, second = two_weeks
    assert [point.run_id for point in second.trend] == [1, 2]
    expected = list(scenario.expected_next_week.values())
    assert second.trend[-1].counts == {
        bucket: expected.count(bucket) for bucket in ("fix_now", "review", "intentionally_private")
    }


def test_diff_on_the_command_line_lists_changes_for_people_and_for_scripts(two_weeks):
    scenario, database, _, _ = two_weeks
    data = json.loads(run_gatewatch("diff", "--db", database, "--json").stdout)
    assert (data["from_run"], data["to_run"]) == (1, 2)
    assert {path(item["url"]): item["change"] for item in data["findings"]} == (
        scenario.expected_changes
    )
    assert data["counts"]["fixed"] == 3
    table = run_gatewatch("diff", "1", "2", "--db", database).stdout
    assert table.index("Regressions (2)") < table.index("New (2)") < table.index("Fixed (3)")
    assert "/products/summit-pack" in table
    assert "Not checked this time (1)" in table


def test_explain_says_why_and_what_to_do(two_weeks):
    _, database, _, _ = two_weeks
    shown = run_gatewatch("explain", "/admin/", "--db", database).stdout
    assert "bucket: intentionally_private" in shown
    assert "since the previous run: changed_bucket" in shown
    assert "its path matches the private pattern 'admin'" in shown
    earlier = run_gatewatch("explain", "1", "/admin/", "--db", database).stdout
    assert "bucket: review" in earlier
    assert "remove from sitemap" in earlier
    soft = run_gatewatch("explain", "/blog/removed-post", "--db", database).stdout
    assert "evidence:\n  - soft_404:" in soft
    assert "restore the page" in soft
    fine = run_gatewatch("explain", "/about", "--db", database).stdout
    assert "no problem in run 2 (it answered 200)" in fine
    unknown = run_gatewatch("explain", "/nowhere", "--db", database, check=False)
    assert unknown.returncode == 1
    assert "was not fetched in run 2" in unknown.stderr


def test_findings_can_be_filtered_by_bucket_as_json_or_csv(two_weeks):
    scenario, database, _, _ = two_weeks
    found = json.loads(
        run_gatewatch("findings", "--bucket", "fix_now", "--json", "--db", database).stdout
    )
    expected = {p for p, bucket in scenario.expected_next_week.items() if bucket == "fix_now"}
    assert {path(item["url"]) for item in found} == expected
    assert all(item["actions"] and item["reasons"] for item in found)
    rows = list(
        csv.DictReader(io.StringIO(run_gatewatch("findings", "--csv", "--db", database).stdout))
    )
    assert {path(row["url"]): row["bucket"] for row in rows} == scenario.expected_next_week
    assert tuple(rows[0]) == COLUMNS  # the one findings CSV, as `report --csv` writes it


def test_the_export_carries_bucket_and_change_and_fixed_urls_say_so(two_weeks):
    _, database, _, _ = two_weeks
    lines = run_gatewatch("export", "2", "--db", database).stdout.splitlines()
    records = {path(record["url"]): record for record in map(json.loads, lines)}
    assert records["/products/trail-map"]["change"] == "fixed"
    assert records["/products/trail-map"]["bucket"] is None
    assert records["/products/summit-pack"]["bucket"] == "fix_now"
    assert records["/products/summit-pack"]["change"] == "new"
    assert records["/about"]["bucket"] is None
    assert records["/about"]["change"] is None
    exported = run_gatewatch("export", "2", "--format", "csv", "--db", database).stdout
    rows = {path(row["url"]): row for row in csv.DictReader(io.StringIO(exported))}
    assert (rows["/admin/"]["bucket"], rows["/admin/"]["change"]) == (
        "intentionally_private",
        "changed_bucket",
    )
