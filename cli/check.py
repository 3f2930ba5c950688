"""`gatewatch check URL`: fetch one URL and its probes, explain the verdict."""

from __future__ import annotations

COMMANDS: list = []
