"""Backlink imports: one row per import of an export file, its rows, and the per-URL sums that
classification reads. The latest import of a site is the one that counts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Engine, case, func, insert, select

from gatewatch.storage.models import backlink_imports, backlinks
from gatewatch.storage.runs import now

BATCH_SIZE = 5000


class ParsedExport(Protocol):
    """What reports.backlinks.read_backlinks returns (storage does not import reports)."""

    format: str
    rows: list[Any]
    problems: list[str]
    skipped: dict[str, int]
    encoding: str | None


@dataclass(frozen=True, slots=True)
class BacklinkSummary:
    """External links to one URL, according to the site's latest import.

    `followed` counts links not marked nofollow (or ugc/sponsored); links of exports that do not
    tell (Search Console) count as followed.
    """

    backlinks: int
    referring_domains: int  # distinct linking domains, or the export's own count
    best_domain_rating: float | None  # 0-100, the strongest linking site or page
    followed: int


@dataclass(frozen=True, slots=True)
class BacklinkImport:
    id: int
    site_id: int
    imported_at: datetime
    file_name: str
    format: str
    row_count: int
    skipped_count: int
    problems: list[str]
    skipped: dict[str, int]
    encoding: str | None


def save_import(engine: Engine, site_id: int, file_name: str, parsed: ParsedExport) -> int:
    """Store an export's rows as a new import of the site; returns the import's id."""
    with engine.begin() as connection:
        import_id = connection.execute(
            insert(backlink_imports).values(
                site_id=site_id,
                imported_at=now(),
                file_name=file_name,
                format=parsed.format,
                row_count=len(parsed.rows),
                skipped_count=sum(parsed.skipped.values()),
                problems=list(parsed.problems),
                skipped=dict(parsed.skipped),
                encoding=parsed.encoding,
            )
        ).inserted_primary_key[0]
        for batch in _batches(parsed.rows, BATCH_SIZE):
            connection.execute(
                insert(backlinks),
                [
                    {
                        "import_id": import_id,
                        "target_url": row.target_url,
                        "target_key": row.target_key,
                        "source_url": row.source_url,
                        "referring_domain": row.referring_domain,
                        "domain_rating": row.domain_rating,
                        "links": row.links,
                        "referring_domains": row.referring_domains,
                        "anchor": row.anchor,
                        "nofollow": row.nofollow,
                        "followed": row.followed,
                    }
                    for row in batch
                ],
            )
    return import_id


def _batches(rows: list, size: int) -> Iterable[list]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _select_imports():
    return select(
        backlink_imports.c.id,
        backlink_imports.c.site_id,
        backlink_imports.c.imported_at,
        backlink_imports.c.file_name,
        backlink_imports.c.format,
        backlink_imports.c.row_count,
        backlink_imports.c.skipped_count,
        backlink_imports.c.problems,
        backlink_imports.c.skipped,
        backlink_imports.c.encoding,
    )


def _to_import(row) -> BacklinkImport:
    values = row._asdict()
    values["problems"] = values["problems"] or []
    values["skipped"] = values["skipped"] or {}
    return BacklinkImport(**values)


def list_imports(engine: Engine, site_id: int, limit: int = 20) -> list[BacklinkImport]:
    """The site's imports, newest first."""
    query = (
        _select_imports()
        .where(backlink_imports.c.site_id == site_id)
        .order_by(backlink_imports.c.id.desc())
        .limit(limit)
    )
    with engine.connect() as connection:
        return [_to_import(row) for row in connection.execute(query)]


def latest_import(engine: Engine, site_id: int) -> BacklinkImport | None:
    """The site's newest import that kept rows: a file that gave nothing replaces nothing."""
    query = (
        _select_imports()
        .where(backlink_imports.c.site_id == site_id, backlink_imports.c.row_count > 0)
        .order_by(backlink_imports.c.id.desc())
        .limit(1)
    )
    with engine.connect() as connection:
        row = connection.execute(query).first()
    return _to_import(row) if row else None


def _summaries(import_id: int):
    followed = func.sum(
        case((backlinks.c.followed.is_(None), backlinks.c.links), else_=backlinks.c.followed)
    )
    return (
        select(
            backlinks.c.target_key,
            func.min(backlinks.c.target_url),
            func.sum(backlinks.c.links),
            func.count(backlinks.c.referring_domain.distinct()),
            func.coalesce(func.sum(backlinks.c.referring_domains), 0),
            func.max(backlinks.c.domain_rating),
            followed,
        )
        .where(backlinks.c.import_id == import_id)
        .group_by(backlinks.c.target_key)
    )


def _summary(links, distinct_domains, counted_domains, best_rating, followed) -> BacklinkSummary:
    return BacklinkSummary(
        backlinks=int(links or 0),
        referring_domains=max(int(distinct_domains or 0), int(counted_domains or 0)),
        best_domain_rating=None if best_rating is None else float(best_rating),
        followed=int(followed or 0),
    )


def backlinks_by_url_key(engine: Engine, site_id: int) -> dict[int, BacklinkSummary]:
    """Per target URL key (url_identity.url_key), what the site's latest import says; {} if none."""
    latest = latest_import(engine, site_id)
    if latest is None:
        return {}
    with engine.connect() as connection:
        return {
            key: _summary(*values)
            for key, _url, *values in connection.execute(_summaries(latest.id))
        }


def top_targets(
    engine: Engine, import_id: int, limit: int = 10
) -> list[tuple[str, BacklinkSummary]]:
    """The import's most linked URLs: most referring domains first."""
    with engine.connect() as connection:
        found = [
            (url, _summary(*values))
            for _key, url, *values in connection.execute(_summaries(import_id))
        ]
    found.sort(key=lambda item: (-item[1].referring_domains, -item[1].backlinks, item[0]))
    return found[:limit]
