"""What a URL says by itself: the home page, a login page, a search, a page number."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from urllib.parse import SplitResult, parse_qsl, unquote
from urllib.parse import urlsplit as _urlsplit

from gatewatch.crawler.detectors.settings import DetectorSettings
from gatewatch.storage.url_identity import bare_host

PAGE_NUMBER = re.compile(r"(?:^|/)(?:page|seite|pagina|página|strona|sida|stranka)[/-](\d+)/?$")
PAGE_PARAMETERS = ("page", "p", "paged", "pg", "seite", "pagina")
SLUG_WORD = re.compile(r"[^\W\d_]{3,}")
LANGUAGE_CODE = re.compile(r"^[a-z]{2}(?:[-_][a-z]{2})?$")


@lru_cache(maxsize=4096)
def urlsplit(url: str) -> SplitResult:
    """urllib's urlsplit, cached: each URL is looked at by several rules."""
    return _urlsplit(url)


def host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


@lru_cache(maxsize=4096)
def _segments(url: str) -> tuple[str, ...]:
    path = unquote(urlsplit(url).path).lower()
    return tuple(segment for segment in path.split("/") if segment)


def segments(url: str) -> list[str]:
    """Decoded, lower-cased path segments, without empty ones."""
    return list(_segments(url))


def same_site(a: str, b: str) -> bool:
    """Same host, ignoring a leading www. (scheme and port are not looked at)."""
    return bare_host(host(a)) == bare_host(host(b))


# query parameters that say who sent the visitor or in which language, not which page
VISITOR_PARAMETERS = re.compile(
    r"(?:utm_\w+|ref|source|fbclid|gclid|msclkid|lang|language|locale|hl)"
)


def is_home(url: str, start_url: str, settings: DetectorSettings) -> bool:
    """The start page, the site root, an index alias of it, or a bare language root; not
    another page of the same script (`/index.php?view=events`, `/?p=123`)."""
    if not same_site(url, start_url) or _names_a_page(url, start_url):
        return False
    found = segments(url)
    start = segments(start_url)
    if found == start or not found:
        return True
    if len(found) == 1 and (found[0] in settings.home_aliases or LANGUAGE_CODE.match(found[0])):
        return True
    return found[:-1] == start and found[-1] in settings.home_aliases


def _names_a_page(url: str, start_url: str) -> bool:
    """A query string the start URL does not have, naming more than the visitor's origin or
    language: software that routes by parameters serves every page at its index."""
    query = urlsplit(url).query
    if not query or query == urlsplit(start_url).query:
        return False
    names = (name.lower() for name, _ in parse_qsl(query, keep_blank_values=True))
    return any(not VISITOR_PARAMETERS.fullmatch(name) for name in names)


SCRIPT_EXTENSIONS = frozenset({"php", "cgi", "pl", "py", "asp", "aspx", "jsp", "do", "fcgi"})


def is_script(path: str) -> bool:
    """A path ending in a program's file name (/host.php, /cgi-bin/view.cgi): the pages it
    serves are named by their parameters, not by the path (no slug, no page name)."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return "." in last[1:] and last.rsplit(".", 1)[1].lower() in SCRIPT_EXTENSIONS


def segment_named(url: str, words: tuple[str, ...]) -> str | None:
    """The first path segment that is one of `words`, or has one as a part (a-b-c at most)."""
    names = set(words)
    for segment in segments(url):
        stem = segment.rsplit(".", 1)[0] if "." in segment else segment
        if stem in names or segment in names:
            return segment
        pieces = re.split(r"[-_.]", stem)
        if len(pieces) <= 3:
            joined = {f"{a}-{b}" for a, b in pairwise(pieces)}
            if names & (joined | set(pieces)):
                return segment
    return None


def login_path(url: str, settings: DetectorSettings) -> str | None:
    """What names a login in the URL ("/account/login", "/connexion", "?mode=login")."""
    segment = segment_named(url, settings.login_path_words)
    if segment:
        return segment
    names = set(settings.login_path_words) | {"logging"}
    for name, value in parse_qsl(urlsplit(url).query):
        if value.lower() in names and name.lower() in ("mode", "action", "mod", "do", "page"):
            return f"?{name}={value}"
    return None


def auth_path(url: str, settings: DetectorSettings) -> str | None:
    """The path segment that names a registration, password or logout page, or None."""
    return segment_named(url, settings.auth_path_words)


def return_parameter(url: str, settings: DetectorSettings) -> str | None:
    """The query parameter that carries where to go after signing in (?next=, ?ReturnUrl=)."""
    names = set(settings.return_parameters)
    for name, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True):
        if name.lower() in names:
            return name
    return None


def identity_provider(url: str, settings: DetectorSettings) -> str | None:
    """An identity provider in the URL: a known host, or a login./sso. host."""
    found = host(url)
    address = f"{found}{urlsplit(url).path}".lower()
    for known in settings.identity_hosts:
        if "/" in known and address.startswith(known):
            return known
        if found == known or found.endswith("." + known) or known in found.split("."):
            return known
    for prefix in settings.identity_host_prefixes:
        if found.startswith(prefix):
            return found
    if "/cdn-cgi/access/login" in address or "/adfs/ls" in address:
        return "/cdn-cgi/access" if "cdn-cgi" in address else "/adfs"
    return None


def search_page(url: str, settings: DetectorSettings) -> str | None:
    """What makes the URL a site search: a search path segment or a query parameter."""
    names = set(settings.search_parameters)
    for name, value in parse_qsl(urlsplit(url).query, keep_blank_values=True):
        if name.lower() in names and value:
            return f"?{name}="
    segment = segment_named(url, settings.search_path_words)
    return f"/{segment}" if segment else None


def page_number(url: str) -> int | None:
    """The page number of a paginated listing URL (/page/9/, ?page=9), or None."""
    split = urlsplit(url)
    match = PAGE_NUMBER.search(split.path.lower())
    if match:
        return int(match.group(1))
    for name, value in parse_qsl(split.query):
        if name.lower() in PAGE_PARAMETERS and value.isdigit():
            return int(value)
    return None


def slug_words(url: str) -> set[str]:
    """Words of the last path segment ("/p/blue-linen-shirt.html" -> blue, linen, shirt)."""
    found = segments(url)
    if not found:
        return set()
    last = found[-1].rsplit(".", 1)[0]
    return set(SLUG_WORD.findall(last))


def private_path(url: str, settings: DetectorSettings) -> str | None:
    names = set(settings.private_path_words)
    for segment in segments(url):
        if segment in names:
            return segment
    return None


def error_path(url: str) -> str | None:
    """A URL that names an error page: /404, /page-not-found, /Error/NotFound?aspxerrorpath=."""
    split = urlsplit(url)
    address = f"{unquote(split.path)}?{split.query}".lower()
    for marker in (
        "404",
        "not-found",
        "notfound",
        "not_found",
        "page-not-found",
        "aspxerrorpath",
        "/error",
        "errorpage",
        "error-page",
        "pagenotfound",
        "fehler",
        "erreur",
    ):
        if marker in address:
            return marker
    return None
