"""Typo tolerance for the food search, the same on SQLite and PostgreSQL: a query word that no food holds is
replaced by the closest word of the foods that share most of its three-letter pieces ("bananna" -> "banana",
"spinich" -> "spinach"), and the search runs again with it, ranked as any search.

Why this way: SQLite's FTS5 trigram tokenizer (SQLite 3.34+) finds substrings, not near misses, and its index
is kept by triggers that Django's SQLite schema editor drops whenever it rebuilds the food table; pg_trgm exists
on PostgreSQL only. So the database only narrows the candidates (foods holding a few of the word's trigrams: a
LIKE that PostgreSQL serves from the trigram index of migration 0003, and SQLite by the same scan its substring
search does), at most CANDIDATE_FOODS of them, and RapidFuzz (pinned in requirements.txt), a maintained C++
edit-distance library, measures the words of those candidates here. Pure: nothing from Django.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from rapidfuzz.distance import DamerauLevenshtein

# Foods read per misspelled word: enough to hold the right word, few enough to measure in a millisecond.
CANDIDATE_FOODS = 200
# A word shorter than this is matched as typed: one edit would turn it into too many other words.
MIN_WORD_LENGTH = 4
_WORD = re.compile(r"[a-z]+")


def trigrams(word: str) -> list[str]:
    """The word's three-letter pieces, each once, in order: "spinich" -> spi, pin, ini, nic, ich."""
    return list(dict.fromkeys(word[i : i + 3] for i in range(len(word) - 2)))


def max_edits(word: str) -> int:
    """Typos forgiven in a word: none under 4 letters, one up to 5, two from 6 (a letter left out, doubled,
    swapped with its neighbour or mistyped counts one each)."""
    if len(word) < MIN_WORD_LENGTH or not word.isalpha():
        return 0
    return 1 if len(word) <= 5 else 2


def min_shared_trigrams(word: str) -> int:
    """How many of the word's trigrams a candidate must hold: a third of them, at least one."""
    return max(1, len(trigrams(word)) // 3)


def closest_word(word: str, texts: Iterable[str]) -> str | None:
    """The word of `texts` (folded food names) nearest to `word` within `max_edits`; on a tie the one more of
    the texts hold (the everyday word), then the shorter, then the first alphabetically. None if none is near."""
    limit = max_edits(word)
    if limit == 0:
        return None
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(set(_WORD.findall(text)))
    best: tuple[int, int, int, str] | None = None
    for candidate, count in counts.items():
        if abs(len(candidate) - len(word)) > limit:
            continue
        distance = DamerauLevenshtein.distance(word, candidate, score_cutoff=limit)
        if distance > limit:
            continue
        key = (distance, -count, len(candidate), candidate)
        if best is None or key < best:
            best = key
    return best[3] if best is not None else None
