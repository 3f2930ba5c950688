"""What the sixth fresh side's CGI harvesters build before any program runs: the apache2
configuration and password file (bench/harvest/cgi_apache.py), AWStats' log of this month and
the text its error pages are compared by (bench/harvest/awstats_site.py)."""

import base64
import hashlib
import re
import time

from bench.harvest import awstats_site, cgi_apache

COMBINED = re.compile(
    r'^\S+ - - \[(\d\d)/(\w{3})/(\d{4}):[\d:]+ \+0000\] "GET \S+ HTTP/1.1" \d{3} \d+ '
)


def test_the_password_file_holds_each_user_with_the_sha1_apache_reads(tmp_path):
    def digest(password):
        return base64.b64encode(hashlib.sha1(password.encode()).digest()).decode()

    cgi_apache.write_passwords(tmp_path / "htpasswd", {"admin": "secret", "bob": "other"})
    lines = (tmp_path / "htpasswd").read_text().splitlines()
    assert lines == [f"admin:{{SHA}}{digest('secret')}", f"bob:{{SHA}}{digest('other')}"]


def test_a_signed_in_request_carries_basic_credentials():
    header = cgi_apache.signed_in("alice", "pass word")["Authorization"]
    assert header.startswith("Basic ")
    assert base64.b64decode(header.removeprefix("Basic ")).decode() == "alice:pass word"


def test_the_configuration_listens_on_the_port_asked_and_ends_with_the_sites(tmp_path):
    config = cgi_apache.write_config(tmp_path, 18401, "Alias /x /y\n")
    text = config.read_text()
    assert "Listen 127.0.0.1:18401" in text
    assert f"ServerRoot {tmp_path}" in text
    assert "mod_cgi.so" in text
    assert text.endswith("Alias /x /y\n")
    assert cgi_apache.command(config) == ["/usr/sbin/apache2", "-f", str(config), "-DFOREGROUND"]


def test_the_log_is_in_combined_format_and_in_this_month():
    now = time.time()
    lines = awstats_site._log(now).splitlines()
    assert len(lines) == 3 * len(awstats_site.VISITS)
    month = time.strftime("%b/%Y", time.gmtime(now))
    for line in lines:
        match = COMBINED.match(line)
        assert match, line
        assert f"{match[2]}/{match[3]}" == month


def test_an_error_page_is_compared_by_its_body_not_its_translated_title():
    english = b"<html><head><title>Statistics for x</title></head><body>Error: no</body></html>"
    german = (
        b"<html><head><title>Statistik f\xc3\xbcr x</title></head><body>Error: no</body></html>"
    )
    assert awstats_site._message(english) == awstats_site._message(german) == "Error: no"


def test_the_servers_listen_on_the_harvest_s_own_ports():
    assert cgi_apache.port(0) in range(18400, 18500)
    assert cgi_apache.port(99) == 18499
