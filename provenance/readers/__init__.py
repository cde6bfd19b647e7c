"""Turn input paths (files, directories, "-" for stdin) into articles.

Every problem with one input is *yielded* as an :class:`InputError`, never raised, so that a
batch goes on past a bad file or a bad JSONL line; the caller decides how to report it.

This module walks the paths and hands each input to its format's reader: :mod:`.text` (``.txt``),
:mod:`.markdown` (``.md``), :mod:`.html` (``.html``, with :mod:`.page` for the page's licence
evidence), :mod:`.jsonl`; :mod:`.stdin` guesses the format of standard input, :mod:`.encoding`
decodes bytes, :mod:`.article` holds what they yield.
"""

from __future__ import annotations

import dataclasses
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, BinaryIO

from provenance.errors import InputError, UsageError
from provenance.readers.article import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_SENTENCES,
    LIMIT,
    SUPPORTED,
    Article,
    Item,
    ReaderNote,
    Skipped,
    check_sentences,
    parse_datetime,
    size_text,
    unexpected,
)
from provenance.readers.encoding import shown_path
from provenance.readers.html import html_article
from provenance.readers.jsonl import read_jsonl
from provenance.readers.markdown import markdown_article
from provenance.readers.stdin import Replay, guess_format, read_head
from provenance.readers.text import text_article

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_SENTENCES",
    "SUPPORTED",
    "Article",
    "InputError",
    "Item",
    "ReaderNote",
    "Skipped",
    "check_sentences",
    "count_inputs",
    "guess_format",
    "iter_articles",
    "parse_datetime",
    "unexpected",
]

_EXPECTED = ", ".join(SUPPORTED)
_BUILDERS: dict[str, Callable[[bytes, str], Article]] = {
    "txt": text_article,
    "md": markdown_article,
    "html": html_article,
}


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


def _iter(
    paths: list[str], max_bytes: int, stdin: BinaryIO | None, stdin_format: str | None
) -> Iterator[Item]:
    for path in paths:
        if path == "-":
            stream: Any = sys.stdin.buffer if stdin is None else stdin
            fmt = stdin_format
            if fmt is None:
                head = read_head(stream)
                fmt = guess_format(head)
                stream = Replay(head, stream)
                yield ReaderNote(
                    "-",
                    f"standard input read as {fmt} (guessed from its first bytes; --input-format to choose)",
                )
            yield from _read_stream(stream, "-", fmt, max_bytes)
        else:
            for item in _read_path(path, max_bytes, frozenset()):
                yield _shown(item)


def _shown(item: Item) -> Item:
    """``item`` with its source a path UTF-8 can encode (:func:`.encoding.shown_path`): a file name
    that is not UTF-8 is stored and shown with its odd bytes as ``\\xNN``, with a warning."""
    shown = shown_path(item.source)
    if shown == item.source:
        return item
    if isinstance(item, InputError):
        return InputError(shown, item.reason, line=item.line)
    if isinstance(item, Article):
        warning = "file name is not valid UTF-8; recorded with its odd bytes as \\xNN"
        return dataclasses.replace(item, source=shown, warnings=(*item.warnings, warning))
    return dataclasses.replace(item, source=shown)


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
        yield InputError(path, f"file is {size_text(info.st_size)}, over the {size_text(max_bytes)} {LIMIT}")
        return
    try:
        with open(path, "rb") as stream:
            yield from _read_stream(stream, path, fmt, max_bytes)
    except OSError as err:
        yield _os_error(path, err)


def _read_stream(stream: BinaryIO, source: str, fmt: str, max_bytes: int) -> Iterator[Item]:
    """A whole input read at once (at most ``max_bytes``), or a JSONL input streamed."""
    if fmt == "jsonl":
        yield from read_jsonl(stream, source, max_bytes, _attempt)
        return
    raw = stream.read(max_bytes + 1)
    if len(raw) > max_bytes:
        yield InputError(source, f"input is over the {size_text(max_bytes)} {LIMIT}")
    else:
        yield _attempt(_BUILDERS[fmt], raw, source)


def _attempt(
    build: Callable[..., Article], data: bytes, source: str, line: int | None = None
) -> Article | InputError:
    """``build(data, source[, line])``, or the InputError it raised; any other exception (a library's
    limit met by one odd input, or a bug) is that input's InputError too, so the batch goes on."""
    try:
        return build(data, source) if line is None else build(data, source, line)
    except InputError as err:
        return err
    except Exception as exc:
        return InputError(source, f"cannot be read: {unexpected(exc)}", line=line)


def _os_error(path: str, err: OSError) -> InputError:
    if isinstance(err, FileNotFoundError):
        return InputError(path, "no such file or directory")
    return InputError(path, f"cannot read: {(err.strerror or str(err)).lower()}")
