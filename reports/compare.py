"""What changed between two runs' findings. Pure.

A finding of the previous run that is gone in this one is `fixed` only if this run fetched the
URL again; a URL this run did not check (page limit, not linked any more, robots.txt) is
`not_checked`: absence of evidence is not a fix.

A previous run's saved findings include its `fixed` and `not_checked` rows. A `fixed` one is no
open finding: the same URL broken again is `new`. A `not_checked` one is carried for one run
only: when this run checks the URL it is compared as usual (persisting, or fixed), when this run
does not check it either it is dropped, so that a page the owner removed from the sitemap and
from every link (as the report advises) does not haunt every later report.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import replace

from gatewatch.reports.model import BUCKETS, Finding

CHANGE_ORDER = {"new": 0, "changed_bucket": 1, "persisting": 2, "fixed": 3, "not_checked": 4}
BUCKET_ORDER = {bucket: rank for rank, bucket in enumerate(BUCKETS)}


def is_regression(finding: Finding) -> bool:
    """It answered 2xx in the previous run and has a problem now."""
    return finding.change != "fixed" and any(r.code == "regression" for r in finding.reasons)


def order_key(finding: Finding) -> tuple:
    """Regressions first, then new, changed, persisting, fixed, not checked; within each,
    fix_now before review before intentionally_private, then by impact."""
    return (
        not is_regression(finding),
        CHANGE_ORDER.get(finding.change or "new", 0),
        BUCKET_ORDER.get(finding.bucket, len(BUCKETS)),
        -finding.impact,
        finding.url,
    )


def compare(
    previous_findings: Iterable[Finding],
    current_findings: Iterable[Finding],
    checked_urls: Collection[str],
) -> list[Finding]:
    """The current findings marked new / persisting / changed_bucket, plus the previous ones
    that are fixed or were not checked this time; sorted by `order_key`.

    `checked_urls`: the URLs this run fetched (or decided about, e.g. robots.txt blocked).
    """
    previous = {finding.url: finding for finding in previous_findings if finding.change != "fixed"}
    result: list[Finding] = []
    seen: set[str] = set()
    for finding in current_findings:
        seen.add(finding.url)
        before = previous.get(finding.url)
        if before is None:
            change = "new"
        elif before.bucket != finding.bucket:
            change = "changed_bucket"
        else:
            change = "persisting"
        result.append(
            replace(
                finding,
                change=change,
                previous_bucket=before.bucket if before else finding.previous_bucket,
                previous_status=finding.previous_status
                if finding.previous_status is not None or before is None
                else before.status,
            )
        )
    for url, before in previous.items():
        if url in seen:
            continue
        if url in checked_urls:
            change = "fixed"
        elif before.change == "not_checked":
            continue  # unchecked twice in a row: carried once already, not again
        else:
            change = "not_checked"
        result.append(
            replace(
                before, change=change, previous_bucket=before.bucket, previous_status=before.status
            )
        )
    result.sort(key=order_key)
    return result
