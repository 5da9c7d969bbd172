""""Did you mean …?" for whatever a user types by name: options, commands, rule IDs, config keys."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """A clause to append to an error message, or "" when nothing is close enough."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return f"; did you mean {close[0]}?" if close else ""
