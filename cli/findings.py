"""Commands over a run's findings: `explain`, `diff`, `report`."""

from __future__ import annotations

COMMANDS: list = []
