"""Debian phpMyAdmin under PHP's built-in server on 127.0.0.1: its sign-in page in each of
its languages (?lang=), and its own documentation pages on users, privileges, security and
two-factor sign-in as the same server serves them (healthy pages)."""

from __future__ import annotations

from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

ROOT = Path("/usr/share/phpmyadmin")
DOCS = (
    "security",
    "privileges",
    "user",
    "two_factor",
    "setup",
    "intro",
    "require",
    "faq",
    "config",
    "glossary",
    "search",
    "index",
    "credits",
    "copyright",
)


def harvest(work: Path) -> list[Page]:
    apt_install("phpmyadmin", "php-cli")
    source = deb_version("phpmyadmin")
    locales = sorted(path.name for path in (ROOT / "locale").iterdir() if path.is_dir())
    work.mkdir(parents=True, exist_ok=True)
    port = free_port()
    pages = []
    with running(["php", "-S", f"127.0.0.1:{port}", "-t", str(ROOT)], port, work / "php.log"):
        for locale in ["en", *locales]:
            status, _, body = fetch(f"http://127.0.0.1:{port}/index.php?lang={locale}")
            language = locale.replace("_", "-").lower()
            pages.append(
                Page(
                    f"login.{language}.html",
                    body,
                    source,
                    "phpmyadmin",
                    f"GET /index.php?lang={locale}",
                    language,
                    "soft_401",
                    status,
                    "the sign-in page (cookie authentication)",
                )
            )
        for name in DOCS:
            status, headers, body = fetch(f"http://127.0.0.1:{port}/doc/html/{name}.html")
            if status != 200 or "html" not in headers.get("content-type", ""):
                continue
            pages.append(
                Page(
                    f"doc-{name}.html",
                    body,
                    source,
                    "phpmyadmin",
                    f"GET /doc/html/{name}.html",
                    "en",
                    "ok",
                    status,
                    f"phpMyAdmin documentation: {name}",
                )
            )
    return pages
