"""docker-compose.yml's cluster, checked by reading (Docker cannot run here): the scheduler
queues on the broker, `worker` containers scale with `--scale worker=N` and run the same
command as the worker tests, all on one PostgreSQL and one broker."""

from __future__ import annotations

from tests.test_compose import COMPOSE, GATEWATCH_SERVICES, resolve

SERVICES = COMPOSE["services"]


def test_workers_scale_they_have_no_fixed_name_nor_published_port():
    worker = GATEWATCH_SERVICES["worker"]
    assert "container_name" not in worker
    assert "ports" not in worker
    assert worker["image"] == GATEWATCH_SERVICES["scheduler"]["image"]


def test_the_worker_runs_gatewatch_worker_as_the_tests_do():
    command, context = resolve(GATEWATCH_SERVICES["worker"]["command"])
    assert command.name == "worker"
    assert str(context.params["config_path"]) == "/config/gatewatch.toml"
    scheduler, _ = resolve(GATEWATCH_SERVICES["scheduler"]["command"])
    assert scheduler.name == "scheduler"


def test_the_scheduler_and_the_workers_share_the_database_and_the_broker():
    scheduler = GATEWATCH_SERVICES["scheduler"]["environment"]
    worker = GATEWATCH_SERVICES["worker"]["environment"]
    for name in ("GATEWATCH_DATABASE_URL", "GATEWATCH_BROKER_URL", "GATEWATCH_CONFIG"):
        assert scheduler[name] == worker[name]
    broker = SERVICES["broker"]["environment"]
    user = broker["RABBITMQ_DEFAULT_USER"]
    assert worker["GATEWATCH_BROKER_URL"].startswith(f"amqp://{user}:${{RABBITMQ_PASSWORD")
    assert worker["GATEWATCH_BROKER_URL"].endswith("@broker:5672//")
    assert broker["RABBITMQ_DEFAULT_PASS"].startswith("${RABBITMQ_PASSWORD")
    for name in ("scheduler", "worker"):
        needs = GATEWATCH_SERVICES[name]["depends_on"]
        assert needs["db"]["condition"] == needs["broker"]["condition"] == "service_healthy"


def test_the_broker_keeps_hours_long_jobs_and_the_workers_keep_reports():
    assert (
        "consumer_timeout"
        in SERVICES["broker"]["environment"]["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"]
    )
    assert "reports:/data/reports" in GATEWATCH_SERVICES["worker"]["volumes"]
