"""The hostile test server answers its traps and counts hits per path."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from tests.hostile.server import serve_hostile


def test_a_trap_answers_and_is_counted():
    with serve_hostile() as server:
        with urllib.request.urlopen(server.base_url + "/basic/") as response:
            assert b"again" in response.read()
        with pytest.raises(urllib.error.HTTPError) as unknown:
            urllib.request.urlopen(server.base_url + "/nothing-here")
        assert unknown.value.code == 404
        assert server.hits["/basic/"] == 1
