"""One crawl per (language, user) of a group's rows, and their probes fetched and saved as
bench/probe_fetch.probe_group saves them (the same index.json), for the groups of
bench/probe_servers_tune.py and bench/probe_servers_tune_debian.py.

Why not probe_group itself: it keys a crawl by Accept-Language and signed in or not, and
reads "signed in" only as "signed in as"; for these groups the language is often a setting
(no Accept-Language: BackupPC's 416 rows would be one crawl in 13 languages) and one group
has several users (BackupPC's admin, alice, bob; Sympa's alice and bob; Cacti's admin and
guest), whose probes answer differently."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from bench.probe_fetch import probe_group
from bench.real_accuracy import load_rows

Headers = Callable[[dict], dict]

# the row's language: the Accept-Language sent, else the setting or URL parameter that chose it
_LANGUAGE = re.compile(
    r"Accept-Language: ([^\s,;)]+)|Language\} = '(\w+)'|ZM_LANG_DEFAULT=(\w+)"
    r"|\blanguage ([a-z]{2}_[A-Z]{2})\b|[?&]language=([\w-]+)"
)
_USER = re.compile(r"(?:signed in as|authentication as) ([^\s,;)]+)")


def language_of(row: dict) -> str:
    found = _LANGUAGE.search(row["obtained"])
    return next(filter(None, found.groups())) if found else row["language"]


def user_of(row: dict) -> str:
    """The user the row was fetched as: a name, "signed-in" when unnamed, or "anonymous"."""
    obtained = row["obtained"]
    named = _USER.search(obtained)
    if named:
        return named.group(1)
    if re.search(r"\bsigned[ -]in\b", obtained) and "not signed in" not in obtained:
        return "signed-in"
    return "anonymous"


def context_of(row: dict) -> str:
    """One crawl: the same language, as the same user."""
    return f"{language_of(row)}|{user_of(row)}"


# a user whose rows are probed after every other row's (its sign-in changes the software)
LAST = {"zabbix": "guest"}


def probe_rows(group: str, base: str, headers_for: Headers, out: Path) -> dict:
    """probe_fetch.probe_group with one crawl per context_of(row), a group's last user's rows
    (LAST) after every other row's."""
    rows = [row for row in load_rows() if row["source_group"] == group]
    rows.sort(key=lambda row: user_of(row) == LAST.get(group))  # stable: else as in labels
    return probe_group(group, base, headers_for, out, rows, context_of=context_of)


def accept(row: dict) -> dict:
    """The Accept-Language the row names (none when it names none)."""
    found = re.search(r"Accept-Language: ([^\s,;)]+)", row["obtained"])
    return {"Accept-Language": found.group(1)} if found else {}


def cookies(opener) -> str:
    """The Cookie header of a urllib opener's jar."""
    jar = next(h.cookiejar for h in opener.handlers if hasattr(h, "cookiejar"))
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)
