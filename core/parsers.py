"""The API's JSON parser: DRF's, with limits on nesting and numbers, so no body can make a request fail with 500.

Python's json module recurses once per nested array or object and raises RecursionError (a 500) near 1,000 levels;
the depth is measured before parsing, so a deep body costs one linear scan and answers 400. Numbers too large for a
float ("1e999") become infinity, which no field stores and no JSON answer can render: refused as well. The size of
a body is limited before it is read (core.body_limits).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from itertools import accumulate
from typing import IO, Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError

# Our bodies nest three or four levels (a session's blocks' exercises); 32 leaves room for any client.
MAX_DEPTH = 32

# A JSON string, its escapes included; an unterminated one runs to the end. Atomic and possessive, so the scan
# stays linear whatever the body holds (no backtracking).
_STRING = re.compile(r'"(?>[^"\\]++|\\.)*+"?', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]++")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def nesting_depth(text: str) -> int:
    """How deep arrays and objects nest in a JSON text (brackets inside strings do not count)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]} is too large")
    return value


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser (strict: no NaN or Infinity) that refuses, with 400, bodies nested deeper than
    MAX_DEPTH, numbers beyond a float's range and text that is not in the request's encoding."""

    def parse(self, stream: IO[bytes], media_type: str | None = None, parser_context: Mapping | None = None) -> Any:
        encoding = parsers.get_encoding(parser_context or {})
        try:
            text = stream.read().decode(encoding)
        except UnicodeDecodeError as exc:
            raise ParseError(f"The body is not valid JSON: it is not {encoding} text.") from exc
        depth = nesting_depth(text)
        if depth > MAX_DEPTH:
            raise ParseError(
                f"The body nests arrays and objects {depth:,} levels deep; at most {MAX_DEPTH} levels are accepted."
            )
        parse_constant = parsers.json.strict_constant if self.strict else None
        try:
            return parsers.json.loads(text, parse_constant=parse_constant, parse_float=_finite)
        except (ValueError, RecursionError) as exc:  # RecursionError: only if the depth scan were ever wrong
            raise ParseError(f"The body is not valid JSON: {exc}.") from exc
