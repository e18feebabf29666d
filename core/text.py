"""One-line text that people type (names, titles) and text written into email headers. Pure: stdlib only, apart
from the ValidationError the validator raises (DRF serializers and Django forms both report it on the field).

A name or title is one line of visible text. Line breaks and tabs would split calendar lines and mail headers;
zero-width characters, byte order marks and text-direction controls make two names look alike or reorder what is
shown around them. The zero-width joiner and non-joiner stay allowed where writing needs them, as IDNA's
contextual rules (RFC 5892, appendix A) and emoji sequences have them: after a virama (Devanagari and other Indic
scripts), between Arabic-script letters (Persian writes some words with a non-joiner), and inside an emoji
sequence (a runner with a sign of gender).
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError

ZWNJ, ZWJ = "\u200c", "\u200d"
_LINE_BREAKS = set("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_DIRECTION = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ZERO_WIDTH = set("\u200b\u200c\u200d\u2060\ufeff\u180e")
# Letters and marks that draw nothing: fillers used to make a name look empty.
_BLANK_LETTERS = set("\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0")
_EMOJI_MODIFIER_OR_SELECTOR = set("\ufe0f\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff")


def _joiner_allowed(text: str, index: int) -> bool:
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    if not before or not after:
        return False
    if unicodedata.combining(before) == 9:  # a virama: conjuncts in Indic scripts
        return True
    if text[index] == ZWNJ and _arabic_letter(before) and _arabic_letter(after):
        return True
    emoji_before = unicodedata.category(before) == "So" or before in _EMOJI_MODIFIER_OR_SELECTOR
    return text[index] == ZWJ and emoji_before and unicodedata.category(after) == "So"


def _arabic_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L") and unicodedata.name(char, "").startswith("ARABIC")


def hidden_character(text: str) -> str | None:
    """What the first character that does not belong in one line of visible text is, in words; None if none."""
    for index, char in enumerate(text):
        if char in _LINE_BREAKS:
            return "a line break"
        if char == "\t":
            return "a tab"
        if char in (ZWNJ, ZWJ) and _joiner_allowed(text, index):
            continue
        if char in _DIRECTION:
            return "a text-direction control"
        if char in _ZERO_WIDTH:
            return "a zero-width character"
        if char in _BLANK_LETTERS:
            return "an invisible character"
        category = unicodedata.category(char)
        if category == "Cc":
            return "a control character"
        if category in ("Cf", "Cs"):  # other format characters (soft hyphen, tags), lone surrogates
            return "an invisible character"
    return None


def one_line_refusal(text: str) -> str | None:
    """Why `text` is no name or title, as a sentence; None when it is one line of visible text."""
    found = hidden_character(text)
    return None if found is None else f"Use one line of visible text: this holds {found}. Remove it and try again."


def validate_one_line(value: str) -> None:
    """A field validator for names and titles (DRF serializers, Django forms): the field's 400 or form error."""
    refusal = one_line_refusal(value)
    if refusal is not None:
        raise ValidationError(refusal, code="hidden_character")


def header_text(text: str) -> str:
    """Text made safe for an email header (a subject, a From name): line breaks, tabs and control characters
    become spaces, invisible characters go (those a name may hold are kept), and runs of spaces become one."""
    kept = []
    for index, char in enumerate(text):
        if char in _LINE_BREAKS or char == "\t" or unicodedata.category(char) == "Cc":
            kept.append(" ")
        elif hidden_character(char) is None or (char in (ZWNJ, ZWJ) and _joiner_allowed(text, index)):
            kept.append(char)
    return " ".join("".join(kept).split())
