"""Masking document numbers: a report names an identity document's number by its last
characters only, in every format."""

from __future__ import annotations

VISIBLE = 3


def mask_number(number: str) -> str:
    """'E12345678' -> '******678'. Short numbers show less, so that at least half is hidden."""
    compact = number.strip()
    visible = min(VISIBLE, len(compact) // 2)
    return "*" * (len(compact) - visible) + compact[len(compact) - visible:]
