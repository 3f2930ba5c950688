"""The report's notes on client-rendered pages: how many were rendered before being judged,
and how many could not be judged (their findings are missing, not absent)."""

from __future__ import annotations

from gatewatch.storage.rendering import RenderingCounts


def rendering_notes(counts: RenderingCounts) -> list[str]:
    notes = []
    if counts.rendered:
        notes.append(
            f"{counts.rendered:,} client-rendered page(s) were rendered in a headless browser "
            "and judged by what it showed (the export's `rendered` verdict says what changed)."
        )
    if counts.not_judged:
        examples = ", ".join(counts.not_judged_examples)
        notes.append(
            f"{counts.not_judged:,} client-rendered page(s) need rendering and were not judged "
            f"(rendering off, its budget spent, or it failed): their problems, if any, are "
            f"not in this report. For example: {examples}"
        )
    return notes
