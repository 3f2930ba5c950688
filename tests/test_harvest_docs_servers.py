"""What the eighth fresh side's documentation and archive harvesters build before any program
runs (bench/harvest/docs_servers.py, kiwix_site.py, approx_site.py, dhelp_site.py), and that
each is registered under its fresh group."""

import gzip
import struct
import zlib

from bench.harvest import approx_site, dhelp_site, docs_servers, kiwix_site
from bench.harvest.__main__ import SOURCES


def test_each_program_is_registered_under_its_group():
    # fresh when harvested, then held out: the split is checked with the corpus
    for group in ("kiwix", "dwww", "dhelp", "approx"):
        assert SOURCES[group][0] == (group,)


def test_the_ports_are_the_sides_own():
    assert range(18600, 18650) == docs_servers.PORTS


def test_lighttpd_listens_on_the_port_asked_with_each_alias_and_cgi(tmp_path):
    command = docs_servers.lighttpd(tmp_path, 18601, {"/dwww/": "/var/www/dwww/"})
    text = (tmp_path / "lighttpd.conf").read_text()
    assert command == ["lighttpd", "-D", "-f", str(tmp_path / "lighttpd.conf")]
    assert 'server.bind = "127.0.0.1"' in text
    assert "server.port = 18601" in text
    assert 'alias.url = ("/dwww/" => "/var/www/dwww/")' in text
    assert 'cgi.assign = ("" => "")' in text


def test_the_book_illustration_is_a_valid_square_png():
    png = kiwix_site._square_png(48)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    length, kind = struct.unpack(">I4s", png[8:16])
    width, height = struct.unpack(">II", png[16:24])
    assert (kind, width, height) == (b"IHDR", 48, 48)
    check = struct.unpack(">I", png[16 + length : 20 + length])[0]
    assert check == zlib.crc32(png[12 : 16 + length])


def test_each_kiwix_request_expects_the_status_its_label_allows():
    for _path, status, label, _name, _note in kiwix_site.REQUESTS:
        assert status in ((400, 404) if label == "soft_404" else (200,))


def test_the_approx_upstream_is_a_repository_apt_can_read(tmp_path):
    approx_site._write_repository(tmp_path)
    suite = tmp_path / "debian" / "dists" / "bookworm"
    packages = suite / "main" / "binary-amd64"
    assert "Suite: bookworm" in (suite / "Release").read_text()
    assert (
        gzip.decompress((packages / "Packages.gz").read_bytes()).decode()
        == (packages / "Packages").read_text()
    )
    named = (packages / "Packages").read_text().split("Filename: ")[1].splitlines()[0]
    assert (tmp_path / "debian" / named).exists()


def test_dhelp_asks_for_each_language_it_ships_with_a_locale():
    assert dhelp_site.LOCALES["en"] == "C.UTF-8"
    assert len(dhelp_site.LOCALES) == 13
    assert dhelp_site._locale("fr") == "fr_FR.UTF-8"
