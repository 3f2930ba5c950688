"""The ports of the eighth fresh side's Debian documentation and archive servers (kiwix,
dwww, dhelp, approx): a range of their own, 18600-18649, so that they never meet another
harvest's on a shared machine."""

from __future__ import annotations

from bench.harvest.core import range_port

PORTS = range(18600, 18650)


def port(offset: int) -> int:
    """The port `offset` of this range, checked free."""
    return range_port(PORTS, offset)
