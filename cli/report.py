"""`gatewatch report`: render a run's report as HTML, e-mail HTML, text and CSV."""

from __future__ import annotations

COMMANDS: list = []
