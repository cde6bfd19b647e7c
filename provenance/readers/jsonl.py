"""JSON Lines (``.jsonl``): one article per line, ``text`` required; streamed line by line, and every
bad line is an InputError naming its line, yielded, never raised."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from provenance.errors import InputError
from provenance.readers.article import LIMIT, Article, Item, parse_datetime, size_text
from provenance.readers.encoding import decode, newlines, without_surrogates

_JSON_TYPES = {bool: "boolean", int: "number", float: "number", str: "string", list: "array", dict: "object"}


def read_jsonl(
    stream: BinaryIO, source: str, max_bytes: int, attempt: Callable[..., Article | InputError]
) -> Iterator[Item]:
    """Stream a JSONL input line by line; ``max_bytes`` limits each line, not the whole input.
    ``attempt(build, line, source, number)`` builds one line's article, or returns its InputError."""
    number, seen = 0, False
    while line := stream.readline(max_bytes + 1):
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            size = len(line)
            while line and not line.endswith(b"\n"):
                line = stream.readline(1 << 20)
                size += len(line)
            reason = f"line is {size_text(size)}, over the {size_text(max_bytes)} {LIMIT}"
            yield InputError(source, reason, line=number)
            continue
        if number == 1 and b"\0" in line:
            yield InputError(source, "binary file (not text)")
            return
        if not line.strip():
            continue
        seen = True
        yield attempt(json_article, line, source, number)
    if not seen:
        yield InputError(source, "empty file (no JSON lines)")


def json_article(line: bytes, source: str, number: int) -> Article:
    """One non-blank JSONL line as an Article; raises InputError with its line number."""
    decoded, encoding = decode(line)
    try:
        obj = json.loads(decoded, parse_int=_integer)
    except json.JSONDecodeError as err:
        raise InputError(source, f"invalid JSON: {err.msg} at column {err.colno}", line=number) from None
    except RecursionError:
        reason = "invalid JSON: nested too deeply for this reader (arrays or objects inside each other)"
        raise InputError(source, reason, line=number) from None
    if not isinstance(obj, dict):
        raise InputError(source, f"expected a JSON object, got {_json_type(obj)}", line=number)
    if "text" not in obj:
        raise InputError(source, "missing required field 'text'", line=number)
    if not isinstance(obj["text"], str):
        reason = f"field 'text': expected a string, got {_json_type(obj['text'])}"
        raise InputError(source, reason, line=number)
    warnings: list[str] = []
    for key in ("licence", "license"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            warnings.append(f"field '{key}': expected a string, got {_json_type(obj[key])}; ignored")
            obj[key] = None
    keys = ("title", "url", "publisher", "published_at", "licence", "license")
    fields = {key: _string_field(obj, key, source, number) for key in keys}
    text = newlines(obj["text"])
    text, fields = _valid_unicode(text, fields, warnings)
    for key, value in (("text", text), *fields.items()):
        if value and "\x00" in value:  # a JSON "\u0000" escape: no SQL text column takes it
            raise InputError(source, f"field '{key}' contains a NUL character (U+0000)", line=number)
    if not text.strip():
        raise InputError(source, "empty text", line=number)
    if fields["licence"] and fields["license"] and fields["licence"] != fields["license"]:
        raise InputError(source, "fields 'licence' and 'license' disagree", line=number)
    try:
        published = parse_datetime(fields["published_at"]) if fields["published_at"] else None
    except ValueError as err:
        raise InputError(source, f"field 'published_at': {err}", line=number) from None
    return Article(
        text=text, source=source, line=number, encoding=encoding, fmt="jsonl", published_at=published,
        title=fields["title"], url=fields["url"], publisher=fields["publisher"],
        licence=fields["licence"] or fields["license"], warnings=tuple(warnings),
    )  # fmt: skip


def _integer(digits: str) -> int | float:
    """A JSON integer: a Python int, but as a float (inf) past Python's limit on converting digits
    (``sys.get_int_max_str_digits()``, 4,300 by default): such a number is valid JSON, and no field
    this reader takes is a number."""
    limit = sys.get_int_max_str_digits()
    return int(digits) if not limit or len(digits.lstrip("-")) <= limit else float(digits)


def _valid_unicode(
    text: str, fields: dict[str, str | None], warnings: list[str]
) -> tuple[str, dict[str, str | None]]:
    """The text and fields with lone surrogates (JSON "\\ud800" escapes of half a character, which
    no UTF-8 text takes) replaced by U+FFFD, with a warning for each field that had any."""
    out: dict[str, str | None] = {}
    for key, value in (("text", text), *fields.items()):
        if value is not None:
            value, count = without_surrogates(value)
            if count:
                what = "a lone surrogate escape" if count == 1 else f"{count} lone surrogate escapes"
                warnings.append(f"field '{key}': {what} (half a UTF-16 pair) replaced with U+FFFD")
        out[key] = value
    return out.pop("text") or "", out


def _string_field(obj: dict[str, Any], key: str, source: str, number: int) -> str | None:
    """``obj[key]`` stripped (None when absent, null or blank); InputError if it is not a string."""
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise InputError(source, f"field '{key}': expected a string, got {_json_type(value)}", line=number)
    return (value.strip() or None) if value else None


def _json_type(value: object) -> str:
    return _JSON_TYPES.get(type(value), "null")
