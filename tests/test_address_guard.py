"""The address guard sees the IPv4 address an IPv6 one carries, and `gatewatch check` applies
it to every redirect hop (real local servers)."""

from __future__ import annotations

import json

import pytest

from gatewatch.crawler.address_guard import is_public
from tests.conftest import run_gatewatch
from tests.hostile import traps_fixes17
from tests.hostile.server import serve_hostile


@pytest.mark.parametrize(
    "address",
    [
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::127.0.0.1",  # IPv4-compatible
        "::a00:1",  # IPv4-compatible 10.0.0.1
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254 (cloud metadata)
        "64:ff9b:1:a00:0:1::",  # local-use NAT64 of 10.0.0.1
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2002:c0a8:101::1",  # 6to4 of 192.168.1.1
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo, client 192.0.2.45 (not global)
    ],
)
def test_an_ipv6_address_carrying_a_private_ipv4_one_is_not_public(address):
    assert not is_public(address)


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "2001:4860:4860::8888", "64:ff9b::808:808", "2002:808:808::1"]
)
def test_public_addresses_stay_public(address):
    assert is_public(address)


@pytest.mark.crawl
def test_check_does_not_follow_a_redirect_to_another_private_port():
    with serve_hostile({"/": lambda request: None}) as other:
        traps_fixes17.STATE["elsewhere"] = f"{other.base_url}/secret"
        try:
            with serve_hostile(traps_fixes17.TRAPS) as site:
                result = run_gatewatch(
                    "check", f"{site.base_url}/fixes17/elsewhere", "--json", "--render", "never"
                )
        finally:
            traps_fixes17.STATE.pop("elsewhere")
        assert other.hits["/secret"] == 0
    found = json.loads(result.stdout)
    assert found["final_url"] == f"{other.base_url}/secret"
    assert "private, loopback or link-local" in found["error"]
