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
from datetime import UTC, datetime
from typing import Any, BinaryIO

import lxml.html
from lxml import etree

from provenance.errors import InputError, UsageError
from provenance.readers.page import PageEvidence, read_page

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
    evidence: tuple[PageEvidence, ...] = ()  # a web page's licence and credit evidence outside the text
    authors: tuple[str, ...] = ()
    modified_at: datetime | None = None
    language: str | None = None  # BCP 47 as the page gives it ("en-GB")
    warnings: tuple[str, ...] = ()  # problems that did not stop the article (reasons, without the file)
    date_note: str | None = None  # how the date was chosen when the page's dates disagree


@dataclass(frozen=True, slots=True)
class ReaderNote:
    """Something to tell the user about an input that is neither an article nor an error
    ("standard input read as html (guessed from its first bytes)")."""

    source: str
    message: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file found inside a directory whose extension is not supported."""

    source: str


Item = Article | Skipped | InputError | ReaderNote


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
    stdin_format: str | None = None,
) -> Iterator[Item]:  # fmt: skip
    """Yield, lazily and in a deterministic order, one item per article, skipped file or error.

    Paths are taken in the order given; a directory is walked depth-first with entries sorted by
    name, hidden entries (".git", ".DS_Store") left out and symlink loops not followed. "-" reads
    ``stdin`` (default ``sys.stdin.buffer``) as ``stdin_format``; None guesses it from the first
    bytes (:func:`guess_format`) and yields a :class:`ReaderNote` saying so. Never raises
    InputError: yields it. Raises UsageError at once for arguments that make no sense.
    """
    if isinstance(paths, str):
        raise TypeError("paths must be a sequence of paths, not one str")
    if stdin_format is not None and stdin_format not in SUPPORTED.values():
        raise UsageError(f"unknown stdin format {stdin_format!r} (expected txt, md, html or jsonl)")
    if max_bytes < 1:
        raise UsageError(f"max_bytes must be positive, not {max_bytes}")
    given = list(paths)
    if given.count("-") > 1:
        raise UsageError("'-' (standard input) given more than once")
    return _iter(given, max_bytes, stdin, stdin_format)


def count_inputs(paths: Sequence[str]) -> int:
    """How many articles ``iter_articles`` will read, for a progress bar: a JSONL file counts its
    lines, every other supported file (and stdin) one."""
    total = 0
    for path in paths:
        if path == "-" or not os.path.isdir(path):
            total += _articles_in(path) if path != "-" else 1
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            total += sum(
                _articles_in(os.path.join(root, f))
                for f in files
                if not f.startswith(".") and os.path.splitext(f)[1].lower() in SUPPORTED
            )
    return total


def _articles_in(path: str) -> int:
    if os.path.splitext(path)[1].lower() != ".jsonl":
        return 1
    lines, last = 0, b"\n"
    try:
        with open(path, "rb") as stream:
            while chunk := stream.read(1 << 20):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return 1
    return max(1, lines + (last != b"\n"))


def guess_format(head: bytes) -> str:
    """The input format of a stream from its first bytes: html for a page's start tags, jsonl for a
    first line that is a JSON object with "text", md for a front matter block, else txt."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<!--")) or (
        start.startswith(b"<?xml") and b"<html" in start[:2048]
    ):
        return "html"
    first = start.split(b"\n", 1)[0]
    if first.startswith(b"{"):
        try:
            obj = json.loads(head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0])
        except (ValueError, RecursionError):
            obj = None
        if isinstance(obj, dict) and "text" in obj:
            return "jsonl"
    if start.startswith(b"---") and _FRONT_MATTER.match(
        head.lstrip(b"\xef\xbb\xbf").decode("utf-8", "replace")
    ):
        return "md"
    return "txt"


class _Replay:
    """A stream whose first bytes were already read (to guess its format), read again from the start."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head, self._rest = head, rest

    def read(self, size: int = -1) -> bytes:
        if not self._head:
            return self._rest.read(size)
        if size < 0:
            data, self._head = self._head + self._rest.read(), b""
            return data
        data, self._head = self._head[:size], self._head[size:]
        return data + (self._rest.read(size - len(data)) if len(data) < size else b"")

    def readline(self, size: int = -1) -> bytes:
        if not self._head:
            return self._rest.readline(size)
        cut = self._head.find(b"\n")
        if cut >= 0 and (size < 0 or cut < size):
            data, self._head = self._head[: cut + 1], self._head[cut + 1 :]
            return data
        if size >= 0 and len(self._head) >= size:
            data, self._head = self._head[:size], self._head[size:]
            return data
        data, self._head = self._head, b""
        return data + self._rest.readline(-1 if size < 0 else size - len(data))


_GUESS_BYTES = 64 * 1024


def _iter(
    paths: list[str], max_bytes: int, stdin: BinaryIO | None, stdin_format: str | None
) -> Iterator[Item]:
    for path in paths:
        if path == "-":
            stream: Any = sys.stdin.buffer if stdin is None else stdin
            fmt = stdin_format
            if fmt is None:
                head = stream.readline(_GUESS_BYTES)
                if not head.startswith(b"{"):
                    head += stream.read(max(0, 4096 - len(head)))
                fmt = guess_format(head)
                stream = _Replay(head, stream)
                yield ReaderNote(
                    "-",
                    f"standard input read as {fmt} (guessed from its first bytes; --input-format to choose)",
                )
            yield from _read_stream(stream, "-", fmt, max_bytes)
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
    if fmt == "html":  # a stray NUL in markup is dropped, as browsers do
        return _html(raw.replace(b"\0", b""), source)
    if b"\0" in raw:
        raise InputError(source, "binary file (not text)")
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
    """Main text by trafilatura (the plain text of <body> if it finds none); metadata and licence
    evidence from the whole page (:mod:`provenance.readers.page`), JSON-LD and meta tags first."""
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
        found = parse_datetime(value)  # fromisoformat reads a final "Z" since Python 3.11
    except ValueError:
        warnings.append(f"{what} {value[:64]!r} is not an ISO date; ignored")
        return None
    if found.tzinfo is not None:
        try:
            found.astimezone(UTC)
        except (OverflowError, ValueError):
            warnings.append(f"{what} {value[:64]!r} cannot be converted to UTC; ignored")
            return None
    return found


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
            return _newlines(raw.decode("cp1252", errors=_LATIN1)), "windows-1252"
        if not codec.startswith(("utf-8", "utf-16", "utf-32")) and codec not in _NOT_FOR_PAGES:
            return _newlines(raw.decode(codec)), codec
    except (LookupError, UnicodeError, ValueError):  # an unknown charset, or the page lies about it
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
    warnings: list[str] = []
    for key in ("licence", "license"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            warnings.append(f"field '{key}': expected a string, got {_json_type(obj[key])}; ignored")
            obj[key] = None
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
        licence=fields["licence"] or fields["license"], warnings=tuple(warnings),
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
