"""Ingest: files -> articles -> prepared documents -> the store, in whole-batch transactions.

The path reads top-down, in the order it runs:

1. ``readers`` yields articles (or per-file errors, skipped files, and notes such as the format
   guessed for stdin);
2. ``prepare`` runs the pure text stages, in worker processes for big inputs;
3. each batch is written in one transaction (:func:`_store_batch`): its documents, sentences,
   licence notes and declarations (``store.documents.write_batch``), then its postings in the
   candidate index, then reuse detection against everything stored before (``reuse.Detector``),
   then the commit.

Every input gives ``on_result`` one :class:`~provenance.results.IngestResult` as it is done: stored
(with its warnings and the number of licence notes recorded), present, failed, skipped, or ``note``
(a reader's remark, no article: the caller shows ``message``). The summary adds the new reuse edges
each batch's detection stored.

A batch commits whole or not at all, so an interrupted run leaves only whole articles, and running it
again stores the rest (already stored content is recognised by its SHA-256).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import BinaryIO

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from threadpoolctl import threadpool_limits

from provenance.errors import InputError, UsageError
from provenance.match import DEFAULT_CONFIG, DEFAULT_DETECT, DetectConfig, MatchConfig
from provenance.prepare import Item, Prepared, prepare_all
from provenance.readers import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_SENTENCES,
    Article,
    ReaderNote,
    Skipped,
    check_sentences,
    iter_articles,
    unexpected,
)
from provenance.results import IngestResult, IngestSummary
from provenance.api.index import writing
from provenance.reuse import Detector, NewArticle, PairExaminer
from provenance.store import Store, validate
from provenance.store.documents import WrittenBatch, write_batch

DEFAULT_BATCH_ARTICLES = 200
MAX_WORKERS = 3
STORE_ATTEMPTS = 3  # an article whose write meets a unique-key conflict (a concurrent writer) is tried again


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
    max_sentences: int = DEFAULT_MAX_SENTENCES,
    stdin: BinaryIO | None = None,
    stdin_format: str | None = None,
    batch_articles: int = DEFAULT_BATCH_ARTICLES,
    on_result: Callable[[IngestResult], None] | None = None,
    workers: int | None = None,
    match_config: MatchConfig = DEFAULT_CONFIG,
    detect_config: DetectConfig = DEFAULT_DETECT,
) -> IngestSummary:
    """Ingest files, directories (recursively) and ``-`` (stdin). Options override metadata found in files.

    ``workers``: the other processes used for big inputs (:func:`ingest_articles`).

    ``stdin_format`` (txt | md | html | jsonl) says how to read ``-``; None guesses it from the first
    bytes and reports the guess as a result of status ``note``. A ``published_at`` with no UTC form
    (``0001-01-01T00:00:00+05:00``) is a UsageError, before anything is read.
    """
    _check_date(published_at)
    return ingest_articles(
        store,
        iter_articles(paths, max_bytes=max_bytes, stdin=stdin, stdin_format=stdin_format),
        batch_articles=batch_articles,
        max_sentences=max_sentences,
        on_result=on_result,
        workers=workers,
        match_config=match_config,
        detect_config=detect_config,
        publisher=publisher,
        published_at=published_at,
        url=url,
        title=title,
        licence=licence,
    )


def _check_date(value: datetime | None) -> None:
    if value is not None and value.tzinfo is not None:
        try:
            value.astimezone(UTC)
        except (OverflowError, ValueError):
            raise UsageError(f"published_at {value.isoformat()} is out of range (no UTC form)") from None


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
    max_sentences: int = DEFAULT_MAX_SENTENCES,
    match_config: MatchConfig = DEFAULT_CONFIG,
    detect_config: DetectConfig = DEFAULT_DETECT,
) -> IngestResult:
    """Ingest one text given as a string (for Python callers). Raises InputError when it cannot be stored."""
    if not text.strip():
        raise InputError(source, "empty text")
    checked = validate.overrides({"title": title, "url": url, "publisher": publisher, "licence": licence})
    title, url, publisher, licence = (checked[k] for k in ("title", "url", "publisher", "licence"))
    article = Article(
        text=text,
        source=source,
        title=title,
        url=url,
        publisher=publisher,
        published_at=published_at,
        licence=licence,
    )
    summary = ingest_articles(
        store, [article], max_sentences=max_sentences, match_config=match_config, detect_config=detect_config
    )
    result = summary.results[0]
    if result.status == "failed":
        raise InputError(source, result.message or "cannot be stored")
    return result


def ingest_articles(
    store: Store,
    articles: Iterable[Item],
    *,
    batch_articles: int = DEFAULT_BATCH_ARTICLES,
    max_sentences: int = DEFAULT_MAX_SENTENCES,
    on_result: Callable[[IngestResult], None] | None = None,
    detection: bool = True,
    workers: int | None = None,
    sweep: bool = True,
    match_config: MatchConfig = DEFAULT_CONFIG,
    detect_config: DetectConfig = DEFAULT_DETECT,
    **overrides: object,
) -> IngestSummary:
    """Store articles (and report skips and input errors) in batches of whole articles.

    ``detection=False`` stores them without looking for reuse (to pre-fill a store for a benchmark):
    reuse between them and any other article is then never detected, and at the end the keys found too
    common are entered as such (one pass over the key index; ``sweep=False`` leaves that to the caller,
    ``provenance.reuse.SqlKeyIndex.sweep``, for one who rebuilds the index first). ``workers``:
    processes that segment and fingerprint articles while this one writes (for inputs of more than
    ``prepare.PARALLEL_MIN_ARTICLES`` articles), and as many that align the candidate pairs detection
    plans (from the first batch of ``reuse.pairs.PARALLEL_MIN_ARTICLES``); default: one fewer than
    the cores; 0: none. The edges are the same either way.
    An article of more than ``max_sentences`` sentences fails (alignment costs time and memory
    linear in an article's length, ``MatchConfig.dense_max_pairs``; this bounds it).
    """
    if max_sentences < 1:
        raise UsageError(f"max_sentences must be positive, not {max_sentences}")
    overrides = validate.overrides(overrides)
    if workers is None:
        workers = min(MAX_WORKERS, (os.cpu_count() or 1) - 1)
    summary = IngestSummary()

    def emit(result: IngestResult) -> None:
        summary.add(result)
        if on_result is not None:
            on_result(result)

    now = datetime.now(UTC).replace(tzinfo=None)
    with (
        threadpool_limits(limits=1, user_api="blas"),  # the matcher's matrices are small: threads only cost
        PairExaminer(workers if detection else 0) as examiner,
    ):
        for batch in _batches(
            prepare_all(articles, now, overrides=overrides, workers=workers),
            batch_articles,
            emit,
            max_sentences,
        ):
            results, edges = _store_batch(store, batch, detection, match_config, detect_config, examiner)
            summary.edges += edges
            for result in results:
                emit(result)
    if not detection and sweep and summary.stored:
        with writing(store) as (_, index):
            index.sweep(detect_config.max_key_postings)
    return summary


def _batches(
    outcomes: Iterable[Prepared | Skipped | InputError | ReaderNote],
    size: int,
    emit: Callable[[IngestResult], None],
    max_sentences: int,
) -> Iterator[list[Prepared]]:
    """Prepared articles in batches of ``size``; skips, input errors (and articles over
    ``max_sentences``) and notes are reported as they come."""
    batch: list[Prepared] = []
    for item in outcomes:
        if isinstance(item, Prepared):
            try:
                a = item.article
                check_sentences(a.source, len(item.doc.sentences), max_sentences, line=a.line)
            except InputError as err:
                item = err
        if isinstance(item, ReaderNote):
            emit(IngestResult(source=item.source, line=item.line, status="note", message=item.message))
        elif isinstance(item, Skipped):
            emit(IngestResult(source=item.source, status="skipped"))
        elif isinstance(item, InputError):
            emit(IngestResult(source=item.source, line=item.line, status="failed", message=str(item)))
        else:
            batch.append(item)
            if len(batch) >= size:
                yield batch
                batch = []
    if batch:
        yield batch


def _store_batch(
    store: Store,
    batch: list[Prepared],
    detection: bool,
    match_config: MatchConfig,
    detect_config: DetectConfig,
    examiner: PairExaminer | None = None,
) -> tuple[list[IngestResult], int]:
    """Write a batch in one transaction; if that fails, write its articles one by one and name the culprit.

    Returns the results and the number of reuse edges stored. A unique-key conflict means another
    process stored the same content meanwhile (concurrent ingests into one PostgreSQL store): the
    article is written again, and then found present.
    """
    try:
        return _write_and_detect(store, batch, detection, match_config, detect_config, examiner)
    except Exception:  # a database error, or one article the driver cannot take: find which, below
        pass
    out: list[IngestResult] = []
    edges = 0
    for p in batch:
        for attempt in range(STORE_ATTEMPTS):
            try:
                results, found = _write_and_detect(store, [p], detection, match_config, detect_config)
                out.extend(results)
                edges += found
                break
            except IntegrityError as exc:
                if (
                    attempt < STORE_ATTEMPTS - 1
                ):  # another process stored the same content or publisher meanwhile
                    continue
                out.append(_failed(p, exc))
            except Exception as exc:  # that article alone fails; the rest of the batch is stored
                out.append(_failed(p, exc))
                break
    return out, edges


def _write_and_detect(
    store: Store,
    batch: list[Prepared],
    detection: bool,
    match_config: MatchConfig,
    detect_config: DetectConfig,
    examiner: PairExaminer | None = None,
) -> tuple[list[IngestResult], int]:
    """One transaction: write the batch's rows, index them, detect their reuse (the pairs aligned by
    ``examiner``'s workers if it starts them for a batch this size), commit.

    Returns the results and the number of reuse edges detection stored."""
    docs = [p.doc for p in batch]
    if examiner is not None:  # (it has no workers when detection is off)
        examiner.start_for(len(batch))  # before the transaction: nothing of it in the workers' start
    with writing(store) as (conn, index):
        written = write_batch(conn, docs)
        new = [NewArticle.of(doc_id, docs[i]) for i, doc_id in written.new()]
        detector = Detector(conn, index, config=detect_config, match_config=match_config, examiner=examiner)
        detector.add(new, skip_common=detection)
        edges = 0
        if detection:
            edges = detector.detect_batch(new)
            detector.rejudge(new)  # what these articles made boilerplate, in the pairs before them
    return _results(batch, written), edges


def _results(batch: Sequence[Prepared], written: WrittenBatch) -> list[IngestResult]:
    out = []
    for p, doc_id, stored in zip(batch, written.ids, written.stored, strict=True):
        a = p.article
        if stored:
            out.append(
                IngestResult(
                    source=a.source,
                    line=a.line,
                    status="stored",
                    document_id=doc_id,
                    sentences=len(p.doc.sentences),
                    encoding=a.encoding,
                    warnings=list(p.warnings),
                    notes=len(p.doc.notes) + (1 if p.doc.licence else 0),
                )
            )
        else:
            message = f"already stored as document {doc_id}"
            out.append(
                IngestResult(
                    source=a.source, line=a.line, status="present", document_id=doc_id, message=message
                )
            )
    return out


def _failed(p: Prepared, exc: Exception) -> IngestResult:
    if isinstance(exc, SQLAlchemyError):
        reason = (str(getattr(exc, "orig", None) or exc).splitlines() or [type(exc).__name__])[0]
    else:
        reason = unexpected(exc)
    where = f"{p.article.source}:{p.article.line}" if p.article.line is not None else p.article.source
    return IngestResult(
        source=p.article.source,
        line=p.article.line,
        status="failed",
        message=f"{where}: cannot store: {reason}",
    )
