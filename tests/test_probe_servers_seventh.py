"""The held-out groups' probe fetch (bench/probe_servers_seventh.py): registered on ports of
its own, and reading every harvest's way of writing a request. Nothing here starts a server."""

from __future__ import annotations

import json
from pathlib import Path

from bench import probe_fetch, probe_servers_seventh
from bench.probe_servers_seventh import PORTS, SERVERS, describe

PROBES = Path(__file__).parent / "fixtures" / "real_probes"


def test_every_group_has_a_port_of_its_own_in_the_range():
    assert set(SERVERS) == set(PORTS)
    # fava serves its second version at port + 1
    used = [p for g, p in PORTS.items() for p in ([p, p + 1] if g == "fava" else [p])]
    assert len(used) == len(set(used))
    assert all(18750 <= port <= 18799 for port in used)
    assert not set(used) & set(probe_fetch.PORTS.values())
    assert not set(SERVERS) & set(probe_fetch.SERVERS)


def test_describe_reads_each_harvests_words():
    cases = {
        "GET /api/office/ (Accept-Language: zh-Hant; signed in as bob)": (
            "/api/office/", "zh-Hant", "bob"),
        "GET /admin/ (signed in as bob, Accept-Language pt-BR); redirected to "
        "/admin/login/?next=/admin/": ("/admin/login/?next=/admin/", "pt-BR", "bob"),
        "GET /api/v2/accounts/ (the API token of dana, Accept: text/html, Accept-Language "
        "es-MX)": ("/api/v2/accounts/", "es-MX", "dana"),
        "GET /about (the locale preference zh_Hant_TW, in its cookie)": (
            "/about", "zh_Hant_TW", None),
        "POST /accounts/login/ with a wrong password (Accept-Language fr)": (
            "/accounts/login/", "fr", None),
        "GET /cas/login (Accept-Language: nl; not signed in)": ("/cas/login", "nl", None),
    }  # fmt: skip
    for obtained, expected in cases.items():
        assert describe({"obtained": obtained}) == expected, obtained


def test_the_saved_answers_cover_every_row_of_the_group():
    from bench.real_accuracy import load_rows

    rows = load_rows()
    for group in probe_servers_seventh.SERVERS:
        index = json.loads((PROBES / group / "index.json").read_text())
        assert set(index["rows"]) == {r["file"] for r in rows if r["source_group"] == group}
        for known in index["contexts"].values():
            for answers in known["shapes"].values():
                for answer in answers:
                    assert not answer["file"] or (PROBES / group / answer["file"]).exists()
