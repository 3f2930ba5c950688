"""The rule every verdict follows: two independent signals agree, and one of them is strong.

A signal belongs to a family (the probe, the wording, the markup, the amount of content...).
Two signals of one family are one signal: a thin page with an empty main content is still
only "little content".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gatewatch.crawler.detectors.model import Verdict


@dataclass(frozen=True)
class Signal:
    family: str
    strong: bool


def decide(
    flag: str, found: Mapping[str, Any], table: Mapping[str, Signal], min_families: int = 2
) -> Verdict | None:
    """A verdict if the signals in `found` include a strong one and span `min_families`."""
    codes = [code for code in table if code in found]
    if not any(table[code].strong for code in codes):
        return None
    if len({table[code].family for code in codes}) < min_families:
        return None
    codes.sort(key=lambda code: not table[code].strong)
    return Verdict(flag, tuple(codes), {code: found[code] for code in codes})
