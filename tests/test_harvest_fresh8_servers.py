"""What the eighth fresh side's Debian server harvesters (glances, shellinabox, ocsigenserver)
build before any program runs, and where they are registered."""

import hashlib
import xml.etree.ElementTree as ElementTree

import pytest

from bench.harvest import glances_site, ocsigenserver_site, shellinabox_site
from bench.harvest.__main__ import SOURCES


@pytest.mark.parametrize("module", [glances_site, shellinabox_site, ocsigenserver_site])
def test_each_program_is_registered_under_its_group(module):
    # fresh when harvested, then held out: the split is checked with the corpus
    assert SOURCES[module.GROUP] == ((module.GROUP,), module.harvest)


def test_each_harvest_has_ports_of_its_own_in_the_range_given():
    ranges = [glances_site.PORTS, shellinabox_site.PORTS, ocsigenserver_site.PORTS]
    numbers = [number for ports in ranges for number in ports]
    assert len(numbers) == len(set(numbers))
    assert min(numbers) >= 18750
    assert max(numbers) <= 18799


def test_the_glances_password_file_holds_the_salted_hash_of_the_password_hash():
    salt, hashed = glances_site.password_file("secret", "a1b2").split("$")
    once = hashlib.sha256(b"secret").hexdigest()
    assert salt == "a1b2"
    assert hashed == hashlib.sha256(b"a1b2" + once.encode()).hexdigest()


def test_the_ocsigenserver_configuration_is_xml_with_our_port_folders_and_modules(tmp_path):
    root = ElementTree.fromstring(ocsigenserver_site.configuration(tmp_path, 18770))
    server = root.find("server")
    assert server.findtext("port") == "127.0.0.1:18770"
    assert server.findtext("logdir") == f"{tmp_path}/log"
    loaded = [element.get("findlib-package") for element in server.iter("extension")]
    assert loaded == [f"ocsigenserver.ext.{name}" for name in ocsigenserver_site.EXTENSIONS]
    sites = {site.get("path") for site in server.iter("site")}
    assert {"staff", "private", "members", "retired", "site"} <= sites
