"""Commands that run gatewatch as a service: `config check`, `run SITE`, `scheduler`."""

from __future__ import annotations

COMMANDS: list = []
