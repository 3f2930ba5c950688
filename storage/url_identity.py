"""How URLs and sites are told apart: the key a URL is indexed by, and the www. rule.

Pure functions, importable from every folder: the crawler computes the keys that storage
queries by, and the crawl, the config, the reports and the command line all decide "same
site" with `bare_host` (example.com and www.example.com are one site). One exception:
storage keeps a site's runs under its host as first given (storage.runs.site_name), so runs
of example.com and of www.example.com are stored, and compared, apart.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}


def url_key(url: str) -> int:
    """A signed 64-bit key for indexing URLs of any length."""
    digest = hashlib.blake2b(url.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def bare_host(host: str | None) -> str:
    """The host lower-cased and without a leading www.: the same for a host and its www twin."""
    return (host or "").lower().removeprefix("www.")


def www_twin(host: str) -> str:
    """example.com for www.example.com, and www.example.com for example.com."""
    return host[4:] if host.startswith("www.") else f"www.{host}"


def site_host(start_url: str) -> str:
    """The site a URL belongs to: its bare host, and its port unless the scheme's default."""
    parts = urlsplit(start_url)
    host = bare_host(parts.hostname)
    return host if parts.port in (None, DEFAULT_PORTS.get(parts.scheme)) else f"{host}:{parts.port}"
