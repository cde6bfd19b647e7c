"""Plain-text articles (``.txt``), and the checks every text input passes (Markdown's too)."""

from __future__ import annotations

import codecs

from provenance.errors import InputError
from provenance.readers.article import Article
from provenance.readers.encoding import decode


def read_text(raw: bytes, source: str) -> tuple[str, str]:
    """A text input's bytes decoded (:func:`~provenance.readers.encoding.decode`): (text, encoding).

    Raises InputError for UTF-16, binary (a NUL byte) and empty or whitespace-only input."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(source, "UTF-16 text is not supported (save it as UTF-8)")
    if b"\0" in raw:
        raise InputError(source, "binary file (not text)")
    text, encoding = decode(raw)
    if not text.strip():
        raise InputError(source, "empty text")
    return text, encoding


def text_article(raw: bytes, source: str) -> Article:
    """A whole ``.txt`` input as an Article; raises InputError."""
    text, encoding = read_text(raw, source)
    return Article(text=text, source=source, encoding=encoding)
