"""Comparing two runs: new, fixed, persisting, changed bucket; a URL the newer run did not check
is never called fixed; regressions come first."""

from gatewatch.reports.compare import compare, is_regression
from gatewatch.reports.model import Finding, Reason


def finding(path: str, bucket: str = "fix_now", impact: float = 1.0, **fields) -> Finding:
    return Finding(url=f"https://shop.test{path}", kind="forbidden", bucket=bucket,
                   status=403, impact=impact, **fields)  # fmt: skip


def url(path: str) -> str:
    return f"https://shop.test{path}"


def changes(result) -> dict[str, str]:
    return {item.url.removeprefix("https://shop.test"): item.change for item in result}


def test_each_url_is_new_persisting_changed_fixed_or_not_checked():
    previous = [
        finding("/a"),
        finding("/b", bucket="review"),
        finding("/c"),
        finding("/d"),
    ]
    current = [finding("/a"), finding("/b", bucket="fix_now"), finding("/e")]
    checked = {url("/a"), url("/b"), url("/c"), url("/e")}
    result = compare(previous, current, checked)
    assert changes(result) == {
        "/a": "persisting",
        "/b": "changed_bucket",
        "/c": "fixed",
        "/d": "not_checked",
        "/e": "new",
    }
    changed = next(item for item in result if item.url == url("/b"))
    assert (changed.previous_bucket, changed.bucket) == ("review", "fix_now")


def test_a_url_missing_from_the_newer_crawl_is_not_checked_never_fixed():
    result = compare([finding("/old")], [], checked_urls=set())
    assert [item.change for item in result] == ["not_checked"]


def test_regressions_come_first_then_new_then_the_rest_by_bucket_and_impact():
    regression = finding("/r", impact=0.5, reasons=(Reason("regression", "answered 200"),))
    current = [
        finding("/persisting-review", bucket="review", impact=90),
        finding("/persisting-fix", impact=10),
        finding("/new-private", bucket="intentionally_private"),
        finding("/new-fix-low", impact=1),
        finding("/new-fix-high", impact=50),
        regression,
    ]
    previous = [finding("/persisting-review", bucket="review"), finding("/persisting-fix"),
                finding("/fixed")]  # fmt: skip
    result = compare(previous, current, {url("/fixed")})
    assert [item.url.removeprefix("https://shop.test") for item in result] == [
        "/r",
        "/new-fix-high",
        "/new-fix-low",
        "/new-private",
        "/persisting-fix",
        "/persisting-review",
        "/fixed",
    ]
    assert is_regression(result[0])
    assert not is_regression(result[1])


def test_a_finding_fixed_before_is_not_reported_fixed_again_but_one_not_checked_is_kept():
    previous = [
        finding("/fixed-last-week", change="fixed"),
        finding("/unchecked", change="not_checked"),
    ]
    result = compare(previous, [], {url("/fixed-last-week"), url("/unchecked")})
    assert changes(result) == {"/unchecked": "fixed"}


def test_the_previous_status_is_kept_for_a_fixed_url():
    result = compare([finding("/a")], [], {url("/a")})
    assert (result[0].change, result[0].previous_status) == ("fixed", 403)


def test_a_page_fixed_last_run_that_breaks_again_is_new_not_persisting():
    previous = [finding("/x", change="fixed", previous_status=403)]
    result = compare(previous, [finding("/x")], {url("/x")})
    assert changes(result) == {"/x": "new"}
    assert result[0].previous_bucket is None


def test_a_finding_not_checked_last_run_is_not_carried_again():
    previous = [finding("/removed-from-sitemap-and-links", change="not_checked")]
    assert compare(previous, [], checked_urls=set()) == []


def test_a_finding_not_checked_last_run_and_broken_now_is_still_persisting():
    previous = [finding("/skipped", change="not_checked")]
    assert changes(compare(previous, [finding("/skipped")], {url("/skipped")})) == {
        "/skipped": "persisting"
    }
