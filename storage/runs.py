"""Sites and runs: creating a run, closing it, finding runs again."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from sqlalchemy import Engine, func, insert, select, update

from gatewatch.storage.models import runs, sites

# Set by `gatewatch worker` for the jobs it runs: the run records which worker crawled it.
WORKER_ENVIRONMENT_VARIABLE = "GATEWATCH_WORKER"


def now() -> datetime:
    return datetime.now(UTC)


def site_name(start_url: str) -> str:
    """A site is named by its host (and port, when not the default)."""
    return urlsplit(start_url).netloc.lower()


@dataclass
class Run:
    id: int
    site: str
    start_url: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    stats: dict | None
    settings: dict | None
    robots_status: int | None
    error: str | None
    worker: str | None = None

    @property
    def seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (_aware(self.finished_at) - _aware(self.started_at)).total_seconds()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _get_or_create_site(connection, start_url: str) -> int:
    name = site_name(start_url)
    site_id = connection.execute(select(sites.c.id).where(sites.c.name == name)).scalar()
    if site_id is None:
        site_id = connection.execute(
            insert(sites).values(name=name, start_url=start_url, created_at=now())
        ).inserted_primary_key[0]
    return site_id


def create_run(
    engine: Engine, start_url: str, settings: dict, scheduled_for: datetime | None = None
) -> int:
    """A new running run; `scheduled_for` (unique per site) marks the scheduler's time slot."""
    with engine.begin() as connection:
        site_id = _get_or_create_site(connection, start_url)
        result = connection.execute(
            insert(runs).values(
                site_id=site_id,
                scheduled_for=scheduled_for,
                start_url=start_url,
                status="running",
                started_at=now(),
                settings=settings,
                pid=os.getpid(),
                hostname=socket.gethostname(),
                worker=os.environ.get(WORKER_ENVIRONMENT_VARIABLE),
            )
        )
        return result.inserted_primary_key[0]


def ensure_site(engine: Engine, start_url: str) -> int:
    """The id of the site of this start URL, created if new."""
    with engine.begin() as connection:
        return _get_or_create_site(connection, start_url)


def scheduled_run(
    engine: Engine, start_url: str, scheduled_for: datetime
) -> tuple[Run, int] | None:
    """The run of this site for this scheduled time, with its process id, if there is one."""
    query = (
        _select_runs()
        .add_columns(runs.c.pid)
        .where(_site_is(start_url), runs.c.scheduled_for == scheduled_for)
    )
    with engine.connect() as connection:
        row = connection.execute(query).first()
    return (Run(*row[:-1]), row[-1]) if row else None


def record_robots(
    engine: Engine,
    run_id: int,
    url: str,
    status: int | None,
    body: str,
    body_hash: str | None,
    error: str | None,
) -> None:
    with engine.begin() as connection:
        connection.execute(
            update(runs)
            .where(runs.c.id == run_id)
            .values(
                robots_url=url,
                robots_status=status,
                robots_body=body.replace("\x00", "\ufffd"),
                robots_hash=body_hash,
                robots_error=error,
            )
        )


def finish_run(
    engine: Engine, run_id: int, status: str, stats: dict | None = None, error: str | None = None
) -> None:
    values: dict = {"status": status, "finished_at": now()}
    if stats is not None:
        values["stats"] = stats
    if error is not None:
        values["error"] = error
    with engine.begin() as connection:
        connection.execute(update(runs).where(runs.c.id == run_id).values(**values))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def mark_abandoned_runs(engine: Engine) -> list[int]:
    """Runs left 'running' by a process of this host that no longer exists were interrupted."""
    host = socket.gethostname()
    with engine.begin() as connection:
        candidates = connection.execute(
            select(runs.c.id, runs.c.pid).where(runs.c.status == "running", runs.c.hostname == host)
        ).all()
        dead = [run_id for run_id, pid in candidates if pid is None or not _pid_alive(pid)]
        if dead:
            connection.execute(
                update(runs)
                .where(runs.c.id.in_(dead), runs.c.status == "running")
                .values(
                    status="interrupted",
                    finished_at=now(),
                    error="the crawling process ended without closing the run (killed?)",
                )
            )
    return dead


def close_run_of_ended_process(engine: Engine, run_id: int, pid: int, error: str) -> bool:
    """The run is interrupted if it is still running and its crawl was process `pid` of this
    host, which the caller knows has ended (it waited for it). True if it was."""
    with engine.begin() as connection:
        result = connection.execute(
            update(runs)
            .where(
                runs.c.id == run_id,
                runs.c.status == "running",
                runs.c.pid == pid,
                runs.c.hostname == socket.gethostname(),
            )
            .values(status="interrupted", finished_at=now(), error=error)
        )
    return result.rowcount == 1


def _select_runs():
    return select(
        runs.c.id,
        sites.c.name,
        runs.c.start_url,
        runs.c.status,
        runs.c.started_at,
        runs.c.finished_at,
        runs.c.stats,
        runs.c.settings,
        runs.c.robots_status,
        runs.c.error,
        runs.c.worker,
    ).join(sites, sites.c.id == runs.c.site_id)


def _site_is(site: str):
    """A site given by name (host) or by any of its URLs."""
    return sites.c.name == (site_name(site) if "://" in site else site)


@dataclass(frozen=True)
class Site:
    id: int
    name: str
    start_url: str


def find_site(engine: Engine, site: str) -> Site | None:
    """A site given by name (host) or by any of its URLs; None if it is not known."""
    query = select(sites.c.id, sites.c.name, sites.c.start_url).where(_site_is(site))
    with engine.connect() as connection:
        row = connection.execute(query).first()
    return Site(*row) if row else None


def get_run(engine: Engine, run_id: int) -> Run | None:
    with engine.connect() as connection:
        row = connection.execute(_select_runs().where(runs.c.id == run_id)).first()
    return Run(*row) if row else None


def latest_run(engine: Engine, site: str | None = None) -> Run | None:
    query = _select_runs().order_by(runs.c.id.desc()).limit(1)
    if site:
        query = query.where(_site_is(site))
    with engine.connect() as connection:
        row = connection.execute(query).first()
    return Run(*row) if row else None


def list_runs(engine: Engine, site: str | None = None, limit: int = 50) -> list[Run]:
    query = _select_runs().order_by(runs.c.id.desc()).limit(limit)
    if site:
        query = query.where(_site_is(site))
    with engine.connect() as connection:
        return [Run(*row) for row in connection.execute(query)]


def count_runs(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(runs)).scalar_one()


def record_honesty(engine: Engine, run_id: int, honesty: dict[str, str]) -> None:
    """How each probed host and URL shape answered URLs that cannot exist ("honest", "soft"...)."""
    with engine.begin() as connection:
        connection.execute(update(runs).where(runs.c.id == run_id).values(honesty=honesty))
