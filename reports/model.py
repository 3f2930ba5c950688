"""What classification and comparison hand to rendering: findings and the report around them.

Plain data, so that buckets, diff, HTML, e-mail and CSV can each be built and tested alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

BUCKETS = ("fix_now", "review", "intentionally_private")
CHANGES = ("new", "fixed", "persisting", "changed_bucket", "not_checked")
TREND_RUNS = 12  # runs a report's trend holds and shows: this one and the eleven before


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a finding is in its bucket: a code for scripts, a sentence for people."""

    code: str  # e.g. "in_sitemap", "backlinks", "private_path", "regression"
    text: str  # e.g. "listed in sitemap https://shop.test/sitemap.xml"


@dataclass(slots=True)
class Finding:
    """One URL with a problem (or one that was fixed since the previous run)."""

    url: str
    kind: str  # soft_404, unauthorized, forbidden, not_found, gone, server_error, soft_401,
    #            soft_403, redirect_home, redirect_login, bot_shield, missing_challenge,
    #            login_body, ...
    bucket: str  # one of BUCKETS
    status: int | None = None  # the first answer's status
    final_url: str | None = None
    final_status: int | None = None
    title: str | None = None  # hostile: escape when rendering
    flags: tuple[str, ...] = ()
    reasons: tuple[Reason, ...] = ()
    actions: tuple[str, ...] = ()  # "remove from sitemap", "return 401 with WWW-Authenticate"
    impact: float = 0.0  # higher first within a bucket
    in_sitemap: bool = False
    backlinks: int = 0  # external links pointing here
    referring_domains: int = 0
    inlinks: int = 0  # internal pages linking here
    public_inlinks: int = 0  # of those, public content pages (not navigation, not private)
    depth: int | None = None
    url_id: int | None = None
    change: str | None = None  # one of CHANGES, when compared with a previous run
    previous_bucket: str | None = None
    previous_status: int | None = None
    evidence: dict[str, Any] = field(default_factory=dict)  # the detectors' evidence


@dataclass(frozen=True, slots=True)
class RunPoint:
    """One run in the trend chart."""

    run_id: int
    started_at: datetime
    counts: dict[str, int]  # per bucket


@dataclass(slots=True)
class Report:
    """Everything a report shows about one run of one site."""

    site: str
    start_url: str
    run_id: int
    run_status: str
    started_at: datetime
    finished_at: datetime | None
    pages_crawled: int
    urls_met: int
    previous_run_id: int | None = None
    findings: list[Finding] = field(default_factory=list)  # includes "fixed" ones
    trend: list[RunPoint] = field(default_factory=list)  # oldest first, this run last (TREND_RUNS)
    notes: list[str] = field(default_factory=list)  # e.g. "shape /p/* answers soft 404s"
    incomplete: str | None = None  # why the run cannot vouch for a fix (reports.completeness)
    worker: str | None = None  # the `gatewatch worker` that crawled the run, if one did

    def counts(self) -> dict[str, int]:
        """Open findings per bucket: not the fixed ones, nor those this run did not check."""
        result = dict.fromkeys(BUCKETS, 0)
        for finding in self.findings:
            if finding.change not in ("fixed", "not_checked"):
                result[finding.bucket] += 1
        return result

    def changes(self) -> dict[str, int]:
        result = dict.fromkeys(CHANGES, 0)
        for finding in self.findings:
            if finding.change:
                result[finding.change] += 1
        return result
