"""Markdown articles (``.md``): metadata from a YAML front matter block, else the title from a "# Heading"."""

from __future__ import annotations

import re

from provenance.errors import InputError
from provenance.readers.article import Article, parse_datetime
from provenance.readers.text import read_text

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
# A top-level "key: scalar" line of YAML, the scalar double-quoted, single-quoted or plain (comment dropped).
_YAML_PAIR = re.compile(
    r"""^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(?:"([^"]*)"|'([^']*)'|(.*?))(?:[ \t]+#.*)?[ \t]*$""", re.M
)
_ATX_H1 = re.compile(r"^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.M)
_SPACED_OFFSET = re.compile(r"(\d)\s+([+-]\d\d:?\d\d)$")  # "2022-10-15 10:00:00 +0100" (Jekyll)


def markdown_article(raw: bytes, source: str) -> Article:
    """A whole ``.md`` input as an Article, its front matter (dropped from the text) read for metadata;
    raises InputError."""
    text, encoding = read_text(raw, source)
    meta: dict[str, str] = {}
    block = FRONT_MATTER.match(text)
    if block:
        pairs = _YAML_PAIR.findall(block.group(1) or "")
        meta = {key.lower(): value for key, *alts in pairs if (value := "".join(alts).strip())}
        text = text[block.end() :]
        if not text.strip():
            raise InputError(source, "empty text")
    date = meta.get("date") or meta.get("published_at") or meta.get("published")
    try:
        published = parse_datetime(_SPACED_OFFSET.sub(r"\1\2", date)) if date else None
    except ValueError as err:
        raise InputError(source, f"front matter date: {err}") from None
    heading = _ATX_H1.search(text)
    return Article(
        text=text, source=source, encoding=encoding, fmt="md",
        title=meta.get("title") or (heading.group(1) if heading else None),
        url=meta.get("url") or meta.get("canonical_url"), published_at=published,
        publisher=meta.get("publisher"), licence=meta.get("licence") or meta.get("license"),
    )  # fmt: skip
