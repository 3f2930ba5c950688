"""The job queue between the scheduler and `gatewatch worker` processes: Celery on a broker
(RabbitMQ, or Redis), chosen in docs/scaling.md.

The scheduler only enqueues "site S, scheduled time T"; a worker takes it and runs the same
`gatewatch run S --scheduled-for T` that the single-process scheduler runs. A message is
acknowledged when its job has finished (acks_late): if its worker dies, the broker hands it to
another worker. The database, not the queue, makes the job's effects happen once.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from functools import cache

from celery import Celery
from kombu import Queue
from sqlalchemy import Engine

from gatewatch.scheduler.jobs import due_slot

BROKER_ENVIRONMENT_VARIABLE = "GATEWATCH_BROKER_URL"
QUEUE_ENVIRONMENT_VARIABLE = "GATEWATCH_QUEUE"
DEFAULT_QUEUE = "gatewatch"
TASK_NAME = "gatewatch.run_site"

# A crawl may run for hours while its message waits to be acknowledged. RabbitMQ closes a
# channel whose delivery stays unacknowledged past its consumer timeout (30 minutes by
# default): the queue asks for a week. Redis hands an unacknowledged message to another worker
# after its visibility timeout: a day, longer than any crawl's time limit should be.
CONSUMER_TIMEOUT_MILLISECONDS = 7 * 24 * 3600 * 1000
REDIS_VISIBILITY_TIMEOUT_SECONDS = 24 * 3600


class QueueError(RuntimeError):
    """The broker cannot be used; the message says what to set."""


def broker_url(given: str | None = None) -> str:
    url = given or os.environ.get(BROKER_ENVIRONMENT_VARIABLE)
    if not url:
        raise QueueError(
            f"no broker: pass --broker amqp://USER:PASSWORD@HOST:5672// or set "
            f"${BROKER_ENVIRONMENT_VARIABLE}"
        )
    return url


def queue_name(given: str | None = None) -> str:
    return given or os.environ.get(QUEUE_ENVIRONMENT_VARIABLE) or DEFAULT_QUEUE


@cache
def make_app(broker: str, queue: str) -> Celery:
    """The Celery app of one broker and queue, as both the scheduler and workers see it."""
    app = Celery("gatewatch", broker=broker, set_as_current=False)
    app.conf.update(
        task_acks_late=True,  # acknowledged when the job is done, not when it starts
        task_reject_on_worker_lost=True,  # a job whose process died goes back to the queue
        worker_prefetch_multiplier=1,  # a worker holds only the jobs it is running
        task_ignore_result=True,  # outcomes are in the database (runs, deliveries)
        task_serializer="json",
        accept_content=["json"],
        task_default_queue=queue,
        task_queues=[
            Queue(
                queue,
                routing_key=queue,
                queue_arguments={"x-consumer-timeout": CONSUMER_TIMEOUT_MILLISECONDS},
            )
        ],
        broker_transport_options={"visibility_timeout": REDIS_VISIBILITY_TIMEOUT_SECONDS},
        broker_connection_retry_on_startup=True,
        worker_redirect_stdouts=False,
    )
    return app


def worker_mode_job(engine: Engine, broker: str) -> Callable[[str, str], None]:
    """The scheduler's job function when workers run the jobs; checks that they can."""
    if engine.url.get_backend_name() != "postgresql":
        raise QueueError(
            "workers need PostgreSQL, which they share with the scheduler; with SQLite run "
            "the scheduler without --broker (it runs the crawls itself)"
        )
    # The job function is stored by reference; its broker comes from the environment.
    os.environ[BROKER_ENVIRONMENT_VARIABLE] = broker
    return enqueue


def send_job(broker: str, queue: str, site_name: str, slot: datetime) -> None:
    make_app(broker, queue).send_task(TASK_NAME, args=[site_name, slot.isoformat()], queue=queue)


def enqueue(config_path: str, site_name: str) -> None:
    """The scheduler's job in worker mode: put "this site, its latest scheduled time" on the
    queue (the broker URL comes from the environment: it is not stored with the jobs)."""
    slot = due_slot(config_path, site_name, "not queued")
    if slot is None:
        return
    send_job(broker_url(), queue_name(), site_name, slot)
    print(f"{site_name}: queued the run for {slot.isoformat()}", flush=True)
