"""What the detectors store and return: signals per response, probe results, verdicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Signals:
    """What one response shows, computed once in the crawl and stored with the URL.

    `found` maps an observation code to its evidence (a phrase, a count, a URL). Its keys are
    listed in signals.py. Everything is JSON-serialisable: see `to_json`.
    """

    url: str
    status: int | None
    start: bool = False  # the crawl's start page or the site's home page: never a soft 404
    shape: str = ""  # probe key: URLs of one shape share their probes
    simhash: int = 0  # of the main content's text
    words: int = 0  # main content words
    found: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "status": self.status,
            "start": self.start,
            "shape": self.shape,
            "simhash": self.simhash,
            "words": self.words,
            "found": self.found,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Signals:
        return cls(
            url=data["url"],
            status=data.get("status"),
            start=bool(data.get("start")),
            shape=data.get("shape", ""),
            simhash=int(data.get("simhash", 0)),
            words=int(data.get("words", 0)),
            found=dict(data.get("found") or {}),
        )


@dataclass(frozen=True, slots=True)
class ProbeResult:
    """What a URL that cannot exist returned: the fingerprint pages are compared with."""

    url: str
    kind: str  # "random" (25 random letters or digits) or "bare" (the parameter dropped)
    status: int | None  # first answer's status
    final_url: str  # after redirects
    final_status: int | None
    simhash: int = 0
    # "not_found", "login", "home", "empty", "page", or "source": the page the probe was
    # derived from, returned whatever its query value (the parameter is ignored), or
    # "default": what the URL without the parameter answers (an unknown value defaulted)
    looks_like: str = "page"
    # the simhash of its main text with numbers masked: how answers of one template compare
    template: int = 0

    @property
    def honest(self) -> bool:
        """The shape answers a URL that cannot exist with a real 404 or 410."""
        return self.status in (404, 410)

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "kind": self.kind,
            "status": self.status,
            "final_url": self.final_url,
            "final_status": self.final_status,
            "simhash": self.simhash,
            "looks_like": self.looks_like,
            "template": self.template,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ProbeResult:
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Verdict:
    """A flag on a URL, the reason codes behind it, and the evidence for each."""

    flag: str
    reasons: tuple[str, ...]
    evidence: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"flag": self.flag, "reasons": list(self.reasons), "evidence": self.evidence}

    def explain(self) -> str:
        """One line a person can read: "soft_404: heading_not_found (title:page not found)..."."""
        details = ", ".join(f"{code} ({self.evidence[code]})" for code in self.reasons)
        return f"{self.flag}: {details}"
