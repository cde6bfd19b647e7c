"""Turn input paths (files, directories, "-" for stdin) into articles.

Every problem with one input is *yielded* as an :class:`InputError`, never raised, so that a
batch goes on past a bad file or a bad JSONL line; the caller decides how to report it.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, BinaryIO

import lxml.html
from lxml import etree

from .errors import InputError, UsageError

SUPPORTED = {
    ".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".jsonl": "jsonl",
}  # fmt: skip
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

_EXPECTED = ", ".join(SUPPORTED)
# cp1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined: map them to their Latin-1 code points.
_LATIN1 = "provenance.latin1"


def _latin1(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return err.object[err.start : err.end].decode("latin-1"), err.end


codecs.register_error(_LATIN1, _latin1)

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
# A top-level "key: scalar" line of YAML, the scalar double-quoted, single-quoted or plain (comment dropped).
_YAML_PAIR = re.compile(
    r"""^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(?:"([^"]*)"|'([^']*)'|(.*?))(?:[ \t]+#.*)?[ \t]*$""", re.M
)
_ATX_H1 = re.compile(r"^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.M)
_SPACED_OFFSET = re.compile(r"(\d)\s+([+-]\d\d:?\d\d)$")  # "2022-10-15 10:00:00 +0100" (Jekyll)
_HTML_CHARSET = re.compile(rb"""(?:<meta[^>]*?charset|<\?xml[^>]*?encoding)\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_AS_WINDOWS_1252 = {"cp1252", "iso8859-1", "ascii"}  # as the WHATWG encoding standard does
_HTML_DATE_PARAMS = {"original_date": True, "extensive_search": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}
_JSON_TYPES = {bool: "boolean", int: "number", float: "number", str: "string", list: "array", dict: "object"}
_LIMIT = "limit (--max-bytes)"


@dataclass(frozen=True, slots=True)
class Article:
    """One article's text and whatever metadata its input carried."""

    text: str  # decoded, BOM stripped, line terminators normalised to "\n"
    source: str  # the path as given or found, "-" for stdin
    line: int | None = None  # 1-based line of a JSONL article
    title: str | None = None
    url: str | None = None
    published_at: datetime | None = None  # timezone-aware when the input gave a zone
    publisher: str | None = None
    licence: str | None = None
    encoding: str = "utf-8"  # "utf-8", "utf-8-sig", "windows-1252" (fallback), or an HTML page's declared one
    fmt: str = "txt"  # txt | md | html | jsonl


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file found inside a directory whose extension is not supported."""

    source: str


Item = Article | Skipped | InputError


def parse_datetime(value: str) -> datetime:
    """An ISO 8601 date ("2022-10-15": midnight, naive) or datetime (aware exactly when it has a zone).

    Raises ValueError("not an ISO date or datetime: '...'") for anything else.
    """
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"not an ISO date or datetime: {value!r}") from None


def iter_articles(
    paths: Sequence[str], *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None,
    stdin_format: str = "txt",
) -> Iterator[Item]:  # fmt: skip
    """Yield, lazily and in a deterministic order, one item per article, skipped file or error.

    Paths are taken in the order given; a directory is walked depth-first with entries sorted by
    name, hidden entries (".git", ".DS_Store") left out and symlink loops not followed. "-" reads
    ``stdin`` (default ``sys.stdin.buffer``) as ``stdin_format``. Never raises InputError: yields
    it. Raises UsageError at once for arguments that make no sense (checked before any reading).
    """
    if isinstance(paths, str):
        raise TypeError("paths must be a sequence of paths, not one str")
    if stdin_format not in SUPPORTED.values():
        raise UsageError(f"unknown stdin format {stdin_format!r} (expected txt, md, html or jsonl)")
    if max_bytes < 1:
        raise UsageError(f"max_bytes must be positive, not {max_bytes}")
    given = list(paths)
    if given.count("-") > 1:
        raise UsageError("'-' (standard input) given more than once")
    return _iter(given, max_bytes, stdin, stdin_format)


def count_inputs(paths: Sequence[str]) -> int:
    """How many inputs ``iter_articles`` will read (supported files, stdin): for a progress bar."""
    total = 0
    for path in paths:
        if path == "-" or not os.path.isdir(path):
            total += 1
            continue
        for _root, dirs, files in os.walk(path):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            total += sum(
                1 for f in files if not f.startswith(".") and os.path.splitext(f)[1].lower() in SUPPORTED
            )
    return total


def _iter(paths: list[str], max_bytes: int, stdin: BinaryIO | None, stdin_format: str) -> Iterator[Item]:
    for path in paths:
        if path == "-":
            stream = sys.stdin.buffer if stdin is None else stdin
            yield from _read_stream(stream, "-", stdin_format, max_bytes)
        else:
            yield from _read_path(path, max_bytes, frozenset())


def _read_path(path: str, max_bytes: int, ancestors: frozenset[tuple[int, int]]) -> Iterator[Item]:
    """A file's article(s), or a directory's, walked depth-first in name order without hidden entries.

    ``ancestors`` holds the (device, inode) of the directories walked above ``path``, so that a
    symlink loop is not followed. It is empty for a path the caller named: only there is an
    unsupported file type an error rather than Skipped.
    """
    names: list[str] | None = None
    try:
        info = os.stat(path)
        here = (info.st_dev, info.st_ino)
        if stat.S_ISDIR(info.st_mode) and here not in ancestors:
            with os.scandir(path) as scan:
                names = sorted(entry.name for entry in scan if not entry.name.startswith("."))
    except OSError as err:
        yield _os_error(path, err)
        return
    if stat.S_ISDIR(info.st_mode):
        for name in names or ():
            yield from _read_path(os.path.join(path, name), max_bytes, ancestors | {here})
        return
    ext = os.path.splitext(path)[1].lower()
    fmt = SUPPORTED.get(ext)
    if fmt is None:
        kind = f" '{ext}'" if ext else ": no extension"
        reason = f"unsupported file type{kind} (expected {_EXPECTED})"
        yield Skipped(path) if ancestors else InputError(path, reason)
        return
    if not stat.S_ISREG(info.st_mode):
        yield InputError(path, "not a regular file")
        return
    if fmt != "jsonl" and info.st_size > max_bytes:
        yield InputError(path, f"file is {_size(info.st_size)}, over the {_size(max_bytes)} {_LIMIT}")
        return
    try:
        with open(path, "rb") as stream:
            yield from _read_stream(stream, path, fmt, max_bytes)
    except OSError as err:
        yield _os_error(path, err)


def _read_stream(stream: BinaryIO, source: str, fmt: str, max_bytes: int) -> Iterator[Item]:
    """A whole input read at once (at most ``max_bytes``), or a JSONL input streamed."""
    if fmt == "jsonl":
        yield from _read_jsonl(stream, source, max_bytes)
        return
    raw = stream.read(max_bytes + 1)
    if len(raw) > max_bytes:
        yield InputError(source, f"input is over the {_size(max_bytes)} {_LIMIT}")
    else:
        yield _attempt(_document, raw, source, fmt)


def _attempt(build: Callable[..., Article], *args: Any) -> Article | InputError:
    """``build(*args)``, or the InputError it raised."""
    try:
        return build(*args)
    except InputError as err:
        return err


def _document(raw: bytes, source: str, fmt: str) -> Article:
    """One whole .txt/.md/.html input as an Article; raises InputError."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(source, "UTF-16 text is not supported (save it as UTF-8)")
    if b"\0" in raw:
        raise InputError(source, "binary file (not text)")
    if fmt == "html":
        return _html(raw, source)
    text, encoding = _decode(raw)
    if not text.strip():
        raise InputError(source, "empty text")
    if fmt == "txt":
        return Article(text=text, source=source, encoding=encoding)
    return _markdown(text, source, encoding)


def _decode(raw: bytes) -> tuple[str, str]:
    """UTF-8 (BOM stripped), else Windows-1252; line terminators normalised. Returns (text, encoding)."""
    body, encoding = (raw[3:], "utf-8-sig") if raw.startswith(codecs.BOM_UTF8) else (raw, "utf-8")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text, encoding = body.decode("cp1252", errors=_LATIN1), "windows-1252"
    return _newlines(text), encoding


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _markdown(text: str, source: str, encoding: str) -> Article:
    """Metadata from a YAML front matter block (which is dropped), else the title from a "# Heading"."""
    meta: dict[str, str] = {}
    block = _FRONT_MATTER.match(text)
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


def _html(raw: bytes, source: str) -> Article:
    """Main text and metadata by trafilatura; the plain text of <body> if it finds no text."""
    import trafilatura  # imported here: it costs ~0.25 s, and only HTML input needs it
    from trafilatura.settings import Document

    html, encoding = _decode_html(raw)
    found = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, favor_recall=True,
        date_extraction_params=_HTML_DATE_PARAMS,
    )  # fmt: skip
    doc = found if isinstance(found, Document) else Document()  # a Document unless as_dict=True
    text = _newlines(doc.text or "") if (doc.text or "").strip() else _body_text(html)
    if not text:
        raise InputError(source, "no article text found in the HTML")
    return Article(
        text=text, source=source, encoding=encoding, fmt="html", title=doc.title, url=doc.url,
        published_at=parse_datetime(doc.date) if doc.date else None,  # always _HTML_DATE_PARAMS' format
        publisher=doc.sitename or doc.author, licence=doc.license,
    )  # fmt: skip


def _decode_html(raw: bytes) -> tuple[str, str]:
    """Honour a BOM, then a declared charset, then the UTF-8 → Windows-1252 fallback."""
    declared = None if raw.startswith(codecs.BOM_UTF8) else _HTML_CHARSET.search(raw[:4096])
    try:
        codec = codecs.lookup(declared.group(1).decode("ascii")).name if declared else "utf-8"
        if codec in _AS_WINDOWS_1252:
            return _newlines(raw.decode("cp1252", errors=_LATIN1)), "windows-1252"
        if not codec.startswith(("utf-8", "utf-16", "utf-32")):  # a UTF-16 label on 8-bit bytes is a lie
            return _newlines(raw.decode(codec)), codec
    except (LookupError, UnicodeDecodeError):  # an unknown charset, or the page lies about it
        pass
    return _decode(raw)


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


def _read_jsonl(stream: BinaryIO, source: str, max_bytes: int) -> Iterator[Item]:
    """Stream a JSONL input line by line; ``max_bytes`` limits each line, not the whole input."""
    number, seen = 0, False
    while line := stream.readline(max_bytes + 1):
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            size = len(line)
            while line and not line.endswith(b"\n"):
                line = stream.readline(1 << 20)
                size += len(line)
            reason = f"line is {_size(size)}, over the {_size(max_bytes)} {_LIMIT}"
            yield InputError(source, reason, line=number)
            continue
        if number == 1 and b"\0" in line:
            yield InputError(source, "binary file (not text)")
            return
        if not line.strip():
            continue
        seen = True
        yield _attempt(_json_article, line, source, number)
    if not seen:
        yield InputError(source, "empty file (no JSON lines)")


def _json_article(line: bytes, source: str, number: int) -> Article:
    """One non-blank JSONL line as an Article; raises InputError with its line number."""
    decoded, encoding = _decode(line)
    try:
        obj = json.loads(decoded)
    except json.JSONDecodeError as err:
        raise InputError(source, f"invalid JSON: {err.msg} at column {err.colno}", line=number) from None
    if not isinstance(obj, dict):
        raise InputError(source, f"expected a JSON object, got {_json_type(obj)}", line=number)
    if "text" not in obj:
        raise InputError(source, "missing required field 'text'", line=number)
    if not isinstance(obj["text"], str):
        reason = f"field 'text': expected a string, got {_json_type(obj['text'])}"
        raise InputError(source, reason, line=number)
    keys = ("title", "url", "publisher", "published_at", "licence", "license")
    fields = {key: _string_field(obj, key, source, number) for key in keys}
    text = _newlines(obj["text"])
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
        licence=fields["licence"] or fields["license"],
    )  # fmt: skip


def _string_field(obj: dict[str, Any], key: str, source: str, number: int) -> str | None:
    """``obj[key]`` stripped (None when absent, null or blank); InputError if it is not a string."""
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise InputError(source, f"field '{key}': expected a string, got {_json_type(value)}", line=number)
    return (value.strip() or None) if value else None


def _json_type(value: object) -> str:
    return _JSON_TYPES.get(type(value), "null")


def _os_error(path: str, err: OSError) -> InputError:
    if isinstance(err, FileNotFoundError):
        return InputError(path, "no such file or directory")
    return InputError(path, f"cannot read: {(err.strerror or str(err)).lower()}")


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n / 1024:.1f} KB" if n >= 1024 else f"{n} bytes"
