"""Article -> prepared article: the pure text stages of ingest, run in worker processes for big inputs.

For each article: segment into sentences, detect licence notices and credit lines, normalise and
fingerprint each sentence, its candidate keys and template key, the SHA-256 of the text. The result is a
:class:`~provenance.store.records.NewDocument`, ready to be written; nothing here touches the store.
"""

from __future__ import annotations

import hashlib
import itertools
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from datetime import UTC, datetime
from multiprocessing.pool import AsyncResult
from pathlib import Path

from provenance.errors import InputError
from provenance.licences import (
    LICENSEREF_UNRECOGNISED,
    licence_from_name,
    licence_spans,
)
from provenance.licences.page import LINE_KINDS, page_notes
from provenance.match import sentence_keys
from provenance.match.keys import template_key
from provenance.readers import Article, Item, ReaderNote, Skipped, unexpected
from provenance.readers.encoding import shown_path, without_surrogates
from provenance.store.records import NewDocument, NewNote, NewSentence
from provenance.text import normalise, segment
from provenance.text.kernels import frozen_maker

PARALLEL_MIN_ARTICLES = 400  # fewer articles are prepared in this process (starting workers costs more)
PARALLEL_CHUNK = 50  # articles per task sent to a worker
PUBLISHER_NAME_MAX = 300  # publishers.name is VARCHAR(300)
PAGE_TEXT_MAX = 100_000  # characters of a page's credit and licence lines kept for the audit


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article and the document it becomes, with the problems that did not stop it."""

    article: Article
    doc: NewDocument
    warnings: tuple[str, ...] = ()  # each a reason without the file name ("licence 'X' not recognised ...")


Outcome = Prepared | Skipped | InputError | ReaderNote


def prepare(article: Article, now: datetime) -> Prepared:
    """Run the pure text stages on one article. Raises InputError when there is nothing to store, or
    when its publication date has no UTC form."""
    article, unicode_warnings = _valid_unicode(article)
    text = article.text
    spans = segment(text)
    if not spans:
        raise InputError(
            article.source, "no sentences (the text has no letters or digits)", line=article.line
        )
    notices, not_evidence = licence_spans(text, [(s.start, s.end) for s in spans])
    sentences = [
        new_sentence(i, text, s.start, s.end, evidence=i not in not_evidence) for i, s in enumerate(spans)
    ]
    warnings = list(article.warnings) + unicode_warnings
    publisher = (article.publisher or "").strip() or None  # a blank one names no publisher
    if publisher and len(publisher) > PUBLISHER_NAME_MAX:
        warnings.append(
            f"publisher name is {len(publisher)} characters; stored truncated to {PUBLISHER_NAME_MAX}"
        )
        publisher = publisher[: PUBLISHER_NAME_MAX - 1].rstrip() + "…"
    licence, licence_value = None, None
    if article.licence:
        value = article.licence.strip()
        licence = licence_from_name(value)
        if licence is None:
            warnings.append(f"licence {value!r} not recognised; stored as {LICENSEREF_UNRECOGNISED}")
            licence, licence_value = LICENSEREF_UNRECOGNISED, value
    page = page_notes(article.evidence)
    warnings += page.warnings
    # A licence link inside a notice of the text ("It is republished under <a rel=license>CC BY-NC-ND
    # 3.0</a>") is that notice's: it gets the holder the notice names.
    text_holders = {(n.spdx, n.scope): n.holder for n in notices if n.holder}
    page_found = [
        replace(n, holder=text_holders.get((n.spdx, n.scope))) if n.holder is None else n for n in page.notes
    ]
    try:
        published_at = _utc_naive(article.published_at)
    except ValueError as err:
        raise InputError(article.source, f"publication date {err}", line=article.line) from None
    source, name = _source_and_name(article)
    doc = NewDocument(
        source=source,
        name=name,
        title=article.title,
        url=article.url,
        publisher=publisher,
        published_at=published_at,
        ingested_at=now,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        encoding=article.encoding,
        format=article.fmt,
        text=text,
        sentences=sentences,
        notes=[NewNote(n.spdx, n.holder, n.text, n.start, n.end, n.scope) for n in notices]
        + [
            NewNote(n.spdx, n.holder, n.notice, None, None, n.scope, "page", n.found_in, n.url)
            for n in page_found
        ],
        licence=licence,
        licence_value=licence_value,
        modified_at=_utc_naive(article.modified_at, "modification date", warnings),
        language=article.language[:35] if article.language else None,
        authors=tuple(a[:300] for a in article.authors),
        page_text=_page_text(article),
    )
    return Prepared(article=article, doc=doc, warnings=tuple(warnings))


def _page_text(article: Article) -> str | None:
    """The page's furniture lines (footer, captions, credit lines) and credited links, for the audit's
    credit search: they are never sentences, but "Source: Mehr News Agency" in a footer is a credit."""
    lines: list[str] = []
    for e in article.evidence:
        if e.kind in LINE_KINDS and e.text:
            lines.append(" ".join(e.text.split()))
        if e.url and e.kind == "credit" and e.url not in (e.text or ""):
            lines.append(f"Based on: {e.url}")
    text = "\n".join(dict.fromkeys(line for line in lines if line))[:PAGE_TEXT_MAX]
    return text or None


def new_sentence(position: int, text: str, start: int, end: int, *, evidence: bool = True) -> NewSentence:
    """The sentence ``text[start:end]`` with its fingerprint, candidate keys and template key: the one
    place a sentence's keys are computed."""
    piece = text[start:end]
    keys = tuple(sentence_keys(normalise(piece)))
    # NewSentence(position, start, end, fingerprint (the first key), keys, evidence, template)
    return _new_sentence(position, start, end, keys[0], keys, evidence, template_key(piece))


_new_sentence = frozen_maker(NewSentence)  # (a few times faster compiled: provenance.text.kernels)


def prepare_all(
    items: Iterable[Item], now: datetime, *, overrides: Mapping[str, object] | None = None, workers: int = 0
) -> Iterator[Outcome]:
    """The pure text stages of every item, in order: in this process for a small input, else also in
    ``workers`` other processes (the caller writes the store meanwhile). ``overrides`` replace the
    articles' metadata (``publisher=``, ``published_at=`` ...) where not None."""
    given = {k: v for k, v in (overrides or {}).items() if v is not None}
    items = iter(items)
    head = list(itertools.islice(items, PARALLEL_MIN_ARTICLES))
    if workers < 1 or len(head) < PARALLEL_MIN_ARTICLES:
        for item in itertools.chain(head, items):
            yield _prepare_item(item, given, now)
        return
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    )
    with context.Pool(workers, initializer=_worker_init) as pool:
        pending: deque[AsyncResult[list[Outcome]]] = deque()
        rest = itertools.chain(head, items)
        while chunk := list(itertools.islice(rest, PARALLEL_CHUNK)):
            pending.append(pool.apply_async(_prepare_chunk, (chunk, given, now)))
            if len(pending) > 2 * workers:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _prepare_item(item: Item, overrides: Mapping[str, object], now: datetime) -> Outcome:
    """The prepared article, or its InputError: an unexpected exception fails this article alone."""
    if isinstance(item, Article):
        try:
            return prepare(replace(item, **overrides) if overrides else item, now)  # type: ignore[arg-type]
        except InputError as err:
            return err
        except Exception as exc:
            return InputError(
                shown_path(item.source), f"cannot be prepared: {unexpected(exc)}", line=item.line
            )
    return item


def _valid_unicode(article: Article) -> tuple[Article, list[str]]:
    """The article with lone surrogates in its text and metadata replaced by U+FFFD (its file name
    written with ``\\xNN`` escapes), and a warning for each field that had any: a Python caller's
    string, or a command line argument with bytes that are not UTF-8. InputError for a NUL character."""
    changes: dict[str, object] = {}
    warnings = []
    for key in ("text", "title", "url", "publisher", "licence", "language"):
        value = getattr(article, key)
        if value:
            clean, count = without_surrogates(value)
            if count:
                changes[key] = clean
                warnings.append(f"{key}: {count} lone surrogate(s) (not valid Unicode) replaced with U+FFFD")
            if "\x00" in clean:  # SQLite would store it, PostgreSQL refuses it: refused on both, as the
                # JSONL reader refuses a "\u0000"
                raise InputError(
                    shown_path(article.source), f"{key} contains a NUL character (U+0000)", line=article.line
                )
    if any(without_surrogates(a)[1] for a in article.authors):
        changes["authors"] = tuple(without_surrogates(a)[0] for a in article.authors)
    if shown_path(article.source) != article.source:
        changes["source"] = shown_path(article.source)
    return (replace(article, **changes) if changes else article), warnings  # type: ignore[arg-type]


def _prepare_chunk(chunk: list[Item], overrides: Mapping[str, object], now: datetime) -> list[Outcome]:
    return [_prepare_item(item, overrides, now) for item in chunk]


def _worker_init() -> None:
    """Workers leave Ctrl-C to the main process, which stops them (and reports what was stored)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _utc_naive(
    value: datetime | None, what: str = "date", warnings: list[str] | None = None
) -> datetime | None:
    """``value`` as naive UTC (the store's times). When it has no UTC form (``0001-01-01T00:00:00+05:00``
    falls before year 1 in UTC): None with a warning if ``warnings`` is given, else ValueError."""
    if value is None or value.tzinfo is None:
        return value
    try:
        return value.astimezone(UTC).replace(tzinfo=None)
    except (OverflowError, ValueError):
        if warnings is None:
            raise ValueError(f"{value.isoformat()} is out of range (no UTC form)") from None
        warnings.append(f"{what} {value.isoformat()} cannot be converted to UTC; stored undated")
        return None


@lru_cache(maxsize=256)
def _resolved(source: str, cwd: str) -> str:
    """The absolute path of ``source`` (relative to ``cwd``): once per file, not once per JSONL line."""
    return str(Path(cwd, source).resolve())


def _source_and_name(article: Article) -> tuple[str, str]:
    if article.source == "-":
        base, name = "<stdin>", "<stdin>"
    else:
        base, name = _resolved(article.source, os.getcwd()), Path(article.source).name
    if article.line is not None:
        return f"{base}#{article.line}", f"{name}#{article.line}"
    return base, name
