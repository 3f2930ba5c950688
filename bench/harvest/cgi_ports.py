"""The ports of the seventh fresh side's Debian CGI and server harvests (monitorix, cvsweb,
nut-cgi, sqwebmail): a range of their own, 18500-18549, so that they never meet the sixth
side's (bench/harvest/cgi_apache.py, 18400-18499) on a shared machine."""

from __future__ import annotations

from bench.harvest.core import range_port

PORTS = range(18500, 18550)


def port(offset: int) -> int:
    """The port `offset` of this range, checked free."""
    return range_port(PORTS, offset)
