"""A real squid (Debian squid, squid-langpack) on 127.0.0.1 as a proxy that denies some URLs
(http_access deny) and asks for proxy credentials for others: its ERR_ACCESS_DENIED page
(403) and its ERR_CACHE_ACCESS_DENIED page (407, asks for credentials) in every language
squid-langpack ships, picked by squid from Accept-Language (error_directory unset).

Squid has no not-found page of its own for HTTP (a 404 comes from the origin server); its
other error pages (DNS failure, connection refused, invalid URL, ...) are none of our labels
and are not asked for. Nothing is fetched from the network: every request is refused by
squid before it would leave."""

from __future__ import annotations

import http.client
import re
import shutil
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, free_port, running

GROUP = "squid"
LANGPACK = Path("/usr/share/squid-langpack")
CONFIG = """http_port 127.0.0.1:{port}
pid_filename none
cache_log stdio:/dev/stderr
access_log none
cache_store_log none
cache deny all
coredump_dir none
shutdown_lifetime 1 seconds
visible_hostname proxy.example.org
auth_param basic program /usr/lib/squid/basic_fake_auth
auth_param basic realm Proxy
acl blocked url_regex -i /blocked/
acl members url_regex -i /members/
acl signed_in proxy_auth REQUIRED
http_access deny blocked
http_access deny members !signed_in
http_access deny all
"""
# absolute URL asked through the proxy -> (label, the error page squid answers with, note)
REQUESTS = {
    "http://www.example.org/blocked/page.html": (
        "soft_403",
        "ERR_ACCESS_DENIED",
        "access denied (http_access deny)",
    ),
    "http://www.example.org/members/page.html": (
        "soft_401",
        "ERR_CACHE_ACCESS_DENIED",
        "cache access denied: asks for proxy credentials (proxy_auth, none given)",
    ),
}


def harvest(work: Path) -> list[Page]:
    apt_install("squid", "squid-langpack")
    source = f"{deb_version('squid')} + {deb_version('squid-langpack')}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    port = free_port()
    config = work / "squid.conf"
    config.write_text(CONFIG.format(port=port, work=work))
    pages = []
    with running(["squid", "-N", "-f", str(config)], port, work / "server.log"):
        for language in languages():
            for url, (label, template, note) in REQUESTS.items():
                if language != "en" and _untranslated(language, template):
                    continue  # squid would answer in English: not a language of its own
                status, content_type, body = through_proxy(port, url, language)
                if "html" not in content_type:
                    continue
                pages.append(
                    Page(
                        f"{template.lower().replace('_', '-')}.{language}.html",
                        body,
                        source,
                        GROUP,
                        f"GET {url} through the proxy, Accept-Language: {language}",
                        language,
                        label,
                        status,
                        f"{template}: {note}",
                    )
                )
    return pages


def languages() -> list[str]:
    """squid-langpack's translations: its folders that are not links to another."""
    return sorted(
        folder.name
        for folder in LANGPACK.iterdir()
        if folder.is_dir() and not folder.is_symlink() and folder.name != "templates"
    )


def _untranslated(language: str, template: str) -> bool:
    def text(folder: str) -> str:
        return re.sub(r'lang="[^"]*"', "", (LANGPACK / folder / template).read_text())

    return text(language) == text("en")


def through_proxy(port: int, url: str, language: str = "en") -> tuple[int, str, bytes]:
    """(status, content type, body) of a GET of an absolute URL through the proxy at port."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request(
            "GET",
            url,
            headers={
                "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
                "Accept-Language": language,
                "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) gatewatch-harvest",
            },
        )
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        connection.close()
