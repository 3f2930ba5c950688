"""What a run's rendering did, for the report: pages rendered in the browser, and
client-rendered pages left unjudged (flag `needs_rendering`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine, and_, func, select

from gatewatch.storage.models import responses, urls

EXAMPLES = 5


@dataclass
class RenderingCounts:
    rendered: int = 0
    not_judged: int = 0
    not_judged_examples: list[str] = field(default_factory=list)


def _flagged(run_id: int, flag: str):
    # flags are space-separated codes; no code contains another's name
    return and_(responses.c.run_id == run_id, responses.c.flags.like(f"%{flag}%"))


def rendering_counts(engine: Engine, run_id: int) -> RenderingCounts:
    with engine.connect() as connection:
        rendered = connection.execute(
            select(func.count()).select_from(responses).where(_flagged(run_id, "rendered"))
        ).scalar_one()
        not_judged = connection.execute(
            select(func.count()).select_from(responses).where(_flagged(run_id, "needs_rendering"))
        ).scalar_one()
        examples = []
        if not_judged:
            examples = list(
                connection.execute(
                    select(urls.c.url)
                    .join(
                        responses,
                        and_(responses.c.run_id == urls.c.run_id, responses.c.url_id == urls.c.id),
                    )
                    .where(_flagged(run_id, "needs_rendering"))
                    .order_by(urls.c.id)
                    .limit(EXAMPLES)
                ).scalars()
            )
    return RenderingCounts(rendered, not_judged, examples)
