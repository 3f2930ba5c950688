"""The request tables of the sixth fresh side's Debian harvests (e2guardian, darkstat,
graphite-web, rails): every request has a label, a name of its own and a port in the
harvest's range, and each program is registered under its group."""

import pytest

from bench.harvest import darkstat_pages, e2guardian_proxy, graphite_web, rails_app
from bench.harvest.__main__ import SOURCES
from bench.harvest.core import LABELS

OWN_PORTS = range(18500, 18600)


def _names_and_labels(module):
    if module is darkstat_pages:
        return [(name, label) for label, name, _ in module.REQUESTS.values()]
    if module is rails_app:
        return [(name, label) for _, _, label, name, _, _ in module.REQUESTS]
    return [(name, label) for _, label, name, _, _ in module.REQUESTS]


@pytest.mark.parametrize("module", [e2guardian_proxy, darkstat_pages, graphite_web, rails_app])
def test_each_request_has_a_label_and_a_name_of_its_own(module):
    pairs = _names_and_labels(module)
    assert all(label in LABELS for _, label in pairs)
    assert len({name for name, _ in pairs}) == len(pairs)


def test_the_harvests_use_their_own_ports():
    ports = [e2guardian_proxy.PROXY_PORT, e2guardian_proxy.SITE_PORT, darkstat_pages.PORT]
    ports += [graphite_web.PORT, *rails_app.PORTS.values()]
    assert all(port in OWN_PORTS for port in ports)
    assert len(set(ports)) == len(ports)


@pytest.mark.parametrize("group", ["e2guardian", "darkstat", "graphite-web", "rails"])
def test_each_program_is_registered_under_its_group(group):
    # fresh when harvested, held out one round, tune since the eleventh (SPLIT.md): the
    # split itself is checked with the corpus (tests/test_real_corpus.py)
    groups, _ = SOURCES[group]
    assert groups == (group,)


def test_e2guardian_asks_every_language_folder_it_ships_once():
    tags = [tag + suffix for tag, suffix in e2guardian_proxy.TAGS.values()]
    assert len(set(tags)) == len(tags) == 27
    assert e2guardian_proxy.TAGS["ukenglish"] == ("en", "")
