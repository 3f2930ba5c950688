"""`gatewatch check URL`: fetch one URL and its probes, explain the verdict."""

from __future__ import annotations

import click
from rich.markup import escape

from gatewatch.cli.output import console, print_json

MEANING = {
    "needs_rendering": "a client-rendered app's empty shell: what the page is shows only in a "
    "browser, so it was not judged; check it with --render auto or always",
    "soft_404": "a 'not found' page answered as if it existed: search engines treat it as "
    "a soft 404 and drop it; answer 404/410, or restore the content",
    "redirect_home": "a removed page sent to the home page: search engines treat it as a soft "
    "404; 301 it to its real replacement, or answer 404/410",
    "soft_401": "a login wall answered with 200: crawlers index the sign-in form; answer 401 "
    "(with WWW-Authenticate) or 403, or keep the page out of sitemaps and links",
    "soft_403": "an access-denied page answered with 200: crawlers index the refusal as the "
    "page's content; answer 403 (or 404)",
    "redirect_login": "a redirect to a sign-in page: the page is private to visitors and "
    "crawlers; if it should be public, open it; if not, stop linking to it",
    "missing_challenge": "401 without a WWW-Authenticate header breaks HTTP: clients cannot "
    "sign in; add the header, or answer 403",
    "login_body": "403 whose page is a sign-in form: that is a 401 situation (sign in and "
    "retry); answer 401 with WWW-Authenticate",
    "bot_shield": "a bot shield or WAF answered, not the site: the page's real status is "
    "unknown; allow the crawler in the WAF rule",
    "disguised_rate_limit": "a rate limit answered with 403/404: crawlers think the page is "
    "gone; answer 429 with Retry-After",
    "redirect_loop": "the redirects go round in a circle: nobody reaches a page",
    "redirect_chain_too_long": "search engines give up after a few redirects: link straight "
    "to the final URL and make the chain one hop",
}


def _status(status: int | None, error: str | None) -> str:
    return str(status) if status is not None else f"no answer ({error})"


def _print_check(result) -> None:
    first, final = result.hops[0], result.final
    console.print(f"[bold]{escape(result.url)}[/bold]")
    console.print(f"  status      {_status(first.status, first.error)}")
    if len(result.hops) > 1:
        for hop in result.hops[1:]:
            console.print(f"  redirect    -> {escape(hop.url)}  {_status(hop.status, hop.error)}")
    found = result.signals.found if result.signals else {}
    if result.signals is not None:
        console.print(f"  content     {result.signals.words} words in the main content")
    if found:
        for code, evidence in found.items():
            console.print(f"  signal      {code}: {escape(str(evidence))[:100]}")
    else:
        console.print("  signals     none")
    change = result.rendered
    if change is not None:
        raw = " ".join(verdict.flag for verdict in result.raw_verdicts) or "none"
        now = " ".join(verdict.flag for verdict in result.verdicts) or "none"
        console.print(
            f"  rendered    title {escape(repr(change.raw_title or ''))} -> "
            f"{escape(repr(change.rendered_title or ''))}; main words {change.raw_words} -> "
            f"{change.rendered_words}; links {change.raw_links} -> {change.rendered_links}; "
            f"verdict {raw} -> {now}"
        )
    for probe in result.probes:
        answer = probe.result
        landed = "" if answer.final_url == answer.url else f" -> {escape(answer.final_url)}"
        similar = "" if probe.distance is None else f", {probe.distance} bits from this page"
        console.print(
            f"  probe       {answer.kind:<6} {escape(answer.url)}  {answer.status}{landed}"
            f" ({answer.looks_like}{similar})"
        )
    honest = [p for p in result.probes if p.result.kind == "random" and p.result.honest]
    if result.probes:
        console.print(
            "  this shape  "
            + (
                "answers URLs that cannot exist with a real 404"
                if honest
                else "does NOT answer URLs that cannot exist with a 404"
            )
        )
    if not result.verdicts:
        console.print(f"  [green]verdict     no access problem found[/green] (final status "
                      f"{_status(final.status, final.error)})")  # fmt: skip
        return
    for verdict in result.verdicts:
        console.print(f"  [red]verdict     {escape(verdict.explain())}[/red]")
        console.print(f"              {MEANING.get(verdict.flag, '')}")


@click.command()
@click.argument("url")
@click.option("--user-agent", help="User-Agent header (default names gatewatch).")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds per request.")
@click.option(
    "--render",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Render in headless chromium: auto, a client-rendered app's empty shell (and its "
    "probes); always, every HTML page; never (a shell is then not judged).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def check(url, user_agent, timeout, render, as_json) -> None:
    """Fetch one URL and the probes of its shape; explain the detectors' verdict.

    Shows the status, each redirect hop, what the page shows (signals), how the site answers
    URLs of the same shape that cannot exist, and the conclusion: soft 404, login wall,
    redirect to login or home, misused 401/403, bot shield.

    \b
    Example:
      gatewatch check https://www.example.com/products/discontinued-tent
    """
    from gatewatch.crawler.check import CheckError, check_url
    from gatewatch.crawler.options import DEFAULT_USER_AGENT

    try:
        result = check_url(url, user_agent or DEFAULT_USER_AGENT, timeout, render=render)
    except CheckError as error:
        raise click.BadParameter(str(error), param_hint="URL") from None
    if as_json:
        print_json(result.to_json())
    else:
        _print_check(result)


COMMANDS: list = [check]
