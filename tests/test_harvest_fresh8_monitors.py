"""What the eighth fresh side's monitoring harvesters (ganglia, phpsysinfo, apcupsd-cgi) build
before any program of theirs runs: their registration, the "remote apcupsd" the apcupsd
daemons poll, phpSysInfo's settings, the gmond and gmetad configuration, and the PHP 8
changes to Ganglia's front end (the last three read Debian's files, when installed)."""

import socket
import struct
from pathlib import Path

import pytest

from bench.harvest import apcupsd_cgi_site, ganglia_site, phpsysinfo_site
from bench.harvest.__main__ import SOURCES
from bench.harvest.core import range_port


@pytest.mark.parametrize("group", ["ganglia", "phpsysinfo", "apcupsd-cgi"])
def test_each_program_is_registered_under_its_group(group):
    # fresh when harvested, then held out: the split is checked with the corpus
    assert SOURCES[group][0] == (group,)


def test_the_remote_apcupsd_answers_status_with_the_ups_s_record_and_an_end():
    port = range_port(apcupsd_cgi_site.PORTS, 49)
    with (
        apcupsd_cgi_site._remote_apcupsd(port, "server"),
        socket.create_connection(("127.0.0.1", port), 5) as connection,
    ):
        connection.sendall(struct.pack(">H", 6) + b"status")
        lines = []
        while (line := apcupsd_cgi_site._read_record(connection)) not in (None, b""):
            lines.append(line.decode())
    record = "".join(lines)
    assert "MODEL    : Smart-UPS 3000\n" in record
    assert "STATUS   : ONBATT\n" in record
    assert "STATFLAG : 0x05000010\n" in record  # what apcupsd's net driver reads
    assert lines[-1].startswith("END APC  : ")


@pytest.mark.skipif(not Path("/etc/phpsysinfo/phpsysinfo.ini").exists(), reason="phpsysinfo")
def test_phpsysinfo_s_settings_are_debian_s_with_allowed_and_plugins_set(tmp_path):
    settings = tmp_path / "phpsysinfo.ini"
    phpsysinfo_site._configure(settings, '"192.0.2.10, 198.51.100.0/24"', "PS,Quotas")
    lines = settings.read_text().splitlines()
    assert 'ALLOWED="192.0.2.10, 198.51.100.0/24"' in lines
    assert 'PLUGINS="PS,Quotas"' in lines
    assert 'DEFAULT_LANG="en"' in lines


@pytest.mark.skipif(not Path("/etc/ganglia/gmond.conf").exists(), reason="ganglia-monitor")
def test_the_gmonds_speak_unicast_on_our_ports_and_gmetad_collects_both(tmp_path):
    names = ("harbour-udp", "harbour-tcp", "quay-udp", "quay-tcp", "xml", "interactive", "web")
    ports = {name: 18720 + offset for offset, name in enumerate(names)}
    ganglia_site._daemons_configured(tmp_path, ports)
    harbour = (tmp_path / "gmond-harbour.conf").read_text()
    assert 'name = "Harbour"' in harbour
    assert "mcast_join" not in harbour.split("modules {")[0]
    assert "host = 127.0.0.1\n  port = 18720" in harbour
    assert "bind = 127.0.0.1\n  port = 18721" in harbour
    assert "setuid = no" in harbour
    gmetad = (tmp_path / "gmetad.conf").read_text()
    assert 'data_source "Harbour" 10 127.0.0.1:18721' in gmetad
    assert 'data_source "Quay" 10 127.0.0.1:18723' in gmetad
    assert "interactive_port 18725" in gmetad


@pytest.mark.skipif(not ganglia_site.SHARE.exists(), reason="ganglia-webfrontend")
def test_each_php8_change_meets_its_line_in_debian_s_front_end():
    for file, old, new in ganglia_site.PHP8_CHANGES:
        text = (ganglia_site.SHARE / file).read_text()
        assert old in text, file  # the first one is changed (Dwoo's has four; one is reached)
        assert new not in text, file
