"""Which bucket a URL's problem goes in, why, and what fixes it. Pure: records in, findings out.

The order of the decision, for one URL:
1. What is wrong (the kind): the detectors' flags first (the crawler's redirect detector alone
   judges a redirect to the home page: it knows the site's home and its aliases), then
   redirects that end on a login page, then the status of the answer, or no answer at all.
2. Signals that it is private on purpose: a private path, noindex, an access-control answer
   that nobody outside is pointed to.
3. Signals that it matters: a sitemap lists it, external backlinks, links from public content
   pages, and it answered 200 in the previous run (a regression).
4. fix_now when it matters and nothing says it is private; intentionally_private when it is
   access-controlled and nothing public points at it; review when the two disagree, with the
   action that removes the disagreement ("remove from sitemap", "remove the 3 internal links").
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from gatewatch.reports.model import Finding, Reason
from gatewatch.reports.rules import Rules
from gatewatch.storage.url_identity import bare_host

# Detector flags that name the problem, strongest first.
FLAG_KINDS = (
    "redirect_loop", "redirect_chain_too_long", "bot_shield", "disguised_rate_limit", "soft_401",
    "soft_403", "login_body", "redirect_login", "soft_404", "redirect_home", "broken_redirect",
    "missing_challenge",
)  # fmt: skip
ACCESS_KINDS = frozenset(
    ("unauthorized", "forbidden", "soft_401", "soft_403", "login_body", "redirect_login",
     "missing_challenge")
)  # fmt: skip
ERROR_KINDS = frozenset(
    ("not_found", "gone", "server_error", "soft_404", "redirect_home", "redirect_loop",
     "redirect_chain_too_long", "broken_redirect", "disguised_rate_limit", "unreachable")
)  # fmt: skip
KIND_TEXT = {
    "unauthorized": "answers 401",
    "forbidden": "answers 403",
    "not_found": "answers 404",
    "gone": "answers 410",
    "server_error": "answers a server error",
    "soft_404": "a 'not found' page served as a success (soft 404)",
    "soft_401": "a login wall served as a success (soft 401)",
    "soft_403": "an access-denied page served as a success (soft 403)",
    "login_body": "answers a login form with an error status",
    "redirect_login": "redirects to a login page",
    "redirect_home": "redirects to the home page (search engines treat it as a soft 404)",
    "redirect_loop": "redirects in a loop",
    "redirect_chain_too_long": "redirects through more hops than search engines follow",
    "unreachable": "the server did not answer",
    "broken_redirect": "redirects to a URL that does not work",
    "bot_shield": "a bot shield (WAF challenge) blocked the crawler",
    "disguised_rate_limit": "a rate limit disguised as an error page",
    "missing_challenge": "answers 401 without a WWW-Authenticate header",
    "blocked_in_sitemap": "robots.txt disallows it, yet a sitemap lists it",
}


@dataclass(frozen=True, slots=True)
class Inlinks:
    """Internal pages linking to a URL, by kind of source page (each source counted once)."""

    total: int = 0
    public_content: int = 0  # public pages, in their main content
    navigation: int = 0  # public pages, in navigation, header, footer or aside only
    private: int = 0  # pages that are themselves private or not answering 200


@dataclass(frozen=True, slots=True)
class Backlinks:
    """External links to a URL, as imported; `counted_*` are those the rules count."""

    backlinks: int = 0
    referring_domains: int = 0
    best_domain_rating: float | None = None
    followed: int = 0


@dataclass(frozen=True, slots=True)
class Context:
    """What classification knows beyond the record itself."""

    inlinks: Inlinks = Inlinks()
    backlinks: Backlinks = Backlinks()
    previous_status: int | None = None  # the URL's first answer in the previous run
    previous_bucket: str | None = None  # its bucket then, if it was a finding (a 200 that
    #                                     was a soft 404 then is no regression now)
    home_url: str | None = None  # the crawl's start URL: when it does not answer, the site is down


def problem_kind(record: dict, rules: Rules) -> str | None:
    """What is wrong with the URL, or None when nothing is."""
    flags = set(record.get("flags") or ())
    flags.update(verdict.get("flag") for verdict in record.get("verdicts") or ())
    status = record.get("status")
    if not flags and not record.get("redirects") and status is not None and status < 300:
        return None  # the common case, answered without parsing the URL
    if not record.get("fetched", status is not None):
        if "robots_blocked" in flags and record.get("in_sitemap"):
            return "blocked_in_sitemap"
        return None
    login_flags = {"soft_401", "login_body", "redirect_login"}
    if flags & login_flags and rules.is_login_url(record["url"]):
        flags -= login_flags  # a login page may show a login form
    for flag in FLAG_KINDS:
        if flag in flags and flag != "missing_challenge":
            return flag
    final_status = record.get("final_status")
    if record.get("redirects"):
        final_url = record.get("final_url") or ""
        if final_url and rules.is_login_url(final_url) and not rules.is_login_url(record["url"]):
            return "redirect_login"
        status = final_status
    elif status is None and record.get("error"):
        return "unreachable"  # fetched, and no HTTP answer at all: timeout, DNS, refused
    return _status_kind(status)


def _status_kind(status: int | None) -> str | None:
    if status is None:
        return None
    if status == 401:
        return "unauthorized"
    if status == 403:
        return "forbidden"
    if status == 410:
        return "gone"
    if status == 404 or (400 <= status < 500 and status not in (429,)):
        return "not_found"
    if status >= 500:
        return "server_error"
    return None


def is_start_page(url: str, start_url: str | None) -> bool:
    """The crawl's start page, give or take scheme, www and a trailing slash."""
    if not start_url:
        return False
    try:
        here, start = urlsplit(url), urlsplit(start_url)
        hosts = (bare_host(here.hostname), bare_host(start.hostname))
    except ValueError:  # a crawled URL can be malformed
        return False
    return (
        hosts[0] == hosts[1]
        and (here.path.rstrip("/") or "/") == (start.path.rstrip("/") or "/")
        and here.query == start.query
    )


def _noindex(record: dict) -> bool:
    if "noindex" in (record.get("flags") or ()):
        return True
    robots = f"{record.get('meta_robots') or ''} {record.get('x_robots_tag') or ''}".lower()
    return "noindex" in robots or "none" in robots.replace(",", " ").split()


def _counted_backlinks(backlinks: Backlinks, rules: Rules) -> int:
    """Referring domains the rules count (all of them when the import gave no rating)."""
    if backlinks.referring_domains == 0 and backlinks.backlinks == 0:
        return 0
    rating = backlinks.best_domain_rating
    if rating is not None and rating < rules.minimum_domain_rating:
        return 0
    if rules.followed_backlinks_only and backlinks.followed == 0:
        return 0
    return max(backlinks.referring_domains, 1)


def classify(record: dict, context: Context, rules: Rules) -> Finding | None:
    """The finding for one URL record, or None when the URL has no problem."""
    kind = problem_kind(record, rules)
    if kind is None:
        return None
    url = record["url"]
    flags = tuple(record.get("flags") or ())
    private: list[Reason] = []
    exposed: list[Reason] = []
    notes: list[Reason] = []  # explain, but do not decide

    pattern = rules.is_private_path(url)
    if pattern:
        private.append(Reason("private_path", f"its path matches the private pattern {pattern!r}"))
    if _noindex(record):
        private.append(Reason("noindex", "it asks search engines not to index it (noindex)"))
    if "robots_blocked" in flags and kind != "blocked_in_sitemap":
        private.append(Reason("robots_disallow", "robots.txt disallows it"))

    what = Reason(kind, KIND_TEXT.get(kind, kind))
    if kind == "unreachable":
        error = " ".join(str(record.get("error")).split())[:300]
        what = Reason(kind, f"{what.text}: {error}")
        if is_start_page(url, context.home_url):
            exposed.append(Reason("start_page", "it is the start page of the crawl"))
    sitemaps = record.get("sitemaps") or []
    if record.get("in_sitemap"):
        where = f" {sitemaps[0]}" if len(sitemaps) == 1 else f"s ({len(sitemaps)})"
        exposed.append(Reason("in_sitemap", f"listed in sitemap{where}"))
    counted = _counted_backlinks(context.backlinks, rules)
    if counted:
        rating = context.backlinks.best_domain_rating
        strength = f", best domain rating {rating:g}" if rating is not None else ""
        exposed.append(Reason("backlinks", f"{counted} referring domain(s) link to it{strength}"))
    inlinks = context.inlinks
    if inlinks.public_content:
        exposed.append(
            Reason("public_inlinks", f"linked from {inlinks.public_content} public content page(s)")
        )
    if inlinks.navigation and kind in ERROR_KINDS:
        exposed.append(
            Reason(
                "navigation_inlinks", f"in the navigation of {inlinks.navigation} public page(s)"
            )
        )
    elif inlinks.navigation and not inlinks.public_content and kind in ACCESS_KINDS:
        notes.append(
            Reason("navigation_only", "linked only from navigation, as private areas usually are")
        )
    previous = context.previous_status
    regression = (
        previous is not None
        and 200 <= previous < 300
        and context.previous_bucket is None
        and kind != "blocked_in_sitemap"
    )
    if regression:
        exposed.append(Reason("regression", f"answered {previous} in the previous run"))

    bucket, verdict = _bucket(kind, context, rules, private, exposed, counted)
    actions = _actions(kind, bucket, record, context, private, counted)
    return Finding(
        url=url,
        kind=kind,
        bucket=bucket,
        status=record.get("status"),
        final_url=record.get("final_url"),
        final_status=record.get("final_status"),
        title=record.get("title"),
        flags=flags,
        reasons=(what, *verdict, *exposed, *private, *notes),
        actions=tuple(actions),
        impact=_impact(kind, record, context, counted, regression),
        in_sitemap=bool(record.get("in_sitemap")),
        backlinks=context.backlinks.backlinks,
        referring_domains=context.backlinks.referring_domains,
        inlinks=record.get("inlinks") or inlinks.total,
        public_inlinks=inlinks.public_content,
        depth=record.get("depth"),
        previous_bucket=context.previous_bucket,
        previous_status=previous,
        evidence=_evidence(record),
    )


def _bucket(
    kind: str,
    context: Context,
    rules: Rules,
    private: list[Reason],
    exposed: list[Reason],
    counted_backlinks: int,
) -> tuple[str, list[Reason]]:
    """The bucket, and the reason that decided it when the signals alone do not say it."""
    codes = {reason.code for reason in exposed}
    inlinks = context.inlinks
    strong_rating = (context.backlinks.best_domain_rating or 0) >= rules.strong_domain_rating
    important = bool(
        codes & {"in_sitemap", "regression"}
        or (counted_backlinks and (strong_rating or counted_backlinks >= 2))
        or inlinks.public_content >= rules.important_public_inlinks
    )
    if kind == "blocked_in_sitemap":
        return "review", [Reason("mixed", "blocked on purpose, yet submitted to search engines")]
    if kind in ERROR_KINDS:
        if kind == "gone" and not exposed and not inlinks.navigation:
            return "intentionally_private", [Reason("removed", "removed on purpose (410)")]
        if exposed or inlinks.navigation or kind == "server_error":
            return "fix_now", []
        if private:
            return "review", [Reason("mixed", "broken, but only private pages point to it")]
        return "review", [Reason("unlinked", "broken, but no public page or sitemap points to it")]
    # Access control (401, 403, login walls) and bot shields.
    if kind == "bot_shield":
        if exposed:
            return "fix_now", [Reason("not_the_site", "the WAF, not the site, denied access")]
        return "review", [Reason("not_the_site", "the WAF, not the site, denied access")]
    if not private:
        if important:
            return "fix_now", []
        if exposed:
            return "review", [Reason("mixed", "closed, and a few public pages point to it")]
        return "intentionally_private", [
            Reason("not_exposed", "no sitemap, backlink or public content page points to it")
        ]
    if codes == {"regression"}:
        return "review", [Reason("mixed", "closed since the last run, on a private path")]
    if exposed:
        pointers = " and ".join(EXPOSURE_TEXT[code] for code in EXPOSURE_TEXT if code in codes)
        return "review", [Reason("mixed", f"private on purpose, yet reachable from {pointers}")]
    return "intentionally_private", []


EXPOSURE_TEXT = {
    "in_sitemap": "the sitemap",
    "public_inlinks": "public pages",
    "backlinks": "other sites",
}

# The one fix of a kind whatever its bucket (the first action), and the answer a soft error
# page should give instead of 200 (added after the others).
FIX_OF_KIND = {
    "bot_shield": "allow the crawler in the WAF rule",
    "disguised_rate_limit": "answer 429 with Retry-After instead of an error page",
    "server_error": "fix the server error",
    "unreachable": "check the server: it did not answer (timeout, DNS, connection refused)",
    "redirect_loop": "break the loop: point the redirect at a working page",
    "redirect_chain_too_long": "link straight to the final URL and shorten the chain to one hop",
    "broken_redirect": "point the redirect at a working page",
}
ANSWER_OF_KIND = {
    "soft_401": "answer 401, or redirect to the login page, instead of 200",
    "soft_403": "answer 403 (or 404) instead of 200",
}


def _actions(
    kind: str,
    bucket: str,
    record: dict,
    context: Context,
    private: list[Reason],
    counted_backlinks: int,
) -> list[str]:
    """What fixes it, most direct first; every action names what to change."""
    if kind == "blocked_in_sitemap":
        return ["remove from sitemap, or allow it in robots.txt if it should be indexed"]
    public_links = context.inlinks.public_content
    if kind in ERROR_KINDS:  # (a private page in the menu is normal)
        public_links += context.inlinks.navigation
    actions = _fixes(kind, bucket, private, _take_out(record, public_links))
    actions.extend(_right_answer(kind, set(record.get("flags") or ())))
    in_view = record.get("in_sitemap") or public_links
    if bucket != "fix_now" and private and kind in ACCESS_KINDS and in_view:
        actions.extend([] if _noindex(record) else ["add noindex"])
    if bucket == "review" and counted_backlinks and kind in ACCESS_KINDS:
        actions.append("301 it to a public page so its backlinks still count")
    return actions


def _take_out(record: dict, public_links: int) -> list[str]:
    """How to take a page out of view: its sitemap entry, the public links to it."""
    take_out = []
    if record.get("in_sitemap"):
        take_out.append("remove from sitemap")
    if public_links:
        take_out.append(f"remove the {public_links} internal link(s) from public pages")
    return take_out


def _fixes(kind: str, bucket: str, private: list[Reason], take_out: list[str]) -> list[str]:
    """The main fix: of the kind, else restore an error page, else open or hide the page."""
    if kind in FIX_OF_KIND:
        return [FIX_OF_KIND[kind]]
    if kind == "gone":
        return take_out
    if kind in ERROR_KINDS:
        actions = ["restore the page or 301 it to its replacement"]
        if take_out:
            actions.append(f"if it is gone for good: {' and '.join(take_out)}")
        return actions
    if bucket == "fix_now":
        return ["make it public again: it is meant to be reachable"]
    if bucket == "review" and not private and kind != "bot_shield":
        return [*take_out, "or, if it is meant to be public, make it public again"]
    return take_out


def _right_answer(kind: str, flags: set[str]) -> list[str]:
    """The status a private page should answer with, when it answers 200."""
    if kind == "login_body" or "missing_challenge" in flags or kind == "missing_challenge":
        return ["return 401 with WWW-Authenticate"]
    if kind in ANSWER_OF_KIND:
        return [ANSWER_OF_KIND[kind]]
    return []


def _impact(
    kind: str, record: dict, context: Context, counted_backlinks: int, regression: bool
) -> float:
    """Higher first: regressions, then backlinks weighted by strength, sitemap, public links."""
    rating = context.backlinks.best_domain_rating or 0.0
    score = 100.0 if regression else 0.0
    score += counted_backlinks * (1.0 + rating / 25.0) * 5.0
    score += 20.0 if record.get("in_sitemap") else 0.0
    score += context.inlinks.public_content * 2.0 + context.inlinks.navigation * 0.5
    score += 10.0 if kind in ("server_error", "unreachable") else 0.0
    depth = record.get("depth")
    if depth is not None:
        score += max(0.0, 5.0 - depth)
    return round(score, 2)


def _evidence(record: dict) -> dict:
    evidence: dict = {}
    for verdict in record.get("verdicts") or ():
        if verdict.get("flag"):
            evidence[verdict["flag"]] = {
                "reasons": list(verdict.get("reasons") or ()),
                "evidence": verdict.get("evidence") or {},
            }
    if record.get("redirects"):
        evidence["redirects"] = [f"{hop['status']} {hop['url']}" for hop in record["redirects"]]
    return evidence


def explain(finding: Finding) -> str:
    """One line: bucket, what is wrong, why, and what to do."""
    why = "; ".join(reason.text for reason in finding.reasons)
    todo = "; ".join(finding.actions) or "nothing to do"
    return f"{finding.bucket}: {finding.url}: {why}. Do: {todo}"
