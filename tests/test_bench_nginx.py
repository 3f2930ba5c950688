"""The nginx benchmark server answers a generated site exactly like demo.server does: same
statuses, Location headers, auth headers, content types and bodies, for every URL a crawler
meets, for dead links and for query-string variants."""

import gzip
import http.client

import pytest

from bench.nginx_site import NginxSite, NginxSiteError, nginx_available
from gatewatch.demo.generator import generate_site
from gatewatch.demo.server import serve

pytestmark = pytest.mark.skipif(
    not nginx_available(), reason="/usr/sbin/nginx is not installed (apt-get install nginx-light)"
)
COMPARED_HEADERS = ("Location", "WWW-Authenticate", "Content-Type")


def _get(port: int, target: str, method: str = "GET") -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, target)
        response = connection.getresponse()
        headers = {name: response.getheader(name) for name in COMPARED_HEADERS}
        return response.status, headers, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def generated():
    return generate_site(50, seed=3)


@pytest.fixture(scope="module")
def nginx(generated, tmp_path_factory):
    with NginxSite.start(generated.site, folder=tmp_path_factory.mktemp("nginx")) as server:
        yield server


def _answer(port: int, target: str, base_url: str) -> tuple:
    """What a crawler sees, with the server's own base URL written as {{BASE}}."""
    status, headers, body = _get(port, target)
    headers = {k: v.replace(base_url, "{{BASE}}") for k, v in headers.items() if v is not None}
    if 300 <= status < 400:
        # A redirect's body (and its type) is nginx's own short page: crawlers only read Location.
        headers.pop("Content-Type", None)
        body = b""
    if body[:2] == b"\x1f\x8b":  # a gzipped sitemap holds the base URL inside
        body = gzip.decompress(body)
    return status, headers, body.replace(base_url.encode(), b"{{BASE}}")


def test_nginx_serves_every_expected_url_as_the_python_server_does(generated, nginx):
    targets = sorted(generated.expected) + sorted(generated.disallowed)
    targets += ["/no/such/page", "/blog/?utm_source=mail", "/login?next=/account/"]
    with serve(generated.site) as python_server:
        differences = {}
        for target in targets:
            expected = _answer(python_server.port, target, python_server.base_url)
            served = _answer(nginx.port, target, nginx.base_url)
            if expected != served:
                differences[target] = (expected[:2], served[:2])
    assert not differences, f"{len(differences)} differ, e.g. {list(differences.items())[:3]}"


def test_statuses_match_the_generators_truth(generated, nginx):
    statuses = {target: _get(nginx.port, target)[0] for target in generated.expected}
    wrong = {t: (statuses[t], s) for t, s in generated.expected.items() if statuses[t] != s}
    assert not wrong, f"wrong statuses: {list(wrong.items())[:5]}"
    kinds = set(generated.expected.values())
    assert {200, 301, 302, 401, 403, 404, 410, 500} <= kinds


def test_relative_redirects_stay_relative_and_auth_challenges_are_sent(generated, nginx):
    relative = [p for p, target in generated.redirects.items() if p in generated.expected]
    locations = {p: _get(nginx.port, p)[1]["Location"] for p in relative}
    assert any(location.startswith("/") for location in locations.values())
    for path, location in locations.items():
        assert location.endswith(generated.redirects[path])
    members = next(p for p in generated.expected if p.startswith("/members/"))
    status, headers, _ = _get(nginx.port, members)
    assert (status, headers["WWW-Authenticate"]) == (401, 'Basic realm="Northwind Members"')
    partners = next(p for p in generated.expected if p.startswith("/partners/"))
    assert _get(nginx.port, partners)[1]["WWW-Authenticate"] is None


def test_other_methods_are_refused(nginx):
    status, _, _ = _get(nginx.port, "/", method="POST")
    assert status == 405


def test_pages_that_fail_first_are_refused_with_a_clear_error(tmp_path):
    from gatewatch.demo.site import Page, Site

    site = Site({"/": Page.html("<p>hi</p>"), "/flaky": Page(fail_first=2)})
    with pytest.raises(NginxSiteError, match="/flaky: fail_first"):
        NginxSite.start(site, folder=tmp_path)
