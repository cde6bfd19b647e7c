"""Ingest: files → articles → sentences and fingerprints → the store, in whole-article transactions.

The path reads as a straight line: ``readers`` yields articles (or per-file
errors), ``_prepare`` runs the pure text stages, ``_flush`` writes a batch of
whole articles in one transaction. A batch either commits whole or not at
all, so an interrupted run leaves only whole articles, and running it again
stores the rest (already stored content is recognised by its SHA-256).
"""

from __future__ import annotations

import hashlib
import itertools
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from threadpoolctl import threadpool_limits

from provenance.api.detect import DEFAULT_DETECT, Detector, NewArticle
from provenance.api.licences import detected_notes
from provenance.errors import InputError
from provenance.licences import canonical_licence_id, non_evidence_positions
from provenance.licences.notices import Notice, detect_notices
from provenance.match import sentence_keys
from provenance.match.keys import template_key
from provenance.readers import DEFAULT_MAX_BYTES, Article, Skipped, iter_articles
from provenance.results import IngestResult, IngestSummary
from provenance.store import Store
from provenance.store import licences as store_licences
from provenance.store import reuse, writes
from provenance.text import fingerprint, normalise, segment

DEFAULT_BATCH_ARTICLES = 200
PARALLEL_MIN_ARTICLES = 400  # fewer articles are prepared in this process (starting workers costs more)
PARALLEL_CHUNK = 50  # articles per task sent to a worker
MAX_WORKERS = 3
PUBLISHER_NAME_MAX = 300  # publishers.name is VARCHAR(300)


@dataclass(frozen=True, slots=True)
class _Prepared:
    article: Article
    doc: writes.NewDocument
    publisher: str | None
    licence: str | None
    notices: list[Notice]


def _utc_naive(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def _source_and_name(article: Article) -> tuple[str, str]:
    if article.source == "-":
        base, name = "<stdin>", "<stdin>"
    else:
        path = Path(article.source)
        base, name = str(path.resolve()), path.name
    if article.line is not None:
        return f"{base}#{article.line}", f"{name}#{article.line}"
    return base, name


def _prepare(article: Article, now: datetime) -> _Prepared:
    """Run the pure text stages on one article. Raises InputError when there is nothing to store."""
    text = article.text
    spans = segment(text)
    if not spans:
        raise InputError(
            article.source, "no sentences (the text has no letters or digits)", line=article.line
        )
    notices = detect_notices(text)
    not_evidence = non_evidence_positions(text, [(s.start, s.end) for s in spans], notices)
    sentences = []
    for i, span in enumerate(spans):
        norm = normalise(span.text)
        sentences.append(
            writes.NewSentence(
                position=i,
                start=span.start,
                end=span.end,
                fingerprint=fingerprint(norm),
                keys=tuple(sentence_keys(norm)),
                evidence=i not in not_evidence,
                template=template_key(span.text),
            )
        )
    if article.publisher and len(article.publisher) > PUBLISHER_NAME_MAX:
        raise InputError(
            article.source,
            f"publisher name is longer than {PUBLISHER_NAME_MAX} characters",
            line=article.line,
        )
    licence = None
    if article.licence:
        licence = canonical_licence_id(article.licence.strip())
        if licence is None:
            raise InputError(
                article.source, f"not an SPDX licence id: {article.licence!r}", line=article.line
            )
    source, name = _source_and_name(article)
    doc = writes.NewDocument(
        source=source,
        name=name,
        title=article.title,
        url=article.url,
        publisher_id=None,
        published_at=_utc_naive(article.published_at),
        ingested_at=now,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        encoding=article.encoding,
        format=article.fmt,
        text=text,
        sentences=sentences,
    )
    return _Prepared(
        article=article,
        doc=doc,
        publisher=article.publisher,
        licence=licence,
        notices=notices,
    )


_Item = _Prepared | Skipped | InputError


def _new_article(doc_id: int, p: _Prepared) -> NewArticle:
    doc = p.doc
    return NewArticle(
        id=doc_id,
        published_at=doc.published_at,
        text=doc.text,
        sentences=[
            reuse.StoredSentence(s.position, s.start, s.end, s.fingerprint, s.evidence) for s in doc.sentences
        ],
        sentence_keys=[frozenset(s.keys) for s in doc.sentences],
        templates=[s.template for s in doc.sentences],
    )


def _write_batch(store: Store, batch: Sequence[_Prepared], detection: bool = True) -> list[IngestResult]:
    """Store a batch of prepared articles in one transaction; return one result per article."""
    results: list[IngestResult | None] = [None] * len(batch)
    with store.begin() as conn:
        known = writes.existing_hashes(conn, (p.doc.sha256 for p in batch))
        publisher_ids: dict[str, int] = {}
        fresh: list[tuple[int, _Prepared]] = []
        for i, p in enumerate(batch):
            if p.doc.sha256 in known:
                results[i] = IngestResult(
                    source=p.article.source,
                    line=p.article.line,
                    status="present",
                    document_id=known[p.doc.sha256],
                    message=f"already stored as document {known[p.doc.sha256]}",
                )
                continue
            known[p.doc.sha256] = -1  # a second copy inside this batch is "present" too
            if p.publisher:
                if p.publisher not in publisher_ids:
                    publisher_ids[p.publisher] = writes.publisher_id(conn, p.publisher)
                p = replace(p, doc=replace(p.doc, publisher_id=publisher_ids[p.publisher]))
            fresh.append((i, p))
        detector = Detector(conn)
        keys = {k for _, p in fresh for s in p.doc.sentences for k in (*s.keys, s.template) if k is not None}
        if detection:
            detector.load_common(keys)
        ids = writes.insert_documents(conn, [p.doc for _, p in fresh], common_keys=detector.common)
        if detection:
            recurring = {
                k
                for _, p in fresh
                for s in p.doc.sentences
                for k in (s.fingerprint, s.template)
                if k is not None
            }
            detector.begin(ids, keys, recurring)
        for (i, p), doc_id in zip(fresh, ids, strict=True):
            known[p.doc.sha256] = doc_id
            store_licences.insert_detected(
                conn, detected_notes(p.doc.text, doc_id, p.doc.ingested_at, p.notices)
            )
            if detection:
                detector.detect(_new_article(doc_id, p))
            if p.licence:
                store_licences.replace_declared(
                    conn, spdx=p.licence, created_at=p.doc.ingested_at, document_id=doc_id
                )
            results[i] = IngestResult(
                source=p.article.source,
                line=p.article.line,
                status="stored",
                document_id=doc_id,
                sentences=len(p.doc.sentences),
                encoding=p.article.encoding,
            )
    for i, r in enumerate(results):  # copies of an article stored earlier in this same batch
        if r is not None and r.status == "present" and r.document_id == -1:
            doc_id = known[batch[i].doc.sha256]
            results[i] = replace(r, document_id=doc_id, message=f"already stored as document {doc_id}")
    return [r for r in results if r is not None]


def _flush(store: Store, batch: list[_Prepared], detection: bool = True) -> list[IngestResult]:
    """Write a batch in one transaction; if that fails, write its articles one by one and name the culprit.

    A unique-key conflict means another process stored the same content meanwhile (concurrent
    ingests into one PostgreSQL store): the article is written again, and then found present.
    """
    if not batch:
        return []
    try:
        return _write_batch(store, batch, detection)
    except SQLAlchemyError:
        pass
    out: list[IngestResult] = []
    for p in batch:
        for attempt in range(3):
            try:
                out.extend(_write_batch(store, [p], detection))
                break
            except IntegrityError as exc:
                if attempt < 2:  # another process stored the same content or publisher meanwhile
                    continue
                reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
                out.append(_failed(p, f"cannot store: {reason}"))
            except SQLAlchemyError as exc:
                reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
                out.append(_failed(p, f"cannot store: {reason}"))
                break
    return out


def _failed(p: _Prepared, reason: str) -> IngestResult:
    where = f"{p.article.source}:{p.article.line}" if p.article.line is not None else p.article.source
    return IngestResult(
        source=p.article.source, line=p.article.line, status="failed", message=f"{where}: {reason}"
    )


def _override(article: Article, overrides: dict[str, object]) -> Article:
    given = {k: v for k, v in overrides.items() if v is not None}
    return replace(article, **given) if given else article


def ingest_articles(
    store: Store,
    articles: Iterable[Article | Skipped | InputError],
    *,
    batch_articles: int = DEFAULT_BATCH_ARTICLES,
    on_result: Callable[[IngestResult], None] | None = None,
    detection: bool = True,
    workers: int | None = None,
    sweep: bool = True,
    **overrides: object,
) -> IngestSummary:
    """Store articles (and report skips and input errors) in batches of whole articles.

    ``detection=False`` stores them without looking for reuse (to pre-fill a store for a benchmark):
    reuse between them and any other article is then never detected, and at the end the keys found too
    common are entered as such (one pass over the key index; ``sweep=False`` leaves that to the caller,
    ``provenance.store.reuse.sweep_common``, for one who rebuilds the index first). ``workers``: processes that
    segment and fingerprint articles while this one writes (default: one fewer than the cores, for
    inputs of more than ``PARALLEL_MIN_ARTICLES`` articles; 0: none).
    """
    if workers is None:
        workers = min(MAX_WORKERS, (os.cpu_count() or 1) - 1)
    summary = IngestSummary()

    def emit(result: IngestResult) -> None:
        summary.add(result)
        if on_result is not None:
            on_result(result)

    with threadpool_limits(limits=1, user_api="blas"):  # the matcher's matrices are small: threads only cost
        _ingest_loop(store, articles, batch_articles, emit, detection, overrides, workers)
    if not detection and sweep and summary.stored:
        with store.begin() as conn:
            reuse.sweep_common(conn, DEFAULT_DETECT.max_key_postings)
    return summary


def _prepare_item(item: Article | Skipped | InputError, overrides: dict[str, object], now: datetime) -> _Item:
    if isinstance(item, Article):
        try:
            return _prepare(_override(item, overrides), now)
        except InputError as err:
            return err
    return item


def _worker_init() -> None:
    """Workers leave Ctrl-C to the main process, which stops them (and reports what was stored)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _prepare_chunk(
    chunk: list[Article | Skipped | InputError], overrides: dict[str, object], now: datetime
) -> list[_Item]:
    return [_prepare_item(item, overrides, now) for item in chunk]


def _prepared(
    items: Iterable[Article | Skipped | InputError], overrides: dict[str, object], now: datetime, workers: int
) -> Iterator[_Item]:
    """The pure text stages of every item, in order: in this process for a small input, else also in
    ``workers`` other processes (the store is written from this one meanwhile)."""
    items = iter(items)
    head = list(itertools.islice(items, PARALLEL_MIN_ARTICLES))
    if workers < 1 or len(head) < PARALLEL_MIN_ARTICLES:
        for item in itertools.chain(head, items):
            yield _prepare_item(item, overrides, now)
        return
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    )
    with context.Pool(workers, initializer=_worker_init) as pool:
        pending: deque = deque()
        rest = itertools.chain(head, items)
        while chunk := list(itertools.islice(rest, PARALLEL_CHUNK)):
            pending.append(pool.apply_async(_prepare_chunk, (chunk, overrides, now)))
            if len(pending) > 2 * workers:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _ingest_loop(
    store: Store,
    articles: Iterable[Article | Skipped | InputError],
    batch_articles: int,
    emit: Callable[[IngestResult], None],
    detection: bool,
    overrides: dict[str, object],
    workers: int,
) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    batch: list[_Prepared] = []
    for item in _prepared(articles, overrides, now, workers):
        if isinstance(item, Skipped):
            emit(IngestResult(source=item.source, status="skipped"))
            continue
        if isinstance(item, InputError):
            emit(IngestResult(source=item.source, line=item.line, status="failed", message=str(item)))
            continue
        batch.append(item)
        if len(batch) >= batch_articles:
            for result in _flush(store, batch, detection):
                emit(result)
            batch = []
    for result in _flush(store, batch, detection):
        emit(result)


def ingest(
    store: Store,
    paths: Sequence[str],
    *,
    publisher: str | None = None,
    published_at: datetime | None = None,
    url: str | None = None,
    title: str | None = None,
    licence: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
    batch_articles: int = DEFAULT_BATCH_ARTICLES,
    on_result: Callable[[IngestResult], None] | None = None,
) -> IngestSummary:
    """Ingest files, directories (recursively) and ``-`` (stdin). Options override metadata found in files."""
    return ingest_articles(
        store,
        iter_articles(paths, max_bytes=max_bytes, stdin=stdin),
        batch_articles=batch_articles,
        on_result=on_result,
        publisher=publisher,
        published_at=published_at,
        url=url,
        title=title,
        licence=licence,
    )


def ingest_text(
    store: Store,
    text: str,
    *,
    source: str = "-",
    title: str | None = None,
    url: str | None = None,
    publisher: str | None = None,
    published_at: datetime | None = None,
    licence: str | None = None,
) -> IngestResult:
    """Ingest one text given as a string (for Python callers). Raises InputError when it cannot be stored."""
    if not text.strip():
        raise InputError(source, "empty text")
    article = Article(
        text=text,
        source=source,
        title=title,
        url=url,
        publisher=publisher,
        published_at=published_at,
        licence=licence,
    )
    summary = ingest_articles(store, [article])
    result = summary.results[0]
    if result.status == "failed":
        raise InputError(source, result.message or "cannot be stored")
    return result
