"""The detectors in the crawl: observe each response, probe each URL shape, conclude at the end.

Observing is cheap and done per response. A verdict on a page needs the probes of its shape,
which may come back after the page, so conclusions wait for the end of the crawl. Only what a
verdict can come from is kept until then: the signals of responses that showed something,
redirect chains, and the probes.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from gatewatch.crawler.detectors import (
    DEFAULT_SETTINGS,
    SAYS,
    WORDING,
    DetectorSettings,
    ProbePlanner,
    ProbeResult,
    Signals,
    Verdict,
    conclude,
    defaulted_parameter,
    echoes_source,
    host_key,
    probe_result,
    redirect_verdicts,
    shape_honesty,
    shared_redirect_targets,
    signals,
)
from gatewatch.crawler.parse import ParsedPage

# Flags the spider already writes per response; their verdicts only add evidence.
RESPONSE_FLAGS = frozenset({"missing_challenge"})
# what a page says of itself in words (a title, a heading, its text), not how it compares
SAYS_IN_WORDS = frozenset(SAYS) | frozenset(WORDING)
WORDED_FLAGS = ("soft_404", "soft_401", "soft_403")


@dataclass(slots=True)
class Redirect:
    url: str
    status: int
    target_id: int
    target_url: str


@dataclass(slots=True)
class Conclusion:
    """What the detectors decided about one fetched URL."""

    url_id: int
    url: str
    verdicts: list[Verdict]

    @property
    def new_flags(self) -> list[str]:
        flags = []
        for verdict in self.verdicts:
            if verdict.flag not in RESPONSE_FLAGS and verdict.flag not in flags:
                flags.append(verdict.flag)
        return flags

    def verdicts_json(self) -> str:
        return json.dumps([verdict.to_json() for verdict in self.verdicts], ensure_ascii=False)


@dataclass
class Detection:
    """Per-crawl state of the detectors."""

    start_url: str
    max_shapes_per_host: int = 20
    settings: DetectorSettings = DEFAULT_SETTINGS
    planner: ProbePlanner = field(init=False)
    kept: dict[int, Signals] = field(default_factory=dict)  # responses that showed something
    statuses: array = field(default_factory=lambda: array("h"))  # by url id; 0: none yet
    redirects: dict[int, Redirect] = field(default_factory=dict)
    probes: dict[str, list[ProbeResult]] = field(default_factory=dict)
    home: Signals | None = None
    # the URL each shape's probes were derived from, and its signals once seen
    sources: dict[str, str] = field(default_factory=dict)
    source_signals: dict[str, Signals] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.planner = ProbePlanner(max_shapes_per_host=self.max_shapes_per_host)

    def observe(
        self,
        url_id: int,
        url: str,
        status: int | None,
        headers: Mapping[str, str],
        page: ParsedPage | None = None,
    ) -> Signals:
        """The signals of one response, kept for the end of the crawl when they may matter."""
        found = signals(url, status, headers, page, self.start_url, self.settings)
        self.keep(url_id, found)
        return found

    def keep(self, url_id: int, found: Signals) -> None:
        """Take in one response's signals, worked out here or by a page reader."""
        status = found.status
        self._set_status(url_id, status)
        if found.start and self.home is None and status is not None and 200 <= status < 300:
            self.home = found
        shape = found.shape or self.planner.shape_for(found.url)
        if self.sources.get(shape) == found.url:
            self.source_signals[shape] = found
        if found.found:
            self.kept[url_id] = found

    def observe_redirect(
        self, url_id: int, url: str, status: int, target_id: int, target_url: str
    ) -> None:
        self._set_status(url_id, status)
        self.redirects[url_id] = Redirect(url, status, target_id, target_url)

    def _set_status(self, url_id: int, status: int | None) -> None:
        """Two bytes a URL, not a dict entry: this is kept for every page of the crawl."""
        if url_id >= len(self.statuses):
            self.statuses.extend([0] * (url_id + 1 - len(self.statuses)))
        self.statuses[url_id] = status or 0

    def plan_probes(self, url: str, redirect: bool = False) -> list[tuple[str, str, str]]:
        """Probe requests to send for a fetched HTML page or redirect: (shape, kind, probe URL)."""
        requests = self.planner.plan(url, redirect)
        for shape, _, _ in requests:
            self.sources.setdefault(shape, url)
        return requests

    def add_probe(
        self,
        shape: str,
        url: str,
        kind: str,
        status: int | None,
        final_url: str,
        final_status: int | None,
        final_page: ParsedPage | None,
        headers: Mapping[str, str],
    ) -> ProbeResult:
        final_signals = None
        if final_page is not None:
            final_signals = signals(
                final_url, final_status, headers, final_page, self.start_url, self.settings
            )
        text = final_page.main_text if final_page is not None else ""
        result = probe_result(url, kind, status, final_url, final_status, final_signals, text)
        if shape in self.sources:
            result = echoes_source(
                result,
                self.sources[shape],
                self.source_signals.get(shape),
                self.settings.probe_max_distance,
            )
        known = self.probes.setdefault(shape, [])
        known.append(result)
        # the random probe of a query value and the URL without it may come back in any order
        self.probes[shape] = defaulted_parameter(known, self.settings.probe_max_distance)
        return self.probes[shape][-1]

    def probes_for(self, url: str) -> list[ProbeResult]:
        return self.probes.get(self.planner.shape_for(url), [])

    def _redirect_probes(self, url: str) -> list[ProbeResult]:
        """The probes a redirect is judged with: its shape's, unless they were made from this
        very redirect (then the host's). A probe of /questions/123/<random> that ends where
        /questions/123/old-title ends says the slug is ignored as much as that the URL is gone:
        it tells about the other URLs of the shape, not about its own source."""
        shape = self.planner.shape_for(url)
        if self.sources.get(shape) == url:
            return self.probes.get(host_key(url), [])
        return self.probes.get(shape, [])

    def honesty(self) -> dict[str, str]:
        """For the run's record: how each probed host and URL shape answers a missing page."""
        return {shape: shape_honesty(results) for shape, results in sorted(self.probes.items())}

    def _final(
        self, url_id: int, known: dict[int, tuple[int | None, str | None]]
    ) -> tuple[int | None, str | None]:
        """Where a redirect chain ends: (url id, url), or (None, None) for a loop. `known`
        remembers the ends already found, so that a long chain is walked once, not per hop."""
        path: list[int] = []
        seen = set()
        current = url_id
        end: tuple[int | None, str | None] = (None, None)
        while current in self.redirects:
            if current in known:
                end = known[current]
                break
            if current in seen:
                break  # a loop: every URL on the path ends nowhere
            seen.add(current)
            path.append(current)
            hop = self.redirects[current]
            current = hop.target_id
            if current not in self.redirects:
                end = (current, hop.target_url)
        for hop_id in path:
            known[hop_id] = end
        return end

    def conclusions(self) -> Iterator[Conclusion]:
        """The verdicts on every URL the detectors have something to say about."""
        verdicts: dict[int, list[Verdict]] = {}
        urls: dict[int, str] = {}
        for url_id, found in self.kept.items():
            result = conclude(found, self.probes_for(found.url), self.settings, self.home)
            if "not_rendered" in found.found:
                probes = self.probes_for(found.url)
                result = worded_without_render(found, result, probes, self.settings, self.home)
            if result:
                verdicts[url_id] = result
                urls[url_id] = found.url
        pairs = []
        ends: dict[int, tuple[int | None, str | None]] = {}
        for url_id, hop in self.redirects.items():
            final_id, final_url = self._final(url_id, ends)
            if final_id is None or final_url is None:
                continue  # loops are flagged when the chain is resolved
            known = self.statuses[final_id] if final_id < len(self.statuses) else 0
            final_status = known or None
            target = self.kept.get(final_id)
            if target is None and final_status is not None:
                target = Signals(url=final_url, status=final_status)
            result = redirect_verdicts(
                hop.url,
                hop.status,
                final_url,
                self.start_url,
                target=target,
                probes=self._redirect_probes(hop.url),
                settings=self.settings,
            )
            if result:
                verdicts.setdefault(url_id, []).extend(result)
                urls[url_id] = hop.url
            pairs.append((hop.url, final_url))
        ids_by_url = {hop.url: url_id for url_id, hop in self.redirects.items()}
        # one chain is one removed URL: its later hops do not make its target "shared"
        hop_targets = {hop.target_url for hop in self.redirects.values()}
        heads = [(source, target) for source, target in pairs if source not in hop_targets]
        for source, verdict in shared_redirect_targets(
            heads, self.start_url, self.settings
        ).items():
            url_id = ids_by_url[source]
            existing = verdicts.setdefault(url_id, [])
            if not any(known.flag in ("soft_404", "redirect_home") for known in existing):
                existing.append(verdict)
                urls[url_id] = source
        for url_id, found in verdicts.items():
            yield Conclusion(url_id, urls[url_id], found)


def worded_without_render(
    found: Signals,
    verdicts: Sequence[Verdict],
    probes: Sequence[ProbeResult] = (),
    settings: DetectorSettings = DEFAULT_SETTINGS,
    home: Signals | None = None,
) -> list[Verdict]:
    """The verdicts on an application shell that was not rendered (the render failed or
    timed out, the budget was spent, rendering is off). Such a page is not judged: it looks
    like every other shell and like the probes. Unless its HTML says in words what it is (a
    "Page not found" title, "Sign in to continue"): that verdict stands, with why the page
    was not rendered, in place of `needs_rendering`."""
    raw = {code: value for code, value in found.found.items()
           if code not in ("app_shell", "not_rendered")}  # fmt: skip
    judged = conclude(replace(found, found=raw), probes, settings, home)
    worded = [
        verdict for verdict in judged
        if verdict.flag in WORDED_FLAGS and SAYS_IN_WORDS.intersection(verdict.reasons)
    ]  # fmt: skip
    if not worded:
        return list(verdicts)
    why = found.found["not_rendered"]
    kept = [verdict for verdict in verdicts if verdict.flag != "needs_rendering"]
    return kept + [
        Verdict(verdict.flag, (*verdict.reasons, "not_rendered"),
                {**verdict.evidence, "not_rendered": why})
        for verdict in worded
    ]  # fmt: skip
