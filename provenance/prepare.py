"""Article -> prepared article: the pure text stages of ingest, run in worker processes for big inputs.

For each article: segment into sentences, detect licence notices and credit lines, normalise and
fingerprint each sentence, its candidate keys and template key, the SHA-256 of the text. The result is a
:class:`~provenance.store.records.NewDocument`, ready to be written; nothing here touches the store.
"""

from __future__ import annotations

import hashlib
import itertools
import multiprocessing
import signal
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from multiprocessing.pool import AsyncResult
from pathlib import Path

from provenance.errors import InputError
from provenance.licences import canonical_licence_id, detect_notices, non_evidence_positions
from provenance.match import sentence_keys
from provenance.match.keys import template_key
from provenance.readers import Article, Skipped
from provenance.store.records import NewDocument, NewNote, NewSentence
from provenance.text import fingerprint, normalise, segment

PARALLEL_MIN_ARTICLES = 400  # fewer articles are prepared in this process (starting workers costs more)
PARALLEL_CHUNK = 50  # articles per task sent to a worker
PUBLISHER_NAME_MAX = 300  # publishers.name is VARCHAR(300)

Item = Article | Skipped | InputError


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article and the document it becomes."""

    article: Article
    doc: NewDocument


Outcome = Prepared | Skipped | InputError


def prepare(article: Article, now: datetime) -> Prepared:
    """Run the pure text stages on one article. Raises InputError when there is nothing to store."""
    text = article.text
    spans = segment(text)
    if not spans:
        raise InputError(
            article.source, "no sentences (the text has no letters or digits)", line=article.line
        )
    notices = detect_notices(text)
    not_evidence = non_evidence_positions(text, [(s.start, s.end) for s in spans], notices)
    sentences = [
        new_sentence(i, text, s.start, s.end, evidence=i not in not_evidence) for i, s in enumerate(spans)
    ]
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
    doc = NewDocument(
        source=source,
        name=name,
        title=article.title,
        url=article.url,
        publisher=article.publisher,
        published_at=_utc_naive(article.published_at),
        ingested_at=now,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        encoding=article.encoding,
        format=article.fmt,
        text=text,
        sentences=sentences,
        notes=[NewNote(n.spdx, n.holder, n.text, n.start, n.end, n.scope) for n in notices],
        licence=licence,
    )
    return Prepared(article=article, doc=doc)


def new_sentence(position: int, text: str, start: int, end: int, *, evidence: bool = True) -> NewSentence:
    """The sentence ``text[start:end]`` with its fingerprint, candidate keys and template key: the one
    place a sentence's keys are computed."""
    piece = text[start:end]
    norm = normalise(piece)
    return NewSentence(
        position=position,
        start=start,
        end=end,
        fingerprint=fingerprint(norm),
        keys=tuple(sentence_keys(norm)),
        evidence=evidence,
        template=template_key(piece),
    )


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
    if isinstance(item, Article):
        try:
            return prepare(replace(item, **overrides) if overrides else item, now)  # type: ignore[arg-type]
        except InputError as err:
            return err
    return item


def _prepare_chunk(chunk: list[Item], overrides: Mapping[str, object], now: datetime) -> list[Outcome]:
    return [_prepare_item(item, overrides, now) for item in chunk]


def _worker_init() -> None:
    """Workers leave Ctrl-C to the main process, which stops them (and reports what was stored)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


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
