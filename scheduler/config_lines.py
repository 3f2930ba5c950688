"""Line numbers of the keys of a TOML file, which tomllib does not give, so that every problem
in a config file can say where it is."""

from __future__ import annotations

import re

_ARRAY_HEADER = re.compile(r"^\[\[\s*(?P<path>[^\]]+?)\s*\]\]")
_TABLE_HEADER = re.compile(r"^\[\s*(?P<path>[^\]]+?)\s*\]")
_KEY = re.compile(r"""^(?P<key>[A-Za-z0-9_\-]+(?:\s*\.\s*[A-Za-z0-9_\-]+)*|"[^"]*"|'[^']*')\s*=""")
_DECODE_LINE = re.compile(r"at line (\d+)")

Path = tuple[str | int, ...]


def _split_key(text: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in text.split("."))


def key_lines(source: str) -> dict[Path, int]:
    """Map each key path, e.g. ("sites", 0, "max_pages"), to the line that sets it (1-based).
    Tables map to their header line. Good enough for the files people write by hand."""
    lines: dict[Path, int] = {}
    table: Path = ()
    array_counts: dict[Path, int] = {}
    open_quote: str | None = None
    for number, line in enumerate(source.splitlines(), 1):
        stripped = line.strip()
        if open_quote:
            if stripped.count(open_quote) % 2 == 1:
                open_quote = None
            continue
        if not stripped or stripped.startswith("#"):
            continue
        header = _ARRAY_HEADER.match(stripped)
        if header:
            *parents, last = _split_key(header["path"])
            path = (*_resolve(tuple(parents), array_counts), last)
            array_counts[path] = array_counts.get(path, -1) + 1
            table = (*path, array_counts[path])
            lines.setdefault(path, number)
            lines[table] = number
            continue
        header = _TABLE_HEADER.match(stripped)
        if header:
            table = _resolve(_split_key(header["path"]), array_counts)
            lines.setdefault(table, number)
            continue
        key = _KEY.match(stripped)
        if key:
            lines.setdefault((*table, *_split_key(key["key"])), number)
            value = stripped[key.end() :]
            for quote in ('"""', "'''"):
                if value.count(quote) % 2 == 1:
                    open_quote = quote
    return lines


def _resolve(path: tuple[str, ...], array_counts: dict[Path, int]) -> Path:
    """[sites.rules] after the second [[sites]] belongs to ("sites", 1, "rules")."""
    resolved: list[str | int] = []
    for part in path:
        resolved.append(part)
        index = array_counts.get(tuple(resolved))
        if index is not None:
            resolved.append(index)
    return tuple(resolved)


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of a key, or of the nearest table that holds it."""
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def decode_error_line(message: str) -> int | None:
    match = _DECODE_LINE.search(message)
    return int(match.group(1)) if match else None
