"""The rules that sort findings into buckets, as data: defaults here, overrides per site.

A site's config can override any field with a TOML table (in gatewatch.toml, a `[rules]`
table for every site or a `[sites.rules]` table after the site's `[[sites]]`), e.g.

    [sites.rules]
    extra_private_paths = ["intranet", "/internal/*"]
    important_public_inlinks = 5
    minimum_domain_rating = 20

Unknown keys are refused with the list of known ones, so a typo never silently does nothing.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

DEFAULT_PRIVATE_PATHS = (
    "admin", "administrator", "wp-admin", "wp-login.php", "account", "accounts", "my-account",
    "profile", "cart", "basket", "checkout", "login", "signin", "sign-in", "log-in", "logout",
    "register", "signup", "sign-up", "password", "reset-password", "dashboard", "staging",
    "internal", "api", "private", "orders", "wishlist", "user", "users", "settings",
)  # fmt: skip

DEFAULT_LOGIN_PATHS = (
    "login", "signin", "sign-in", "log-in", "logon", "auth", "sso", "wp-login.php", "account/login",
    "users/sign_in", "session/new",
)  # fmt: skip

DEFAULT_LOGIN_QUERY_KEYS = (
    "next", "returnurl", "return_url", "redirect_to", "returnto", "continue",
)  # fmt: skip


class RulesError(ValueError):
    """A rules table that cannot be used; the message says which key and why."""


@dataclass(frozen=True, slots=True)
class Rules:
    """What makes a page private on purpose, what makes it important.

    `private_paths` entries without "/" or "*" match one path segment ("admin" matches
    /admin/users and /shop/admin); the others are glob patterns on the path ("/internal/*").
    """

    private_paths: tuple[str, ...] = DEFAULT_PRIVATE_PATHS
    extra_private_paths: tuple[str, ...] = ()  # added to private_paths, keeping the defaults
    login_paths: tuple[str, ...] = DEFAULT_LOGIN_PATHS
    login_query_keys: tuple[str, ...] = DEFAULT_LOGIN_QUERY_KEYS
    # A page linked from at least this many public content pages is important on its own.
    important_public_inlinks: int = 3
    # Backlinks count only from referring domains at least this strong (0 to 100)...
    minimum_domain_rating: float = 0.0
    # ...and only followed ones (no rel=nofollow), unless this is False.
    followed_backlinks_only: bool = True
    # A referring domain this strong makes a page important by itself.
    strong_domain_rating: float = 50.0

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> Rules:
        """Defaults overridden by `data` (a config table); unknown keys and bad types refused."""
        if not data:
            return cls()
        known = {field.name: field for field in fields(cls)}
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise RulesError(
                f"unknown rules key(s) {', '.join(unknown)}; known keys: {', '.join(sorted(known))}"
            )
        values: dict[str, Any] = {}
        for name, value in data.items():
            default = getattr(cls(), name)
            values[name] = _checked(name, value, default)
        return cls(**values)

    def is_private_path(self, url: str) -> str | None:
        """The private pattern the URL's path matches, or None."""
        return _match_path(url, self.private_paths + self.extra_private_paths)

    def is_login_url(self, url: str) -> bool:
        """Whether a URL looks like a login page (path or a return-to query parameter)."""
        if _match_path(url, self.login_paths, whole_tail=True):
            return True
        query = urlsplit(url).query.lower()
        keys = {part.split("=", 1)[0] for part in query.split("&") if part}
        return bool(keys & set(self.login_query_keys)) and _match_path(url, self.login_paths)


def _checked(name: str, value: Any, default: Any) -> Any:
    if isinstance(default, tuple):
        if isinstance(value, str) or not isinstance(value, list | tuple):
            raise RulesError(f"rules.{name} must be a list of strings, got {value!r}")
        if not all(isinstance(item, str) and item.strip() for item in value):
            raise RulesError(f"rules.{name} must hold non-empty strings, got {value!r}")
        return tuple(item.strip().lower() for item in value)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise RulesError(f"rules.{name} must be true or false, got {value!r}")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RulesError(f"rules.{name} must be a number, got {value!r}")
    if value < 0:
        raise RulesError(f"rules.{name} must not be negative, got {value!r}")
    return type(default)(value) if isinstance(default, float) else int(value)


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> tuple[dict[str, str], tuple[str, ...]]:
    """Single segments in a dict for one lookup per segment; the rest checked one by one."""
    segments = {
        pattern: pattern for pattern in patterns if "*" not in pattern and "/" not in pattern
    }
    others = tuple(pattern for pattern in patterns if pattern not in segments)
    return segments, others


# urlsplit also drops tabs and newlines: a URL with one in its host or path takes the slow way
_ABSOLUTE_PATH = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#\t\r\n]*([^?#\t\r\n]*)(?=[?#]|\Z)")


def _path(url: str) -> str:
    """urlsplit(url).path, without building the rest of the split for the absolute URLs a
    crawl stores (it is called for every page linking to a finding)."""
    match = _ABSOLUTE_PATH.match(url)
    return match[1] if match else urlsplit(url).path


def _match_path(url: str, patterns: tuple[str, ...], whole_tail: bool = False) -> str | None:
    path = _path(url).lower() or "/"
    segments = [segment for segment in path.split("/") if segment]
    single, others = _compiled(patterns)
    for segment in segments[-1:] if whole_tail else segments:
        if segment in single:
            return single[segment]
    for pattern in others:
        if "*" in pattern:
            if fnmatch.fnmatchcase(path, pattern):
                return pattern
        elif f"/{pattern.strip('/')}/" in f"{path.rstrip('/')}/":
            return pattern
    return None
