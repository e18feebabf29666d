"""Words for people (issue 14): counts with their noun in the right number. Pure: no Django import."""

from __future__ import annotations


def count(n: int, noun: str, plural: str | None = None) -> str:
    """ "1 day", "2 days", "0 days"; `plural` for nouns that do not just take an s ("1 match", "2 matches")."""
    word = noun if n == 1 else (plural or f"{noun}s")
    return f"{n:,} {word}"
