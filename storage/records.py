"""One record per URL met in a run, with its redirect chain resolved: what `export` writes and
what later stages (detectors, buckets, reports) read."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Engine, and_, distinct, exists, func, null, or_, select
from sqlalchemy.orm import aliased

from gatewatch.storage.models import all_links, responses, sitemap_urls, sitemaps, urls

DEFAULT_MAX_REDIRECTS = 10


@dataclass(slots=True)
class Hop:
    url: str
    status: int | None
    location: str | None


@dataclass(slots=True)
class Chain:
    hops: list[Hop]
    final_url: str | None
    final_status: int | None
    loop: bool
    too_long: bool


def _redirect_table(connection, run_id: int) -> dict[int, tuple]:
    target = aliased(urls)
    target_response = aliased(responses)
    source = aliased(urls)
    query = (
        select(
            responses.c.url_id,
            source.c.url,
            responses.c.status,
            responses.c.location,
            responses.c.redirect_target_id,
            target.c.url,
            target_response.c.status,
        )
        .join(source, and_(source.c.run_id == run_id, source.c.id == responses.c.url_id))
        .join(
            target, and_(target.c.run_id == run_id, target.c.id == responses.c.redirect_target_id)
        )
        .outerjoin(
            target_response,
            and_(
                target_response.c.run_id == run_id,
                target_response.c.url_id == responses.c.redirect_target_id,
            ),
        )
        .where(responses.c.run_id == run_id, responses.c.redirect_target_id.is_not(None))
    )
    return {row[0]: tuple(row[1:]) for row in connection.execute(query)}


def resolve_chain(url_id: int, redirects: dict[int, tuple], max_redirects: int) -> Chain:
    """Walk redirects from `url_id` to where they end, noticing loops and over-long chains."""
    hops: list[Hop] = []
    seen = set()
    current = url_id
    final_url = final_status = None
    loop = False
    while current in redirects:
        if current in seen:
            loop = True
            break
        seen.add(current)
        url, status, location, target_id, target_url, target_status = redirects[current]
        hops.append(Hop(url, status, location))
        final_url, final_status = target_url, target_status
        current = target_id
        if len(hops) > max_redirects * 2:
            break
    if loop:
        final_url = final_status = None
    return Chain(hops, final_url, final_status, loop, len(hops) > max_redirects)


def _flags(row, chain: Chain | None) -> list[str]:
    flags = []
    if row.skip_reason == "robots":
        flags.append("robots_blocked")
    if row.skip_reason == "invalid_url":
        flags.append("invalid_url")
    if row.flags:
        flags.extend(row.flags.split())
    if chain is not None:
        if chain.loop:
            flags.append("redirect_loop")
        if chain.too_long:
            flags.append("redirect_chain_too_long")
    return flags


def _aggregates(run_id: int):
    """Inlinks and sitemaps of every URL of the run, as subqueries to join."""
    inlinks = (
        select(all_links.c.target_id, func.count(distinct(all_links.c.source_id)).label("inlinks"))
        .where(all_links.c.run_id == run_id, all_links.c.source_id != all_links.c.target_id)
        .group_by(all_links.c.target_id)
        .subquery()
    )
    membership = (
        select(
            sitemap_urls.c.url_id,
            func.aggregate_strings(sitemaps.c.url, " ").label("sitemaps"),
        )
        .join(
            sitemaps,
            and_(sitemaps.c.run_id == run_id, sitemaps.c.id == sitemap_urls.c.sitemap_id),
        )
        .where(sitemap_urls.c.run_id == run_id)
        .group_by(sitemap_urls.c.url_id)
        .subquery()
    )
    return inlinks, membership


def _per_url_columns(run_id: int):
    """Sitemaps as a correlated subquery and whether a sitemap lists the URL, looked up
    through the indexes for each URL read; no inlink count (the report counts the pages
    linking to each finding as it reads them)."""
    # sitemaps by the ids of those listing this URL: so the lookup goes through the URL's
    # index, whichever join order the planner would otherwise pick
    listing = (
        select(sitemap_urls.c.sitemap_id)
        .correlate(urls)
        .where(sitemap_urls.c.run_id == run_id, sitemap_urls.c.url_id == urls.c.id)
    )
    names = (
        select(func.aggregate_strings(sitemaps.c.url, " "))
        .where(sitemaps.c.run_id == run_id, sitemaps.c.id.in_(listing))
        .scalar_subquery()
    )
    listed = exists().where(sitemap_urls.c.run_id == run_id, sitemap_urls.c.url_id == urls.c.id)
    return null(), names, listed


def records_query(
    run_id: int, include_external: bool, problems_only: bool, previous_run_id: int | None = None
):
    """The query behind url_records."""
    if problems_only:  # a tenth of the URLs: a lookup each beats aggregating every link
        inlinks_column, sitemaps_column, listed = _per_url_columns(run_id)
        joins = []
    else:
        inlinks, membership = _aggregates(run_id)
        inlinks_column = func.coalesce(inlinks.c.inlinks, 0)
        sitemaps_column, listed = membership.c.sitemaps, membership.c.url_id.is_not(None)
        joins = [
            (inlinks, inlinks.c.target_id == urls.c.id),
            (membership, membership.c.url_id == urls.c.id),
        ]
    query = (
        select(
            urls.c.id,
            urls.c.url,
            urls.c.internal,
            urls.c.found_via,
            urls.c.depth,
            urls.c.skip_reason,
            responses.c.status,
            responses.c.location,
            responses.c.redirect_target_id,
            responses.c.content_type,
            responses.c.size,
            responses.c.latency_ms,
            responses.c.title,
            responses.c.meta_robots,
            responses.c.x_robots_tag,
            responses.c.canonical,
            responses.c.www_authenticate,
            responses.c.auth_scheme,
            responses.c.auth_realm,
            responses.c.retry_after,
            responses.c.attempts,
            responses.c.throttled,
            responses.c.flags,
            responses.c.verdicts,
            responses.c.error,
            responses.c.url_id.label("fetched_id"),
            inlinks_column.label("inlinks"),
            sitemaps_column.label("sitemaps"),
        )
        .outerjoin(responses, and_(responses.c.run_id == run_id, responses.c.url_id == urls.c.id))
        .where(urls.c.run_id == run_id)
        .order_by(urls.c.id)
    )
    for table, condition in joins:
        query = query.outerjoin(table, condition)
    if previous_run_id is not None:
        before = aliased(urls)
        answer_before = aliased(responses)
        query = (
            query.add_columns(answer_before.c.status.label("previous_status"))
            .outerjoin(
                before,
                and_(
                    before.c.run_id == previous_run_id,
                    before.c.url_key == urls.c.url_key,
                    before.c.url == urls.c.url,
                ),
            )
            .outerjoin(
                answer_before,
                and_(
                    answer_before.c.run_id == previous_run_id,
                    answer_before.c.url_id == before.c.id,
                ),
            )
        )
    if not include_external:
        query = query.where(urls.c.internal.is_(True))
    if problems_only:
        query = query.where(
            or_(
                and_(
                    responses.c.url_id.is_not(None),
                    or_(
                        responses.c.status.is_(None),
                        responses.c.status < 200,
                        responses.c.status >= 300,
                        responses.c.flags.is_not(None),
                        responses.c.verdicts.is_not(None),
                        responses.c.redirect_target_id.is_not(None),
                    ),
                ),
                and_(
                    responses.c.url_id.is_(None),
                    urls.c.skip_reason == "robots",
                    listed,
                ),
            )
        )
    return query


def url_records(
    engine: Engine,
    run_id: int,
    include_external: bool = False,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    problems_only: bool = False,
    previous_run_id: int | None = None,
) -> Iterator[dict]:
    """Yield one dict per URL met in the run, in the order they were met.

    `problems_only`: only the URLs that may be findings -- fetched and answering other than a
    plain 2xx (an error, a redirect, no answer, a detector's flag), or kept out by robots.txt
    while a sitemap lists them. A report needs those alone: a tenth of a big run. Their
    `inlinks` is None: the report counts them from the pages linking to each.
    `previous_run_id`: each record also has the URL's `previous_status` in that run (None when
    it was not fetched then).
    """
    query = records_query(run_id, include_external, problems_only, previous_run_id)
    with engine.connect() as connection:
        redirects = _redirect_table(connection, run_id)
        result = connection.execution_options(stream_results=True, yield_per=2000).execute(query)
        for row in result:
            chain = None
            if row.id in redirects:
                chain = resolve_chain(row.id, redirects, max_redirects)
            fetched = row.fetched_id is not None
            record = {
                "url": row.url,
                "status": row.status,
                "final_url": (chain.final_url if chain else (row.url if fetched else None)),
                "final_status": (chain.final_status if chain else row.status),
                "redirects": [
                    {"url": hop.url, "status": hop.status, "location": hop.location}
                    for hop in chain.hops
                ]
                if chain
                else [],
                "flags": _flags(row, chain),
                "verdicts": json.loads(row.verdicts) if row.verdicts else [],
                "in_sitemap": row.sitemaps is not None,
                "sitemaps": sorted(set(row.sitemaps.split(" "))) if row.sitemaps else [],
                "inlinks": row.inlinks,
                "depth": row.depth,
                "found_via": row.found_via,
                "internal": row.internal,
                "fetched": fetched,
                "skip_reason": row.skip_reason,
                "content_type": row.content_type,
                "size": row.size,
                "latency_ms": row.latency_ms,
                "title": row.title,
                "meta_robots": row.meta_robots,
                "x_robots_tag": row.x_robots_tag,
                "canonical": row.canonical,
                "auth_scheme": row.auth_scheme,
                "auth_realm": row.auth_realm,
                "retry_after": row.retry_after,
                "attempts": row.attempts,
                "throttled": row.throttled,
                "error": row.error,
                "url_id": row.id,  # the URL's number in this run
            }
            if previous_run_id is not None:
                record["previous_status"] = row.previous_status
            yield record
