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
from collections import OrderedDict
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from multiprocessing.pool import Pool
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


class PairExaminer:
    """Examines the pairs detection plans, in up to ``workers`` other processes.

    :meth:`start_for` is asked before each batch's transaction: the workers are started for the first
    batch of at least ``min_articles`` articles (a few small ones are quicker in this process than
    the workers' start). While they run (:attr:`parallel`), ``submit`` sends one article's pairs to
    them and returns a function that waits for their results (None where a pair is no reuse), in the
    pairs' order; before, it examines them at once, here. Use it as a context manager: leaving it
    stops the workers.

    The workers are forked (spawned where there is no fork) before the batch's transaction begins,
    as ``prepare``'s are: a forked worker never touches the store's connections or the index it
    inherits, and needs no ``if __name__ == "__main__"`` guard in the caller's script.
    """

    def __init__(self, workers: int, *, min_articles: int | None = None) -> None:
        self.workers = workers
        self.min_articles = PARALLEL_MIN_ARTICLES if min_articles is None else min_articles
        self._pool: Pool | None = None

    def __enter__(self) -> PairExaminer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    @property
    def parallel(self) -> bool:
        """Whether the workers are running (pairs submitted go to them)."""
        return self._pool is not None

    def start_for(self, articles: int) -> bool:
        """Start the workers if a batch of ``articles`` calls for them; whether they run now."""
        if self._pool is None and self.workers >= 1 and articles >= self.min_articles:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            self._pool = context.Pool(self.workers, initializer=_worker_init)
        return self._pool is not None

    def submit(
        self, pairs: Sequence[tuple[Profiled, Profiled]], config: MatchConfig
    ) -> Callable[[], list[Found | None]]:
        if self._pool is None or not pairs:
            done = [examine(earlier, later, config) for earlier, later in pairs]
            return lambda: done
        tasks: list[PairTask] = [
            (a.doc, frozenset(a.skip_positions), b.doc, frozenset(b.skip_positions)) for a, b in pairs
        ]
        pending = self._pool.apply_async(_examine_tasks, (tasks, config))
        return pending.get


# --- in a worker -----------------------------------------------------------------------------------

_cache: OrderedDict[tuple[int, str], list[Profile | None]] = OrderedDict()
_cache_config: list[MatchConfig] = []


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
