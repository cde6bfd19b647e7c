"""Web pages (``.html``/``.htm``): the article text by trafilatura, metadata and licence evidence from
the whole page (:mod:`provenance.readers.page`), JSON-LD and meta tags first."""

from __future__ import annotations

import codecs
import re
from datetime import UTC, datetime
from typing import Any

import lxml.html
from lxml import etree

from provenance.errors import InputError
from provenance.readers.article import Article, parse_datetime
from provenance.readers.encoding import LATIN1_FALLBACK, decode, newlines
from provenance.readers.page import read_page

_HTML_CHARSET = re.compile(rb"""(?:<meta[^>]*?charset|<\?xml[^>]*?encoding)\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_AS_WINDOWS_1252 = {"cp1252", "iso8859-1", "ascii"}  # as the WHATWG encoding standard does
_NOT_FOR_PAGES = {
    "punycode",
    "idna",
    "raw-unicode-escape",
    "unicode-escape",
    "utf-7",
    "mbcs",
    "oem",
    "undefined",
}
_HTML_DATE_PARAMS = {"original_date": True, "extensive_search": False, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}


def html_article(raw: bytes, source: str) -> Article:
    """A whole web page as an Article; raises InputError.

    Main text by trafilatura (the plain text of <body> if it finds none); metadata and licence
    evidence from the whole page, JSON-LD and meta tags first."""
    import trafilatura  # imported here: it costs ~0.25 s, and only HTML input needs it
    from trafilatura.settings import Document

    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(source, "UTF-16 text is not supported (save it as UTF-8)")
    html, encoding = _decode_html(raw.replace(b"\0", b""))  # a stray NUL in markup is dropped, as browsers do
    found = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, favor_recall=True,
        date_extraction_params=_HTML_DATE_PARAMS,
    )  # fmt: skip
    doc = found if isinstance(found, Document) else Document()  # a Document unless as_dict=True
    text = newlines(doc.text or "") if (doc.text or "").strip() else _body_text(html)
    if not text:
        raise InputError(source, "no article text found in the HTML")
    root = _parse_html(html)
    page = read_page(root, text) if root is not None else None
    warnings = list(page.warnings) if page else ["the markup could not be parsed for licence evidence"]
    meta = page.meta if page else None
    guessed = _date(doc.date, "date", warnings)
    visible = _date(meta.visible, "<time datetime>", warnings) if meta and meta.visible else guessed
    published = _date(meta.published, "datePublished", warnings) if meta and meta.published else None
    note = None
    if published and visible and _utc_day(published) != _utc_day(visible):
        note = f"page dates disagree: {visible.date().isoformat()} in the page text, {published.isoformat()} in its metadata; the metadata's used"
    title = _headline(root, (meta.title if meta and meta.title else None) or doc.title)
    return Article(
        text=text, source=source, encoding=encoding, fmt="html",
        title=title,
        url=(meta.url if meta and meta.url else None) or doc.url,
        published_at=published or visible or guessed,
        publisher=(meta.publisher if meta and meta.publisher else None) or doc.sitename or doc.author,
        licence=None,
        evidence=tuple(page.evidence) if page else (),
        authors=tuple(meta.authors) if meta and meta.authors else tuple(a.strip() for a in (doc.author or "").split(";") if a.strip()),
        modified_at=_date(meta.modified, "dateModified", warnings) if meta and meta.modified else None,
        language=(meta.language if meta and meta.language else None) or doc.language,
        warnings=tuple(warnings), date_note=note,
    )  # fmt: skip


def _utc_day(value: datetime) -> str:
    return (value.astimezone(UTC) if value.tzinfo else value).date().isoformat()


def _headline(root: Any, title: str | None) -> str | None:
    """The page's one <h1> when the <title> is it plus the site's name ("Headline - Site, tagline")."""
    if root is None or not title:
        return title
    heads = [" ".join(h.text_content().split()) for h in root.iter("h1")]
    if len(heads) == 1 and heads[0] and title.startswith(heads[0]) and title != heads[0]:
        return heads[0]
    return title


def _date(value: str | None, what: str, warnings: list[str]) -> datetime | None:
    """An ISO date from the page, or None with a warning."""
    if not value:
        return None
    try:
        return parse_datetime(value)  # fromisoformat reads a final "Z" since Python 3.11
    except ValueError as err:  # not ISO, or out of range in UTC: a page's date is a hint, not the article
        reason = "is not an ISO date" if str(err).startswith("not an ISO") else str(err).split(" ", 1)[1]
        warnings.append(f"{what} {value[:64]!r} {reason}; ignored")
        return None


def _parse_html(html: str) -> Any:
    parser = lxml.html.HTMLParser(encoding="utf-8", huge_tree=False)
    try:
        return lxml.html.document_fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    except (etree.ParserError, ValueError, UnicodeError):
        return None


def _decode_html(raw: bytes) -> tuple[str, str]:
    """Honour a BOM, then a declared charset (a text encoding), then the UTF-8 → Windows-1252 fallback."""
    declared = None if raw.startswith(codecs.BOM_UTF8) else _HTML_CHARSET.search(raw[:4096])
    try:
        info = codecs.lookup(declared.group(1).decode("ascii")) if declared else None
        codec = info.name if info is not None and getattr(info, "_is_text_encoding", True) else "utf-8"
        if codec in _AS_WINDOWS_1252:
            return newlines(raw.decode("cp1252", errors=LATIN1_FALLBACK)), "windows-1252"
        if not codec.startswith(("utf-8", "utf-16", "utf-32")) and codec not in _NOT_FOR_PAGES:
            return newlines(raw.decode(codec)), codec
    except (LookupError, UnicodeError, ValueError):  # an unknown charset, or the page lies about it
        pass
    return decode(raw)


def _body_text(html: str) -> str:
    """Plain text of <body> (scripts and styles dropped), one non-blank line per text line."""
    parser = lxml.html.HTMLParser(encoding="utf-8")
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError):
        return ""
    for element in root.xpath("//script | //style | //noscript | //template"):
        element.drop_tree()
    body = root.find("body")
    text = (root if body is None else body).text_content()
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
