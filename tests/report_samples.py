"""Hand-made Reports for the rendering tests: realistic ones of any size, and hostile ones."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from gatewatch.reports.model import BUCKETS, Finding, Reason, Report, RunPoint

SCRIPT_TITLE = "<script>window.pwned = 1; document.title = 'pwned'</script>"
ATTRIBUTE_BREAKOUT = '"><img src=x onerror="window.pwned=2">'
JAVASCRIPT_URL = "javascript:window.pwned=3"

KINDS = {
    "fix_now": ("soft_404", "forbidden", "soft_401", "redirect_login", "missing_challenge"),
    "review": ("forbidden", "unauthorized", "bot_shield", "redirect_home", "login_body"),
    "intentionally_private": ("unauthorized", "forbidden", "redirect_login"),
}
STATUSES = {
    "soft_404": (200, 200),
    "forbidden": (403, 403),
    "soft_401": (200, 200),
    "redirect_login": (302, 200),
    "missing_challenge": (401, 401),
    "unauthorized": (401, 401),
    "bot_shield": (403, 403),
    "redirect_home": (301, 200),
    "login_body": (403, 403),
}
PATHS = ("products", "blog", "help", "account", "admin", "checkout", "docs", "stores")


def make_finding(index: int, bucket: str, change: str | None, chance: random.Random) -> Finding:
    kind = chance.choice(KINDS[bucket])
    status, final_status = STATUSES[kind]
    path = chance.choice(PATHS)
    url = f"https://shop.example/{path}/item-{index:06d}"
    in_sitemap = bucket == "fix_now" and chance.random() < 0.7
    backlinks = chance.choice((0, 0, 0, 1, 3, 12, 140)) if bucket != "intentionally_private" else 0
    reasons = [Reason("kind", f"answers {status} ({kind.replace('_', ' ')})")]
    actions = []
    if in_sitemap:
        reasons.append(Reason("in_sitemap", "listed in sitemap https://shop.example/sitemap.xml"))
        actions.append("remove from sitemap or make the page public again")
    if backlinks:
        reasons.append(Reason("backlinks", f"{backlinks} external links from {backlinks} domains"))
    if bucket == "intentionally_private":
        reasons.append(Reason("private_path", f"path /{path}/ is private by rule"))
        actions.append("nothing: private on purpose")
    else:
        actions.append("return the page with 200, or 404/410 if it is gone")
    return Finding(
        url=url,
        kind=kind,
        bucket=bucket,
        status=status,
        final_url="https://shop.example/login?next=/x" if kind == "redirect_login" else url,
        final_status=final_status,
        title=f"Item {index} \N{EN DASH} {path.title()} | Shop",
        reasons=tuple(reasons),
        actions=tuple(actions),
        impact=round(chance.uniform(0, 100) if bucket == "fix_now" else chance.uniform(0, 30), 2),
        in_sitemap=in_sitemap,
        backlinks=backlinks,
        referring_domains=backlinks,
        inlinks=chance.randint(0, 40),
        public_inlinks=chance.randint(0, 5),
        depth=chance.randint(1, 6),
        change=change,
        previous_bucket="review" if change == "changed_bucket" else None,
        previous_status=200 if change == "new" and chance.random() < 0.5 else None,
        evidence={"probe_distance": chance.randint(0, 3), "matched": ["title", "probe"]},
    )


def make_report(findings: int = 60, seed: int = 4, runs: int = 8) -> Report:
    """A report of shop.example with `findings` findings spread over buckets and changes."""
    chance = random.Random(seed)
    shares = {"fix_now": 0.2, "review": 0.35, "intentionally_private": 0.45}
    result = []
    for index in range(findings):
        bucket = chance.choices(BUCKETS, weights=[shares[b] for b in BUCKETS])[0]
        change = chance.choices(
            ("new", "persisting", "fixed", "changed_bucket"), weights=(0.15, 0.7, 0.1, 0.05)
        )[0]
        result.append(make_finding(index, bucket, change, chance))
    started = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)
    trend = [
        RunPoint(
            run_id=100 + week,
            started_at=started - timedelta(weeks=runs - 1 - week),
            counts={
                "fix_now": max(0, int(findings * 0.2) + chance.randint(-5, 5) - (runs - week)),
                "review": int(findings * 0.35) + chance.randint(-3, 3),
                "intentionally_private": int(findings * 0.45),
            },
        )
        for week in range(runs)
    ]
    if trend:
        trend[-1] = RunPoint(trend[-1].run_id, trend[-1].started_at, _open_counts(result))
    return Report(
        site="shop.example",
        start_url="https://shop.example/",
        run_id=100 + runs - 1,
        run_status="completed",
        started_at=started,
        finished_at=started + timedelta(minutes=42),
        pages_crawled=findings * 10,
        urls_met=findings * 12,
        previous_run_id=100 + runs - 2,
        findings=result,
        trend=trend,
        notes=["URLs shaped /products/* answer soft 404s for items that do not exist"],
    )


def _open_counts(findings: list[Finding]) -> dict[str, int]:
    counts = dict.fromkeys(BUCKETS, 0)
    for finding in findings:
        if finding.change != "fixed":
            counts[finding.bucket] += 1
    return counts


def hostile_findings() -> list[Finding]:
    """Findings whose title, URL, reasons, evidence and actions try to run script."""
    return [
        Finding(
            url="https://shop.example/search?q=%3Cscript%3E",
            kind="soft_404",
            bucket="fix_now",
            status=200,
            final_status=200,
            title=SCRIPT_TITLE,
            reasons=(Reason("anchor", f"linked with anchor text {ATTRIBUTE_BREAKOUT}"),),
            actions=(SCRIPT_TITLE,),
            impact=99.0,
            in_sitemap=True,
            change="new",
            evidence={"anchor": ATTRIBUTE_BREAKOUT, SCRIPT_TITLE: SCRIPT_TITLE},
        ),
        Finding(
            url=JAVASCRIPT_URL,
            kind="forbidden",
            bucket="fix_now",
            status=403,
            title=ATTRIBUTE_BREAKOUT,
            impact=98.0,
            change="new",
        ),
        Finding(
            url=f"https://shop.example/a{ATTRIBUTE_BREAKOUT}",
            kind="unauthorized",
            bucket="review",
            status=401,
            title="<b>bold</b>",
            final_url=" javascript:window.pwned=4",
            impact=5.0,
            change="persisting",
        ),
    ]


def hostile_report() -> Report:
    report = make_report(30, seed=9)
    report.findings.extend(hostile_findings())
    report.site = f"shop.example{SCRIPT_TITLE}"
    report.notes.append(SCRIPT_TITLE)
    return report
