"""Probes: URLs that cannot exist, fetched once per host and URL shape.

A site that answers them with a 404 is honest for that shape. A site that answers with a
200 page, or redirects them, shows its error template: pages that look like it (same final
URL after redirects, or a simhash a few bits away) are soft 404s.

One probe per shape: its last path segment replaced by 25 random letters, its query string
kept (`/wiki/<random>?action=edit` shows the edit view's template, not the view's). A URL
whose query value is what varies (`item.php?id=1183`, `/about?lang=de`) is probed through
that value, and also without the parameter at all: software that replaces an unknown value
by its default (`?lang=`, `?skin=`, `?theme=`, `?sort=`) answers the random value with the
very page it answers without one, a real page and not an error template
(`defaulted_parameter`). `ProbePlanner` keys shapes by host and URL pattern and caps them
per host, so probes cost a request or two per host and shape, never per page.
"""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, urlencode, urlunsplit

from gatewatch.crawler.detectors.model import ProbeResult, Signals
from gatewatch.crawler.detectors.urls import urlsplit
from gatewatch.crawler.fingerprint import distance, simhash

RANDOM_LETTERS = 25
HEX_ID = re.compile(r"^(?=.*\d)[0-9a-f]{8,}$")
NUMBER = re.compile(r"^\d+$")
SLUG = re.compile(r"^[^/]*[-_][^/]*[-_][^/]*$")
DIGITS = re.compile(r"\d+")


def _segment_shape(segment: str) -> str:
    if NUMBER.match(segment):
        return "0"
    if HEX_ID.match(segment.lower()) or len(segment) >= 24 or SLUG.match(segment):
        return "*"
    return segment.lower()


def shape_key(url: str) -> str:
    """Host and URL pattern: /2019/05/a-post/ and /2021/07/other/ share "/0/0/*/"."""
    split = urlsplit(url)
    names = [name for name in split.path.split("/") if name]
    folder = "/".join(_segment_shape(name) for name in names[:-1][:3])
    last = names[-1] if names else ""
    extension = last.rsplit(".", 1)[1].lower() if "." in last[1:] else ""
    slash = "/" if split.path.endswith("/") and names else ""
    query = ",".join(sorted({name for name, _ in parse_qsl(split.query)}))
    depth = len(names)
    return f"{split.netloc.lower()}|{depth}|/{folder}|.{extension}|{slash}|?{query}"


def host_key(url: str) -> str:
    """The shape of a one-segment URL at the root of the host: the fallback probe."""
    split = urlsplit(url)
    return f"{split.netloc.lower()}|1|/|.||?"


def _random_like(value: str, chooser: random.Random) -> str:
    if value.isdigit():
        return "".join(chooser.choice(string.digits) for _ in range(max(len(value) + 4, 9)))
    return "".join(chooser.choice(string.ascii_lowercase) for _ in range(RANDOM_LETTERS))


def probe_urls(url: str, chooser: random.Random | None = None) -> list[tuple[str, str]]:
    """The probes for a URL's shape: [("random", url)], and ("bare", url) for a query value.

    A query string's last value is what varies when the path does not ("?id=1183"): the
    random probe changes it, the bare probe drops that parameter (what the software shows
    when it is not given, see `defaulted_parameter`). Otherwise the last path segment
    varies and the query string stays as it is.
    """
    chooser = chooser or random.Random()
    split = urlsplit(url)
    query = parse_qsl(split.query, keep_blank_values=True)
    names = [name for name in split.path.split("/") if name]
    if query and (not names or "." in names[-1] or len(names) <= 1):
        last_name, last_value = query[-1]
        randomised = [*query[:-1], (last_name, _random_like(last_value, chooser))]
        return [
            ("random", urlunsplit(split._replace(query=urlencode(randomised), fragment=""))),
            ("bare", urlunsplit(split._replace(query=urlencode(query[:-1]), fragment=""))),
        ]
    last = names[-1] if names else ""
    _, dot, extension = last.rpartition(".") if "." in last[1:] else (last, "", "")
    parent = "/" + "/".join(names[:-1]) + ("/" if names[:-1] else "")
    slash = "/" if split.path.endswith("/") and names else ""
    random_path = f"{parent}{_random_like('', chooser)}{dot}{extension}{slash}"
    return [("random", urlunsplit((split.scheme, split.netloc, random_path, split.query, "")))]


@dataclass
class ProbePlanner:
    """Which probes to fetch as URLs are met, at most `max_shapes_per_host` shapes a host.

    Call `plan(url)` for every HTML page the crawl fetches, `plan(url, redirect=True)` for
    every redirect: it returns the requests to issue now (none when the URL's shape, or its
    host's cap, is already covered) as (shape, kind, url). Redirects' shapes have a cap of
    their own, half the pages' (a site of many old URL schemes does not leave its pages'
    shapes unprobed). `shape_for(url)` tells which shape's probes judge a URL.
    """

    max_shapes_per_host: int = 20
    chooser: random.Random = field(default_factory=random.Random)
    planned: set[str] = field(default_factory=set)
    shapes_per_host: dict[tuple[str, bool], int] = field(default_factory=dict)  # by redirect

    def plan(self, url: str, redirect: bool = False) -> list[tuple[str, str, str]]:
        requests = []
        host = host_key(url)
        if host not in self.planned:
            self.planned.add(host)
            root = urlunsplit((*urlsplit(url)[:2], "/gatewatch-probe", "", ""))
            requests += [(host, kind, probe) for kind, probe in probe_urls(root, self.chooser)]
        shape = shape_key(url)
        if shape in self.planned or shape == host:
            return requests
        counted = (urlsplit(url).netloc.lower(), redirect)
        cap = self.max_shapes_per_host // 2 if redirect else self.max_shapes_per_host
        if self.shapes_per_host.get(counted, 0) >= cap:
            return requests
        self.shapes_per_host[counted] = self.shapes_per_host.get(counted, 0) + 1
        self.planned.add(shape)
        return requests + [(shape, kind, probe) for kind, probe in probe_urls(url, self.chooser)]

    def shape_for(self, url: str) -> str:
        shape = shape_key(url)
        return shape if shape in self.planned else host_key(url)


def looks_like(signals: Signals | None, start: bool = False) -> str:
    """What a probe's final page is: a login screen, a not-found page, the home page..."""
    if signals is None:
        return "empty"
    if start or signals.start:
        return "home"
    found = signals.found
    if "login_page" in found or any(
        code in found for code in ("password_main", "single_sign_on", "login_form")
    ):
        return "login"
    if any(
        code in found
        for code in ("heading_not_found", "content_not_found", "framework_404", "empty_main")
    ):
        return "not_found"
    return "page"


def probe_result(
    url: str,
    kind: str,
    status: int | None,
    final_url: str,
    final_status: int | None,
    final_signals: Signals | None,
    final_text: str = "",
) -> ProbeResult:
    """A probe's fingerprint, from the signals of the page it finally landed on, and from its
    main text with numbers masked (`template`: "generated in 0.003s", counts and dates move a
    thin page's simhash by 7-10 bits, not its template)."""
    return ProbeResult(
        url=url,
        kind=kind,
        status=status,
        final_url=final_url,
        final_status=final_status,
        simhash=final_signals.simhash if final_signals else 0,
        looks_like=looks_like(final_signals),
        template=simhash(DIGITS.sub("0", final_text)) if final_text else 0,
    )


def echoes_source(
    result: ProbeResult, source_url: str, source: Signals | None, max_distance: int
) -> ProbeResult:
    """The probe, marked ``looks_like="source"`` when it answered with the page it came from.

    A probe that only changed a query value (``?ref=<random>`` of ``/contact?ref=footer``) and
    got the very page back says the parameter is ignored, not that the page is an error
    template: such a probe is not compared with pages. Unless the page it came from is
    itself a not-found or sign-in page (then the probe is that template, as usual).
    """
    if source is None or not source.simhash or not result.simhash:
        return result
    if result.status is None or not 200 <= result.status < 300 or result.looks_like != "page":
        return result
    probe, origin = urlsplit(result.url), urlsplit(source_url)
    if probe.path != origin.path or probe.query == origin.query or looks_like(source) != "page":
        return result
    if distance(result.simhash, source.simhash) > max_distance:
        return result
    return replace(result, looks_like="source")


def defaulted_parameter(results: list[ProbeResult], max_distance: int) -> list[ProbeResult]:
    """The shape's probes, the random one marked ``looks_like="default"`` when it answered
    what the URL without the parameter answers (the "bare" probe).

    Software that replaces an unknown value by its default (Fossil's ``?skin=``, ``?lang=``,
    ``?theme=``, ``?sort=`` on many sites) answers ``/about?lang=<random>`` with the default
    page, the same as ``/about``: a real page, which ``/about?lang=en`` is too. Such a probe
    is not compared with pages. A query-driven error template (``item.php?id=<random>``
    answering "No such item") stays one: without an id, the software shows another page (a
    list, a form, a message that an id is missing) or redirects elsewhere. Unless the probe
    is itself a not-found or sign-in page (then it is that template, as usual).

    A probe `echoes_source` marked (the very page the shape was met on) stays so, whatever
    the URL without the parameter answers: a parameter whose unknown value falls back to
    something else than its absence (``/show?id=5&view=list``: no view is a grid, an unknown
    one a list) would otherwise make that healthy page match its own copy. So a first
    ``item.php?id=`` met that is a deleted item in words nobody knows, or `gatewatch check`
    of one, is judged by its words, not by the probe.
    """
    bare = next((result for result in results if result.kind == "bare"), None)
    if bare is None:
        return results
    return [_against_bare(result, bare, max_distance) for result in results]


def _against_bare(result: ProbeResult, bare: ProbeResult, max_distance: int) -> ProbeResult:
    if result.kind != "random" or result.looks_like != "page":
        return result  # ("source" stays: the very page it came from is never its template)
    if _same_answer(result, bare, max_distance):
        return replace(result, looks_like="default")
    return result


def _same_answer(result: ProbeResult, bare: ProbeResult, max_distance: int) -> bool:
    if result.final_status is None or bare.final_status is None:
        return False
    if not (200 <= result.final_status < 300 and 200 <= bare.final_status < 300):
        return False
    if result.template and bare.template:  # the same page but for its numbers
        return distance(result.template, bare.template) <= max_distance
    if not result.simhash or not bare.simhash:
        return False
    return distance(result.simhash, bare.simhash) <= max_distance


def shape_honesty(results: list[ProbeResult]) -> str:
    """How a shape answers URLs that cannot exist: for the run's record.

    "honest" (404/410), "soft" (2xx page), "redirect" (3xx: to its final URL's kind),
    "error" (other status) or "unknown" (no probe answered).
    """
    answers = [result for result in results if result.kind == "random"] or results
    if not answers:
        return "unknown"
    first = answers[0]
    if first.honest:
        return "honest"
    if first.status is not None and 300 <= first.status < 400:
        return f"redirect to {first.looks_like}"
    if first.status is not None and 200 <= first.status < 300:
        return "soft"
    return "error" if first.status is not None else "unknown"
