"""Examining a candidate pair: two documents aligned sentence by sentence, in this process or in workers.

Detection (``reuse.detector``) decides which stored documents to align with a new one, using the
candidate index and the store; aligning them (``match.align``), keeping the evidence and summarising
the edge needs nothing but the two documents and the positions left out of each. So that part, the
larger share of detection's CPU, can run in other processes while the main one reads the index and
plans the next article's pairs: :class:`PairExaminer` sends each article's pairs to a pool of workers
and hands back their results in order. A worker runs the very functions the main process would, on
the same inputs, so the edges are the same (``tests/test_parallel_detection.py`` compares).
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections import OrderedDict, deque
from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType

from provenance.match import (
    EdgeSummary,
    Match,
    MatchConfig,
    Profile,
    Sentence,
    align_profiles,
    profile,
    summarise,
)
from provenance.match.evidence import evidence_matches
from provenance.store.records import StoredDocument
from provenance.text import normalise

PARALLEL_MIN_ARTICLES = 100  # a pool is started for the first batch detecting at least this many articles
WORKER_CACHE_DOCUMENTS = 2000  # documents whose sentence profiles a worker keeps (least recently used go)


@dataclass(frozen=True, slots=True)
class Found:
    """The reuse found between two documents: ``later_id`` reuses ``earlier_id``; ``*_skip``: the
    positions of each left out of the alignment (boilerplate, licence notices, credit lines)."""

    later_id: int
    earlier_id: int
    matches: list[Match]
    summary: EdgeSummary
    later_skip: AbstractSet[int]
    earlier_skip: AbstractSet[int]


class Profiled:
    """A document as the matcher sees it: its sentences' profiles (made when first needed) and the
    positions left out (boilerplate, notices, credit lines)."""

    __slots__ = ("_profiles", "config", "doc", "skip")

    def __init__(
        self,
        doc: StoredDocument,
        skip: set[int] | None,
        config: MatchConfig,
        profiles: list[Profile | None] | None = None,
    ) -> None:
        self.doc = doc
        self.skip = skip
        self.config = config
        self._profiles: list[Profile | None] = [None] * len(doc.sentences) if profiles is None else profiles

    @property
    def skip_positions(self) -> set[int]:
        if self.skip is None:
            raise RuntimeError(f"document {self.doc.id}: positions left out not found yet")
        return self.skip

    def profile(self, i: int) -> Profile:
        found = self._profiles[i]
        if found is None:
            s = self.doc.sentences[i]
            piece = self.doc.text[s.start : s.end]
            found = self._profiles[i] = profile(Sentence(s.position, piece, normalise(piece)), self.config)
        return found

    def kept(self) -> list[Profile]:
        skip = self.skip_positions
        return [self.profile(i) for i, s in enumerate(self.doc.sentences) if s.position not in skip]

    def sentences(self) -> list[Sentence]:
        skip = self.skip_positions
        out = []
        for i, s in enumerate(self.doc.sentences):
            p = self.profile(i).sentence
            out.append(Sentence(p.position, p.text, p.norm, s.position in skip))
        return out


def examine(earlier: Profiled, later: Profiled, config: MatchConfig) -> Found | None:
    """Align two documents (their positions left out found), in this direction: the reuse, or None."""
    earlier_sentences, later_sentences = earlier.sentences(), later.sentences()
    found = evidence_matches(
        align_profiles(earlier.kept(), later.kept(), config=config),
        earlier_sentences,
        later_sentences,
        config=config,
    )
    if not found:
        return None
    summary = summarise(found, earlier_sentences, later_sentences, config=config)
    return Found(later.doc.id, earlier.doc.id, found, summary, later.skip_positions, earlier.skip_positions)


# A pair as sent to a worker: each document with its positions left out (earlier first).
PairTask = tuple[StoredDocument, frozenset[int], StoredDocument, frozenset[int]]


class Pending:
    """One article's pairs, submitted: their results (None where a pair is no reuse), in order."""

    __slots__ = ("_done", "config", "future", "pairs")

    def __init__(self, pairs: Sequence[tuple[Profiled, Profiled]], config: MatchConfig) -> None:
        self.pairs, self.config = pairs, config
        self.future: Future[list[Found | None]] | None = None  # once sent to a worker
        self._done: list[Found | None] | None = None

    def here(self) -> list[Found | None]:
        """Examine the pairs in this process."""
        self._done = [examine(earlier, later, self.config) for earlier, later in self.pairs]
        return self._done

    def result(self) -> list[Found | None]:
        if self._done is not None:
            return self._done
        if self.future is None:
            return self.here()
        try:
            self._done = self.future.result()
        except BrokenProcessPool:  # a worker died (killed, out of memory): examined here instead
            return self.here()
        return self._done


class PairExaminer:
    """Examines the pairs detection plans, in up to ``workers`` other processes.

    :meth:`start_for` is asked before each batch's transaction: the workers are started for the first
    batch of at least ``min_articles`` articles (a few small ones are quicker in this process than
    the workers' start). While they run (:attr:`parallel`), :meth:`submit` queues one article's
    pairs for them (two articles a worker in flight, the next sent as one comes back); before, it
    examines them at once, here. :meth:`results` gives a batch's results in order, this process
    taking the articles still queued from the last one back instead of waiting. A worker that dies
    loses nothing: its pairs are examined here, and the workers are not started again. Use it as a
    context manager: leaving it stops the workers (after the pairs they are examining).

    The workers are forked (spawned where there is no fork) before the batch's transaction begins,
    as ``prepare``'s are: a forked worker never touches the store's connections or the index it
    inherits, and needs no ``if __name__ == "__main__"`` guard in the caller's script.
    """

    def __init__(self, workers: int, *, min_articles: int | None = None) -> None:
        self.workers = workers
        self.min_articles = PARALLEL_MIN_ARTICLES if min_articles is None else min_articles
        self.broken = False  # a worker died: pairs are examined here from then on
        self._pool: ProcessPoolExecutor | None = None
        self._queue: deque[Pending] = deque()  # submitted, not sent to a worker yet
        self._in_flight = 0
        self._lock = threading.RLock()  # completions are handled in the executor's thread

    def __enter__(self) -> PairExaminer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
            self._queue.clear()
        if pool is not None:
            pool.shutdown(wait=True)

    @property
    def parallel(self) -> bool:
        """Whether the workers are running (pairs submitted go to them)."""
        return self._pool is not None

    def start_for(self, articles: int) -> bool:
        """Start the workers if a batch of ``articles`` calls for them; whether they run now."""
        if self._pool is None and not self.broken and self.workers >= 1 and articles >= self.min_articles:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_worker_init)
            # Forked now, not at the first pair (inside the transaction).
            for f in [pool.submit(_ready) for _ in range(self.workers)]:
                f.result()
            self._pool = pool
        return self._pool is not None

    def submit(self, pairs: Sequence[tuple[Profiled, Profiled]], config: MatchConfig) -> Pending:
        pending = Pending(pairs, config)
        if not pairs or self._pool is None:
            pending.here()
            return pending
        with self._lock:
            self._queue.append(pending)
            self._send()
        return pending

    def results(self, pending: Sequence[Pending]) -> Iterator[list[Found | None]]:
        """The results of these submissions, in order; those no worker has taken are examined here."""
        while True:
            with self._lock:
                if not self._queue:
                    break
                last = self._queue.pop()
            last.here()
        for p in pending:
            yield p.result()

    def _send(self) -> None:
        """Send queued articles to the workers, up to two a worker in flight (under the lock)."""
        while self._pool is not None and self._queue and self._in_flight < 2 * self.workers:
            pending = self._queue.popleft()
            tasks: list[PairTask] = [
                (a.doc, frozenset(a.skip_positions), b.doc, frozenset(b.skip_positions))
                for a, b in pending.pairs
            ]
            try:
                pending.future = self._pool.submit(_examine_tasks, tasks, pending.config)
            except BrokenProcessPool:
                self._queue.appendleft(pending)
                self._lost()
                return
            self._in_flight += 1
            pending.future.add_done_callback(self._came_back)

    def _came_back(self, future: Future[list[Found | None]]) -> None:
        with self._lock:
            self._in_flight -= 1
            if isinstance(future.exception(), BrokenProcessPool):
                self._lost()
            else:
                self._send()

    def _lost(self) -> None:
        """A worker died: no more pairs go to the workers (under the lock)."""
        self.broken = True
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False)


# --- in a worker -----------------------------------------------------------------------------------

_cache: OrderedDict[tuple[int, str], list[Profile | None]] = OrderedDict()
_cache_config: list[MatchConfig] = []


def _ready() -> None:
    """A first task: the worker runs."""


def _worker_init() -> None:
    """Workers leave Ctrl-C to the main process, which stops them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _examine_tasks(tasks: list[PairTask], config: MatchConfig) -> list[Found | None]:
    if _cache_config != [config]:  # profiles depend on the configuration
        _cache.clear()
        _cache_config[:] = [config]
    return [
        examine(_profiled(earlier, set(e_skip), config), _profiled(later, set(l_skip), config), config)
        for earlier, e_skip, later, l_skip in tasks
    ]


def _profiled(doc: StoredDocument, skip: set[int], config: MatchConfig) -> Profiled:
    """The document with the profiles this worker made of it before (a document's text never changes
    under its id while it is stored; the text is part of the key all the same)."""
    key = (doc.id, doc.text)
    profiles = _cache.get(key)
    if profiles is None or len(profiles) != len(doc.sentences):
        profiles = _cache[key] = [None] * len(doc.sentences)
    else:
        _cache.move_to_end(key)
    while len(_cache) > WORKER_CACHE_DOCUMENTS:
        _cache.popitem(last=False)
    return Profiled(doc, skip, config, profiles)
