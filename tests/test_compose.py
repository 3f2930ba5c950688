"""docker-compose.yml and the Dockerfile cannot run here: check by reading that every gatewatch
service runs a real gatewatch command with options that exist, with its config mounted and its
database on the compose PostgreSQL."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest

from gatewatch.cli.main import main
from gatewatch.scheduler.config import load_config

ROOT = Path(__file__).parent.parent


def parse_yaml(text: str) -> dict:
    """The YAML that docker-compose.yml uses (PyYAML is not installed): block mappings and
    lists, flow lists of scalars, quoted and plain scalars, comments."""
    lines = []
    for raw in text.splitlines():
        stripped = re.sub(r"\s+#.*$", "", raw) if not raw.lstrip().startswith("#") else ""
        if stripped.strip():
            lines.append((len(stripped) - len(stripped.lstrip()), stripped.strip()))
    value, index = _block(lines, 0, lines[0][0])
    assert index == len(lines), f"could not read line {lines[index]}"
    return value


def _block(lines: list, index: int, indent: int):
    if lines[index][1].startswith("- "):
        items = []
        while index < len(lines) and lines[index][0] == indent and lines[index][1][:2] == "- ":
            items.append(_scalar(lines[index][1][2:]))
            index += 1
        return items, index
    mapping: dict = {}
    while index < len(lines) and lines[index][0] == indent:
        key, _, rest = lines[index][1].partition(":")
        index += 1
        if rest.strip():
            mapping[key.strip()] = _scalar(rest.strip())
        elif index < len(lines) and lines[index][0] > indent:
            mapping[key.strip()], index = _block(lines, index, lines[index][0])
        else:
            mapping[key.strip()] = None
    return mapping, index


def _scalar(text: str):
    if text.startswith("["):
        return json.loads(text)  # our flow lists are written as JSON arrays
    if text[:1] in "\"'":
        return text[1:-1]
    return text


COMPOSE = parse_yaml((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
GATEWATCH_SERVICES = {
    name: service
    for name, service in COMPOSE["services"].items()
    if str(service.get("image", "")).startswith("gatewatch")
}


def resolve(arguments: list[str]) -> tuple[click.Command, click.Context]:
    """Parse a command line as `gatewatch` would, without running it: unknown commands,
    unknown options and missing arguments raise click errors."""
    context = click.Context(main, info_name="gatewatch")
    command: click.Command = main
    while isinstance(command, click.Group):
        name, *arguments = arguments
        found = command.get_command(context, name)
        assert found is not None, f"gatewatch has no command {name!r}"
        command = found
        context = command.make_context(name, arguments, parent=context)
    return command, context


def dockerfile_instruction(name: str) -> list[str]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    (line,) = [line for line in text.splitlines() if line.startswith(f"{name} ")]
    return json.loads(line.split(" ", 1)[1])


def test_the_image_runs_gatewatch_and_its_default_command_exists():
    assert dockerfile_instruction("ENTRYPOINT") == ["gatewatch"]
    command, _ = resolve(dockerfile_instruction("CMD"))
    assert command.name == "scheduler"


def test_the_scheduler_and_the_config_check_are_services():
    assert {"scheduler", "config-check"} <= set(GATEWATCH_SERVICES)
    assert {"db", "mailpit"} <= set(COMPOSE["services"])


@pytest.mark.parametrize("name", sorted(GATEWATCH_SERVICES))
def test_each_gatewatch_service_runs_a_real_command_with_its_config_mounted(name):
    service = GATEWATCH_SERVICES[name]
    _command, context = resolve(service["command"])
    config = context.params.get("config_path") or context.params.get("file")
    mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in service["volumes"]}
    assert str(config) in mounts, f"{name} reads {config}, which is not mounted"
    assert mounts[str(config)] == "./gatewatch.toml"


def test_the_scheduler_uses_the_compose_database_and_keeps_secrets_out_of_the_file():
    scheduler = GATEWATCH_SERVICES["scheduler"]
    database = COMPOSE["services"]["db"]["environment"]
    url = scheduler["environment"]["GATEWATCH_DATABASE_URL"]
    user, database_name = database["POSTGRES_USER"], database["POSTGRES_DB"]
    assert url.startswith(f"postgresql://{user}:${{POSTGRES_PASSWORD")
    assert url.endswith(f"@db:5432/{database_name}")
    assert scheduler["depends_on"]["db"]["condition"] == "service_healthy"
    assert scheduler["environment"]["GATEWATCH_CONFIG"] == "/config/gatewatch.toml"
    assert "reports:/data/reports" in scheduler["volumes"]


def test_the_compose_config_is_valid_and_mails_the_mail_catcher():
    config = load_config(ROOT / "deploy" / "gatewatch.toml")
    assert config.smtp.host == "mailpit"
    assert config.reports_directory == Path("/data/reports")  # the reports volume
    assert config.database_url is None  # from $GATEWATCH_DATABASE_URL, with its password
