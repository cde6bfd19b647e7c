"""``provenance check [--repair]``: is a store sound, and rebuild what is derived when it is not.

What is checked, in order: SQLite's ``integrity_check``; the schema revision (at the code's head, else
nothing more is checked); orphaned rows; every document's sentences (positions 0..n-1 as counted,
offsets in order inside the text, every letter and digit of the text inside a sentence), their
fingerprints and evidence flags and the document's postings in the candidate index against a fresh
computation by the functions ingest uses (``prepare.new_sentence``, ``licences.licence_spans``,
``reuse.postings_of``); the index against ``common_keys``; every reuse edge against its matches: its
figures recomputed from them by the detector's own summary (``match.summarise``, with the sentences
left out as ``match.excluded_positions`` finds them now), the direction (``match.is_earlier``, ties by
the texts' digests) and the derivation class.

An edge's coverage (and source share) is a share of the article's sentences that were evidence when
the pair was detected: a sentence that became boilerplate since (its footer recurred in more
documents) or stopped being so (documents deleted) changes today's denominator, not the edge. So a
coverage that differs from today's computation is a problem only when it is no share
``matched / n`` of any possible count ``n`` of evidence sentences (from the matched ones to all that
are not notices or credit lines).

``repair=True`` rebuilds what is derived from the documents, in one transaction: fingerprints and
evidence flags, the documents' postings, common keys, the edges and matches of the documents whose
edges are wrong (detected again, as ``set_document`` does), and deletes orphaned rows of derived tables.
It never changes a document (nor a licence note, publisher or alias); a problem only a document's
change could fix is reported, not repaired. The store is then checked again: a problem it no longer
finds is marked repaired.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any
from dataclasses import dataclass, field, replace

from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from provenance.errors import StoreError
from provenance.licences import licence_spans
from provenance.match import (
    DEFAULT_CONFIG,
    DEFAULT_DETECT,
    KINDS,
    DetectConfig,
    Match,
    MatchConfig,
    Sentence,
    derivation_of,
    is_earlier,
    summarise,
)
from provenance.prepare import new_sentence
from provenance.results import StoreCheck, StoreProblem
from provenance.api.index import index_state, rebuild_index, store_engine, writing
from provenance.reuse import CandidateIndex, Detector, NewArticle, SqlKeyIndex, excluded_now, postings_of
from provenance.reuse import lmdb_index
from provenance.store import Store, documents, edges, integrity
from provenance.store.engine import (
    current_revision,
    describe,
    head_revision,
    refuse_foreign,
    require_existing,
    resolve_url,
    sqlite_file,
)
from provenance.store.records import NewSentence, StoredDocument
from provenance.text import normalise

DOCUMENTS_PER_STEP = 200
EDGES_PER_STEP = 200

# What to do by hand about a problem ``--repair`` cannot fix (it never changes a document).
BY_HAND = {
    "integrity": "the SQLite file is damaged: restore a backup (or try `sqlite3 FILE .recover`)",
    "revision": "run `provenance db upgrade` (or upgrade provenance, for a newer store)",
    "orphan": "not derived data: check never deletes it; delete or mend the rows by hand",
    "sentences": "re-ingest the document: check never changes a document or its sentences' offsets",
}


@dataclass
class _Found:
    problems: list[StoreProblem] = field(default_factory=list)
    # what --repair would do
    sentence_fixes: list[tuple[int, NewSentence]] = field(default_factory=list)
    key_fixes: dict[int, list[tuple[int, int, int]]] = field(default_factory=dict)
    redetect: set[int] = field(default_factory=set)
    orphan_tables: list[int] = field(default_factory=list)
    weak_common: set[int] = field(default_factory=set)
    common_postings: bool = False
    crowded: bool = False
    lmdb: bool = False  # the store's index is LMDB (``provenance.reuse.lmdb_index``)
    behind: bool = False  # ... and it lacks what the store has: replayed by --repair
    rebuild: bool = False  # ... and it holds what it should not: rebuilt by --repair
    edges: int = 0

    def add(self, kind: str, message: str, *, derived: bool = True) -> None:
        """A problem; ``derived=False``: ``--repair`` cannot fix it (see ``BY_HAND``)."""
        self.problems.append(StoreProblem(kind, message, by_hand=None if derived else BY_HAND[kind]))


def check(
    store: Store,
    *,
    repair: bool = False,
    match_config: MatchConfig = DEFAULT_CONFIG,
    detect_config: DetectConfig = DEFAULT_DETECT,
) -> StoreCheck:
    """Check the store (see the module's docstring); with ``repair``, rebuild what is derived and check
    again. Open the store with ``Store(url, check_schema=False)`` (read-only unless repairing): a store
    at another revision is a problem to report, not an error."""
    where = describe(store.url)
    try:
        with store.read() as conn:
            refuse_foreign(conn, store.url)
            found, revision, count = _check(store, conn, match_config, detect_config)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot check store {where}: {getattr(exc, 'orig', None) or exc}") from exc
    problems = found.problems
    blocked = any(p.kind in ("integrity", "revision") for p in problems)
    if repair and problems and not blocked:  # a damaged file or another schema: nothing is written
        _repair(store, found, match_config, detect_config)
        with store.read() as conn:
            again, revision, count = _check(store, conn, match_config, detect_config)
        found.edges = again.edges
        left = {(p.kind, p.message) for p in again.problems}
        problems = [replace(p, repaired=(p.kind, p.message) not in left) for p in problems]
        problems += [
            p for p in again.problems if (p.kind, p.message) not in {(q.kind, q.message) for q in problems}
        ]
    return StoreCheck(
        store=where,
        revision=revision,
        documents=count,
        edges=found.edges,
        problems=problems,
        repair=repair,
        sound=all(p.repaired for p in problems),
    )


def _check(
    store: Store, conn: Connection, match_config: MatchConfig, detect_config: DetectConfig
) -> tuple[_Found, str | None, int]:
    found = _Found()
    for line in integrity.integrity_errors(conn):
        found.add("integrity", f"SQLite integrity_check: {line}", derived=False)
    revision, head = current_revision(conn), head_revision()
    if revision != head:
        found.add("revision", f"schema revision {revision or 'none'}, the code's is {head}", derived=False)
        return found, revision, 0
    orphaned = set()
    for i, table, what, n, derived in integrity.orphans(conn):
        found.add("orphan", f"{table}: {n} rows {what}", derived=derived)
        orphaned.add(table)
        if derived:
            found.orphan_tables.append(i)
    for (table, parent), n in integrity.foreign_key_problems(conn).items():
        if table not in orphaned:  # the same rows as an orphan line already names, else a new kind
            found.add(
                "orphan",
                f"{table}: {n} rows whose foreign key points at no {parent} row (PRAGMA foreign_key_check)",
                derived=False,
            )
    counts = integrity.sentence_counts(conn)
    ids = list(counts)
    common = integrity.common_keys(conn)
    weak = integrity.weak_common_keys(conn, detect_config.max_key_postings)
    if weak:
        found.add(
            "index",
            f"common_keys: {len(weak)} keys entered as too common with at most "
            f"{detect_config.max_key_postings} postings (max_key_postings): their postings were dropped wrongly",
        )
        found.weak_common = weak
        common -= weak
    if store_engine(conn) == "lmdb":
        _check_lmdb(store, conn, ids, counts, common, detect_config, found)
        _check_edges(conn, _index_as_is(store, conn), found, match_config, detect_config)
        for doc_id in integrity.later_documents_of_loose_matches(conn):
            found.redetect.add(doc_id)
        return found, revision, len(ids)
    held = integrity.postings_per_document(conn)
    for docs in _steps(conn, ids):
        for doc in docs:
            present = integrity.document_postings
            _check_document(conn, doc, counts[doc.id], common, held.get(doc.id, 0), found, present)
    n = integrity.common_key_postings(conn)
    if n:
        found.add("index", f"sentence_keys: {n} postings under keys entered in common_keys")
        found.common_postings = True
    n = integrity.crowded_keys(conn, detect_config.max_key_postings)
    if n:
        found.add(
            "index",
            f"sentence_keys: {n} keys held by more than {detect_config.max_key_postings} sentences "
            "(max_key_postings) are not entered in common_keys",
        )
        found.crowded = True
    _check_edges(conn, SqlKeyIndex(conn), found, match_config, detect_config)
    for doc_id in integrity.later_documents_of_loose_matches(conn):
        found.redetect.add(doc_id)
    return found, revision, len(ids)


def _steps(conn: Connection, ids: list[int]) -> Iterator[list[StoredDocument]]:
    for i in range(0, len(ids), DOCUMENTS_PER_STEP):
        loaded = documents.load_documents(conn, ids[i : i + DOCUMENTS_PER_STEP])
        yield [loaded[d] for d in ids[i : i + DOCUMENTS_PER_STEP]]


def _uncovered(text: str, spans: Iterable[tuple[int, int]]) -> int:
    """Letters and digits of ``text`` outside every span."""
    inside = bytearray(len(text))
    for start, end in spans:
        inside[max(start, 0) : max(end, 0)] = b"\x01" * (max(end, 0) - max(start, 0))
    return sum(1 for i, c in enumerate(text) if not inside[i] and c.isalnum())


def _index_as_is(store: Store, conn: Connection) -> CandidateIndex:
    """The store's LMDB index read as it is, in step or not (check reports; it never catches up)."""
    from provenance.api.index import _lmdb_path, recompute

    return lmdb_index.LmdbKeyIndex(
        conn, _lmdb_path(store), recompute, store.read, write=False, catch_up=False, as_is=True
    )


def _check_lmdb(
    store: Store,
    conn: Connection,
    ids: list[int],
    counts: dict[int, int],
    common: set[int],
    detect_config: DetectConfig,
    found: _Found,
) -> None:
    """The LMDB index against the store: its high-water mark and pending edits, then (when in step)
    every document's postings, the total held, postings under common keys and crowded keys."""
    found.lmdb = True
    now = index_state(store)
    assert now is not None
    path = lmdb_index.index_dir(sqlite_file(store.url))  # type: ignore[arg-type]
    if not now.in_step:
        found.add(
            "index",
            f"{path}: out of step with the store: holds the postings of documents up to "
            f"{now.hwm if now.hwm is not None else 'none (never built)'} (its high-water mark), the store "
            f"has documents up to {now.store_max}, {now.pending} edits pending",
        )
        found.behind = True
        return
    expected_total = 0
    with lmdb_index.read_txn(path) as opened:
        assert opened is not None
        txn, db = opened

        def present(_conn: Connection, doc_id: int, keys: Iterable[int]) -> set[tuple[int, int]]:
            return lmdb_index.document_postings(txn, db, doc_id, keys)

        for docs in _steps(conn, ids):
            for doc in docs:
                expected_total += _check_document(conn, doc, counts[doc.id], common, -1, found, present)
        in_common = sum(1 for k, _ in lmdb_index.key_counts(txn, db) if k in common)
        crowded = sum(1 for _, n in lmdb_index.key_counts(txn, db) if n > detect_config.max_key_postings)
    if in_common:
        found.add("index", f"{path}: postings under {in_common} keys entered in common_keys")
        found.rebuild = True
    if crowded:
        found.add(
            "index",
            f"{path}: {crowded} keys held by more than {detect_config.max_key_postings} sentences "
            "(max_key_postings) are not entered in common_keys",
        )
        found.crowded = True
    stray = now.postings - expected_total
    if stray > 0 and not in_common and not found.key_fixes:
        found.add("index", f"{path}: {stray} postings of no stored sentence")
        found.rebuild = True


def _check_document(
    conn: Connection,
    doc: StoredDocument,
    expected_count: int,
    common: set[int],
    held: int,
    found: _Found,
    present_postings: Any,
) -> int:
    """Checks one document; returns the postings it should have (``held`` -1: not counted by document)."""
    name = f"document {doc.id}"
    text, stored = doc.text, doc.sentences
    positions = [s.position for s in stored]
    spans = [(s.start, s.end) for s in stored]
    ordered = all(0 <= a < b <= len(text) for a, b in spans) and all(
        spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1)
    )
    if positions != list(range(len(stored))) or expected_count != len(stored) or not ordered:
        found.add(
            "sentences",
            f"{name}: {len(stored)} sentences (documents.sentence_count {expected_count}), positions or "
            "offsets out of order or outside the text",
            derived=False,
        )
        return 0
    missing = _uncovered(text, spans)
    if missing:  # its sentences are wrong: nothing derived from them can be rebuilt
        found.add(
            "sentences", f"{name}: {missing} letters or digits of its text are in no sentence", derived=False
        )
        return 0
    _, not_evidence = licence_spans(text, spans)
    fresh = [
        new_sentence(s.position, text, s.start, s.end, evidence=s.position not in not_evidence)
        for s in stored
    ]
    wrong_fp = [s.position for s, f in zip(stored, fresh, strict=True) if s.fingerprint != f.fingerprint]
    wrong_ev = [s.position for s, f in zip(stored, fresh, strict=True) if s.evidence != f.evidence]
    if wrong_fp:
        found.add(
            "fingerprint",
            f"{name}: {len(wrong_fp)} sentences' fingerprints differ from a fresh computation (first at position {wrong_fp[0]})",
        )
    if wrong_ev:
        found.add(
            "evidence",
            f"{name}: {len(wrong_ev)} sentences' evidence flags differ from a fresh computation (first at position {wrong_ev[0]})",
        )
    for s, f in zip(stored, fresh, strict=True):
        if s.fingerprint != f.fingerprint or s.evidence != f.evidence:
            found.sentence_fixes.append((doc.id, f))
    expected = {(k, p) for k, _, p in postings_of(doc.id, fresh, common)}
    present = present_postings(conn, doc.id, {k for k, _ in expected})
    if held < 0:
        held = len(present)
    if present != expected or held != len(expected):
        lacking = len(expected - present)
        found.add(
            "keys",
            f"{name}: candidate-index postings differ from a fresh computation "
            f"({lacking} missing, {held - len(present)} not expected)",
        )
        found.key_fixes[doc.id] = [(k, doc.id, p) for k, p in expected]
        found.redetect.add(doc.id)
    return len(expected)


def _check_edges(
    conn: Connection,
    index: CandidateIndex,
    found: _Found,
    match_config: MatchConfig,
    detect_config: DetectConfig,
) -> None:
    """Every edge against its matches, recomputed as the detector computes an edge: the matches that
    are evidence, summarised over both articles' sentences with those left out marked (today's
    boilerplate, notices and credit lines; see the module's docstring for the coverage)."""
    rows = integrity.edge_rows(conn)
    found.edges = len(rows)
    for i in range(0, len(rows), EDGES_PER_STEP):
        step = rows[i : i + EDGES_PER_STEP]
        loaded = documents.load_documents(conn, {d for e in step for d in (e.later_id, e.earlier_id)})
        skips = excluded_now(index, loaded.values(), detect_config)
        stored = edges.matches_as_later(conn, sorted({e.later_id for e in step}))
        for e in step:
            pairs = [m for ms in stored[e.later_id].values() for m in ms if m.earlier_id == e.earlier_id]
            wrong = _edge_problems(e, pairs, loaded, skips, match_config)
            if wrong:
                found.add("edge", f"edge {e.later_id} <- {e.earlier_id}: {'; '.join(wrong)}")
                found.redetect.add(e.later_id)


def _edge_problems(
    e: Any,
    pairs: list[Any],
    loaded: dict[int, StoredDocument],
    skips: dict[int, set[int]],
    config: MatchConfig,
) -> list[str]:
    later, earlier = loaded[e.later_id], loaded[e.earlier_id]
    wrong = []
    if not is_earlier(
        e.earlier_id, e.earlier_date, e.later_id, e.later_date, a_tie=e.earlier_sha256, b_tie=e.later_sha256
    ):
        wrong.append(
            "the earlier article is not the earlier one (dates, then the texts' digests or ingest order)"
        )
    later_at = {s.position: s for s in later.sentences}
    earlier_at = {s.position: s for s in earlier.sentences}
    pairs = [m for m in pairs if m.later_position in later_at and m.earlier_position in earlier_at]
    if not pairs:  # (matches of sentences that do not exist are orphans, named as such)
        return [*wrong, "no matches"]
    matches = [
        Match(m.later_position, m.earlier_position, "", "", m.kind, m.score, bool(m.quote)) for m in pairs
    ]
    # A matched sentence was evidence when the pair was detected (only those are aligned).
    later_s = _sentences(later, skips[later.id] - {m.later_position for m in matches})
    earlier_s = _sentences(earlier, skips[earlier.id] - {m.earlier_position for m in matches})
    summary = summarise(matches, earlier_s, later_s, config=config)
    counted = sum(summary.kinds.values())
    if counted != len(matches):
        wrong.append(f"{len(matches) - counted} of its {len(matches)} matches are no evidence of reuse")
    for column, kind in zip(("verbatim", "near_verbatim", "paraphrase"), KINDS, strict=True):
        if getattr(e, column) != summary.kinds.get(kind, 0):
            wrong.append(f"{column} {getattr(e, column)}, its matches say {summary.kinds.get(kind, 0)}")
    quotes = sum(1 for m in matches if m.quote)
    if e.quotes != quotes:
        wrong.append(f"quotes {e.quotes}, its matches say {quotes}")
    if e.matched_sentences != summary.matched_sentences:
        wrong.append(f"matched_sentences {e.matched_sentences}, its matches say {summary.matched_sentences}")
    evidence_later = sum(1 for s in later.sentences if s.evidence)
    evidence_earlier = sum(1 for s in earlier.sentences if s.evidence)
    if e.coverage != summary.coverage and not _a_share(e.coverage, summary.matched_sentences, evidence_later):
        wrong.append(
            f"coverage {e.coverage:.4g} is no share of its {summary.matched_sentences} matched sentences "
            f"in the later article's {evidence_later} (recomputed: {summary.coverage:.4g})"
        )
    matched_earlier = len({m.earlier_position for m in matches})
    if e.source_share != summary.source_share and not _a_share(
        e.source_share, matched_earlier, evidence_earlier
    ):
        wrong.append(
            f"source_share {e.source_share:.4g} is no share of its {matched_earlier} matched sentences "
            f"in the earlier article's {evidence_earlier} (recomputed: {summary.source_share:.4g})"
        )
    if e.derivation != derivation_of(e.coverage, e.matched_sentences, config=config):
        wrong.append(f"derivation {e.derivation!r} for coverage {e.coverage:.4g}")
    return wrong


def _sentences(doc: StoredDocument, skip: set[int]) -> list[Sentence]:
    """A stored document's sentences as the matcher sees them (``Sentence``), ``skip`` marked left out."""
    out = []
    for s in doc.sentences:
        piece = doc.text[s.start : s.end]
        out.append(Sentence(s.position, piece, normalise(piece), s.position in skip))
    return out


def _a_share(value: float, matched: int, most: int) -> bool:
    """Whether ``value`` is ``matched / n`` (as ``summarise`` computes it) for some whole ``n`` from
    ``matched`` to ``most``: a coverage the pair could have had with another set of boilerplate."""
    if matched == 0 or value <= 0:
        return matched == 0 and value == 0
    n = round(matched / value)
    return any(matched <= k <= most and matched / k == value for k in (n - 1, n, n + 1))


def _repair(store: Store, found: _Found, match_config: MatchConfig, detect_config: DetectConfig) -> None:
    if not found.lmdb:
        with store.begin() as conn:
            _repair_in(conn, SqlKeyIndex(conn), found, match_config, detect_config)
        return
    # The LMDB index: what the store holds first, then the index rebuilt from it (when it holds what
    # it should not) or caught up (when it lacks what the store has), then the edges detected again.
    with store.begin() as conn:
        for i in found.orphan_tables:
            integrity.delete_orphans(conn, i)
        if found.weak_common:
            integrity.delete_common_keys(conn, found.weak_common)
        for doc_id, sentence in found.sentence_fixes:
            integrity.update_sentence(
                conn, doc_id, sentence.position, sentence.fingerprint, sentence.evidence
            )
    if found.rebuild or found.key_fixes or found.weak_common or found.sentence_fixes:
        rebuild_index(store)
    with writing(store) as (conn, index):
        index.lock()  # (catches up)
        if found.crowded or found.key_fixes:
            index.sweep(detect_config.max_key_postings)
        _redetect(conn, index, found, match_config, detect_config)


def _repair_in(
    conn: Connection,
    index: CandidateIndex,
    found: _Found,
    match_config: MatchConfig,
    detect_config: DetectConfig,
) -> None:
    index.lock()
    for i in found.orphan_tables:
        integrity.delete_orphans(conn, i)
    if found.weak_common:  # their postings come back with the documents' below
        integrity.delete_common_keys(conn, found.weak_common)
    for doc_id, sentence in found.sentence_fixes:
        integrity.update_sentence(conn, doc_id, sentence.position, sentence.fingerprint, sentence.evidence)
    for doc_id, postings in found.key_fixes.items():
        integrity.replace_document_postings(conn, doc_id, postings)
    if found.common_postings:
        integrity.drop_common_key_postings(conn)
    if found.crowded or found.key_fixes:  # postings written again may make keys too common
        index.sweep(detect_config.max_key_postings)
    _redetect(conn, index, found, match_config, detect_config)


def _redetect(
    conn: Connection,
    index: CandidateIndex,
    found: _Found,
    match_config: MatchConfig,
    detect_config: DetectConfig,
) -> None:
    redetect = sorted(found.redetect & set(integrity.sentence_counts(conn)))
    for doc_id in redetect:  # as set_document re-detects a document: both directions, every candidate
        stored = documents.load_documents(conn, [doc_id])[doc_id]
        edges.delete_edges_of(conn, doc_id)
        sentences = [
            new_sentence(s.position, stored.text, s.start, s.end, evidence=s.evidence)
            for s in stored.sentences
        ]
        detector = Detector(conn, index, config=detect_config, match_config=match_config)
        detector.detect_batch([NewArticle.build(doc_id, stored.published_at, stored.text, sentences)])


def check_store(
    url: str | None = None,
    *,
    repair: bool = False,
    match_config: MatchConfig = DEFAULT_CONFIG,
    detect_config: DetectConfig = DEFAULT_DETECT,
) -> StoreCheck:
    """Open the store at ``url`` (``$PROVENANCE_DB``, ./provenance.db) and :func:`check` it: read-only
    unless ``repair``; at any revision (a revision other than the code's is one problem)."""
    if repair:
        require_existing(resolve_url(url))  # repairing creates no store either
    with Store(url, check_schema=False, read_only=not repair) as store:
        return check(store, repair=repair, match_config=match_config, detect_config=detect_config)
