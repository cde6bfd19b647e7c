"""Bytes to text for every reader: UTF-8 (with or without BOM), else Windows-1252; line terminators
normalised to "\\n"."""

from __future__ import annotations

import codecs
import re

# cp1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined: map them to their Latin-1 code points.
LATIN1_FALLBACK = "provenance.latin1"


def _latin1(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return err.object[err.start : err.end].decode("latin-1"), err.end


codecs.register_error(LATIN1_FALLBACK, _latin1)

_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(value: str) -> tuple[str, int]:
    """``value`` with every lone surrogate (a JSON "\\ud800" escape, an undecodable byte of a command
    line argument) replaced by U+FFFD, and how many there were: no UTF-8 text, and so no store and no
    terminal, takes them."""
    if value.isascii() or not _SURROGATE.search(value):  # (isascii costs nothing: CPython knows it)
        return value, 0
    return _SURROGATE.subn("\ufffd", value)


def shown_path(path: str) -> str:
    """A path as text that UTF-8 can encode: the bytes of a file name that is not UTF-8 (which Python
    holds as surrogate escapes) written as ``\\xNN``, e.g. ``caf\\xe9.txt`` for Latin-1 "café.txt"."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that is no escaped byte
        return without_surrogates(path)[0]


def decode(raw: bytes) -> tuple[str, str]:
    """UTF-8 (BOM stripped), else Windows-1252; line terminators normalised. Returns (text, encoding)."""
    body, encoding = (raw[3:], "utf-8-sig") if raw.startswith(codecs.BOM_UTF8) else (raw, "utf-8")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text, encoding = body.decode("cp1252", errors=LATIN1_FALLBACK), "windows-1252"
    return newlines(text), encoding


def newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
