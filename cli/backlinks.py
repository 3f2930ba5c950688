"""`gatewatch backlinks import`: read backlink exports (Ahrefs, Search Console...)."""

from __future__ import annotations

COMMANDS: list = []
