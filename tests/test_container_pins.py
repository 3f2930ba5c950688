"""The image and the compose file, checked by reading (Docker cannot run here): the image is
built in two stages on a base pinned to a full Python version, runs as a user that is not root,
says whether it is healthy through a real gatewatch command, and every compose image is pinned
to a full version, so that `docker compose pull` never upgrades anything by surprise."""

from __future__ import annotations

import json
import re
import shlex
import tomllib

from tests.test_compose import COMPOSE, ROOT, resolve

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
INSTRUCTIONS = [
    line.split(maxsplit=1)
    for line in DOCKERFILE.splitlines()
    if line.strip() and not line.startswith((" ", "#"))
]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def stages() -> list[list[list[str]]]:
    """The Dockerfile's stages, each its instructions from its FROM on."""
    result: list[list[list[str]]] = []
    for instruction in INSTRUCTIONS:
        if instruction[0] == "FROM":
            result.append([])
        if result:
            result[-1].append(instruction)
    return result


def test_the_image_is_built_in_two_stages_on_a_base_pinned_to_a_full_python_version():
    (base,) = [rest for name, rest in INSTRUCTIONS if name == "ARG" and "PYTHON_IMAGE" in rest]
    assert re.fullmatch(r"PYTHON_IMAGE=python:3\.11\.\d+-slim-\w+(@sha256:[0-9a-f]{64})?", base)
    builder, runtime = stages()
    assert builder[0][1] == "${PYTHON_IMAGE} AS builder"
    assert runtime[0][1].startswith("${PYTHON_IMAGE}")
    copied = [rest for name, rest in runtime if name == "COPY"]
    assert copied == ["--from=builder /opt/gatewatch /opt/gatewatch"]  # no source, no pip cache


def test_the_runtime_renders_with_chromium_and_runs_as_a_user_that_is_not_root():
    _builder, runtime = stages()
    installs = " ".join(rest for name, rest in runtime if name == "RUN")
    assert "install -y --no-install-recommends chromium" in installs
    (user,) = [rest for name, rest in runtime if name == "USER"]
    assert user not in ("root", "0")


def test_the_healthcheck_runs_a_real_gatewatch_command():
    (healthcheck,) = [rest for name, rest in INSTRUCTIONS if name == "HEALTHCHECK"]
    options, command = healthcheck.split(" CMD ")
    assert {"--interval", "--timeout", "--retries"} <= {
        option.split("=")[0] for option in shlex.split(options)
    }
    program, *arguments = json.loads(command)
    assert program == "gatewatch"
    found, _context = resolve(arguments)
    assert found.name == "check"  # db check: reads, never creates or migrates


def test_every_compose_image_is_pinned_to_a_full_version():
    for name, service in COMPOSE["services"].items():
        image, _, tag = service["image"].partition(":")
        assert re.fullmatch(r"v?\d+\.\d+(\.\d+)?", tag), f"{name}: {image}:{tag} is not pinned"
        if image == "gatewatch":
            assert tag == VERSION, f"{name} runs gatewatch:{tag}, pyproject says {VERSION}"
