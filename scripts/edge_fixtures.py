"""Freeze the reuse detection's output (``reuse_edges`` and ``matches``) as fixtures, and compare with them.

``tests/test_same_edges.py`` ingests each corpus below into a fresh SQLite store and fails when the
edges or matches differ from ``tests/fixtures/edges/<corpus>.json[.gz]``: a guard for refactoring the
package without changing what it detects.

Corpora:

* ``seeds``: ``seeds/000_*`` dated 2022-10-15, then ``seeds/002_*`` dated 2022-10-16 (as
  tests/cli/test_reuse.py ingests them); ``seeds-backfill``: the same two, 002 first (its "backfill" order).
* ``clough``: Clough & Stevenson from ../shared/eval, as ``bench/accuracy.py --part store`` ingests it:
  the 5 sources dated 2011-01-01, then the answers listed in file_information.csv, sorted by file name,
  dated 2011-01-02.
* ``generated``: ``bench/corpus.py``'s ``generate(out, articles=1000, eval_dir=...)`` (seed 1, defaults),
  its JSONL shards ingested in order. The fixture holds the shards' SHA-256, to tell a changed corpus
  from a changed detection.

Documents are named by file name (``articles-00000.jsonl#LINE`` for the generated shards), floats are
rounded to 6 places. The fixtures hold names, dates, positions, kinds and figures, never text: the
evaluation data's licences forbid copying it.

Regenerate (only when a change of detection is intended), from the code to freeze, with that checkout
first on sys.path (it must be the one imported; the script prints which it is)::

    cd CHECKOUT && PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=CHECKOUT \\
        /work/main/.venv/bin/python /work/main/scripts/edge_fixtures.py [--corpus all] [--eval PATH]

``--out`` defaults to tests/fixtures/edges beside this script; ``--eval`` to ../shared/eval beside the
checkout. ``--check`` compares instead of writing (exit status 1 on a difference).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import json
import sys
import tempfile
import time
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import provenance
from sqlalchemy import text

FORMAT = "edge-fixtures 1"
FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "edges"
CORPORA = ("seeds", "seeds-backfill", "clough", "generated")
NEEDS_EVAL = {"clough", "generated"}
GZIP_OVER = 1_000_000  # bytes of JSON above which the fixture is written gzipped
GENERATED_ARTICLES = 1000
TASKS = "abcde"

EDGE_COLUMNS = ("later", "earlier", "matched_sentences", "coverage", "source_share", "verbatim",
                "near_verbatim", "paraphrase", "quotes", "derivation")  # fmt: skip
MATCH_COLUMNS = ("later", "later_position", "earlier", "earlier_position", "kind", "score", "quote")
DOCUMENT_COLUMNS = ("name", "published_at", "sentence_count")

Row = tuple[Any, ...]
Snapshot = dict[str, Any]


def code_root() -> Path:
    """The checkout whose ``provenance`` is imported (its bench/ and seeds/ go with its code)."""
    return Path(provenance.__file__).resolve().parents[1]


# --------------------------------------------------------------------------------------------------
# Ingesting the corpora (each into an empty store); each returns the directory document names are taken from


def ingest_seeds(store: Any, repo: Path, *, backfill: bool = False) -> dict[str, Any]:
    steps = [
        ("000_19c93ae14d6297da.txt", datetime(2022, 10, 15)),
        ("002_ef60c64282a98839.txt", datetime(2022, 10, 16)),
    ]
    for name, date in reversed(steps) if backfill else steps:
        provenance.ingest(store, [str(repo / "seeds" / name)], published_at=date)
    return {"base": repo / "seeds"}


def ingest_clough(store: Any, eval_dir: Path) -> dict[str, Any]:
    """As bench/accuracy.py's ``clough_stevenson_store``: the sources, then the labelled answers by name."""
    base = eval_dir / "clough-stevenson"
    labels = load_bench(Path(__file__).resolve().parents[1], "evaldata").clough_labels(eval_dir)
    sources = [base / f"orig_task{t}.txt" for t in TASKS]
    answers = [p for p in sorted(base.glob("g*p*_task*.txt")) if p.name in labels]
    provenance.ingest(store, [str(p) for p in sources], published_at=datetime(2011, 1, 1))
    provenance.ingest(store, [str(p) for p in answers], published_at=datetime(2011, 1, 2))
    return {"base": base}


def load_bench_corpus(repo: Path) -> ModuleType:
    """``bench/corpus.py`` of ``repo`` as a module."""
    return load_bench(repo, "corpus")


def load_bench(repo: Path, name: str) -> ModuleType:
    """``bench/NAME.py`` of ``repo`` as a module (bench/ is scripts, not a package)."""
    path = repo / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"error: cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def generate_corpus(out: Path, eval_dir: Path, repo: Path) -> list[Path]:
    """The 1k generated corpus (bench/corpus.py, as bench/scale.py calls it); its shards in order."""
    corpus = load_bench_corpus(repo)
    corpus.generate(out, articles=GENERATED_ARTICLES, eval_dir=eval_dir, jobs=1, log=lambda _msg: None)
    manifest = corpus.read_manifest(out)
    return [out / s["file"] for s in manifest["shards"]]


def shards_digest(shards: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in shards:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def ingest_generated(store: Any, shards: list[Path]) -> dict[str, Any]:
    provenance.ingest(store, [str(p) for p in shards])
    return {"base": shards[0].parent, "corpus_sha256": shards_digest(shards)}


# --------------------------------------------------------------------------------------------------
# Reading the store


def _name(source: str, base: Path) -> str:
    """A document's stable name: its source relative to the corpus directory ("file#LINE" for JSONL)."""
    path, sep, line = source.rpartition("#")
    if not (sep and line.isdigit()):
        path, sep, line = source, "", ""
    p = Path(path)
    try:
        rel = p.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        rel = p.name
    return rel + sep + line


def _when(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.isoformat()


def _f(x: Any) -> float:
    return round(float(x), 6)


def snapshot(store: Any, base: Path) -> Snapshot:
    """Documents, edges and matches of the store, documents named relative to ``base``, rows sorted."""
    with store.engine.connect() as conn:
        docs = conn.execute(text("SELECT id, source, published_at, sentence_count FROM documents")).all()
        name_of = {i: _name(src, base) for i, src, _, _ in docs}
        if len(set(name_of.values())) != len(name_of):
            raise ValueError("two documents have the same name")
        edges = conn.execute(
            text(
                "SELECT later_id, earlier_id, matched_sentences, coverage, source_share, verbatim, "
                "near_verbatim, paraphrase, quotes, derivation FROM reuse_edges"
            )
        ).all()
        matches = conn.execute(
            text(
                "SELECT later_id, later_position, earlier_id, earlier_position, kind, score, quote "
                "FROM matches"
            )
        ).all()
    return {
        "documents": sorted((name_of[i], _when(at), int(n)) for i, _, at, n in docs),
        "edges": sorted(
            (name_of[lat], name_of[ear], int(m), _f(c), _f(s), int(v), int(nv), int(p), int(q), str(d))
            for lat, ear, m, c, s, v, nv, p, q, d in edges
        ),
        "matches": sorted(
            (name_of[lat], int(lp), name_of[ear], int(ep), str(k), _f(sc), bool(q))
            for lat, lp, ear, ep, k, sc, q in matches
        ),
    }


def run_corpus(corpus: str, work: Path, *, eval_dir: Path | None, repo: Path) -> Snapshot:
    """Ingest ``corpus`` into a fresh SQLite store under ``work`` and read it back."""
    if corpus not in CORPORA:
        raise ValueError(f"unknown corpus {corpus!r}: one of {', '.join(CORPORA)}")
    if corpus in NEEDS_EVAL and eval_dir is None:
        raise ValueError(f"{corpus} needs the evaluation data")

    def ingest(store: Any) -> dict[str, Any]:
        if corpus in ("seeds", "seeds-backfill"):
            return ingest_seeds(store, repo, backfill=corpus == "seeds-backfill")
        assert eval_dir is not None
        if corpus == "clough":
            return ingest_clough(store, eval_dir)
        return ingest_generated(store, generate_corpus(work / "corpus", eval_dir, repo))

    with provenance.open_store(f"sqlite:///{work / f'{corpus}.db'}") as store:
        info = ingest(store)
        snap = snapshot(store, info.pop("base"))
    return {"format": FORMAT, "corpus": corpus, **info, **snap}


# --------------------------------------------------------------------------------------------------
# Fixture files


def fixture_path(corpus: str, directory: Path = FIXTURES) -> Path:
    """The fixture of ``corpus``: ``<corpus>.json``, or ``<corpus>.json.gz`` when that one exists."""
    gz = directory / f"{corpus}.json.gz"
    return gz if gz.exists() else directory / f"{corpus}.json"


def to_json(snap: Snapshot) -> str:
    """One row a line: small diffs in review, and the figures of a row side by side."""
    head = {k: v for k, v in snap.items() if k not in ("documents", "edges", "matches")}
    columns = {"documents": DOCUMENT_COLUMNS, "edges": EDGE_COLUMNS, "matches": MATCH_COLUMNS}
    lines = ["{"]
    lines += [f"  {json.dumps(k)}: {json.dumps(v)}," for k, v in head.items()]
    lines.append(f'  "columns": {json.dumps(columns)},')
    for i, table in enumerate(("documents", "edges", "matches")):
        rows = snap[table]
        body = ",\n".join(f"    {json.dumps(list(r), ensure_ascii=False)}" for r in rows)
        lines.append(f'  "{table}": [' + (f"\n{body}\n  ]" if rows else "]") + ("," if i < 2 else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_fixture(snap: Snapshot, directory: Path = FIXTURES) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    data = to_json(snap).encode("utf-8")
    plain, gz = directory / f"{snap['corpus']}.json", directory / f"{snap['corpus']}.json.gz"
    if len(data) > GZIP_OVER:
        gz.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))  # mtime 0: the same bytes each time
        plain.unlink(missing_ok=True)
        return gz
    plain.write_bytes(data)
    gz.unlink(missing_ok=True)
    return plain


def read_fixture(corpus: str, directory: Path = FIXTURES) -> Snapshot:
    """A fixture with its rows as tuples, as ``snapshot`` gives them."""
    path = fixture_path(corpus, directory)
    raw = path.read_bytes()
    data = json.loads(gzip.decompress(raw) if path.suffix == ".gz" else raw)
    for table in ("documents", "edges", "matches"):
        data[table] = [tuple(r) for r in data[table]]
    return data


# --------------------------------------------------------------------------------------------------
# Comparing


def _rows_diff(table: str, columns: tuple[str, ...], want: list[Row], got: list[Row], show: int) -> list[str]:
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    dupes = len(got) - len(set(got))
    if not missing and not extra and not dupes:
        return []
    out = [f"{table}: {len(want)} expected, {len(got)} now: {len(missing)} missing, {len(extra)} extra"]
    if dupes:
        out.append(f"  {dupes} duplicate rows now")
    # rows of the same key (the columns before the figures) on both sides: changed, not gone
    nkey = {"documents": 1, "edges": 2, "matches": 4}[table]
    extra_by_key = {r[:nkey]: r for r in extra}
    changed = [(r, extra_by_key[r[:nkey]]) for r in missing if r[:nkey] in extra_by_key]
    changed_keys = {w[:nkey] for w, _ in changed}
    if changed:
        out.append(f"  {len(changed)} of them changed figures (same {', '.join(columns[:nkey])}):")
        for w, g in changed[:show]:
            figures = [f"{c} {a!r} -> {b!r}" for c, a, b in zip(columns, w, g, strict=True) if a != b]
            out.append(f"    {list(w[:nkey])}: {'; '.join(figures)}")
    gone = [r for r in missing if r[:nkey] not in changed_keys]
    new = [r for r in extra if r[:nkey] not in changed_keys]
    for label, rows in (("missing", gone), ("extra", new)):
        if rows:
            out.append(f"  {len(rows)} {label}{', first' if len(rows) > show else ''}:")
            out += [f"    {dict(zip(columns, r, strict=True))}" for r in rows[:show]]
    return out


def diff(want: Snapshot, got: Snapshot, show: int = 5) -> list[str]:
    """What differs between two snapshots, as short lines (empty: the same)."""
    out: list[str] = []
    if want.get("corpus_sha256") != got.get("corpus_sha256"):
        out.append(
            "the generated corpus itself differs (bench/corpus.py, its material or the segmenter it uses "
            "changed), so the rows below compare different inputs"
        )
    for key in sorted((set(want) | set(got)) - {"documents", "edges", "matches", "columns"}):
        if want.get(key) != got.get(key):
            out.append(f"{key}: expected {want.get(key)!r}, now {got.get(key)!r}")
    cols = {"documents": DOCUMENT_COLUMNS, "edges": EDGE_COLUMNS, "matches": MATCH_COLUMNS}
    for table, columns in cols.items():
        out += _rows_diff(table, columns, want[table], got[table], show)
    return out


def summary(snap: Snapshot) -> str:
    return f"{len(snap['documents'])} documents, {len(snap['edges'])} edges, {len(snap['matches'])} matches"


# --------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=[*CORPORA, "all"], default="all")
    parser.add_argument("--out", type=Path, default=FIXTURES, help="fixture directory (default: %(default)s)")
    parser.add_argument(
        "--eval",
        type=Path,
        default=None,
        help="evaluation data (default: ../shared/eval beside the checkout)",
    )
    parser.add_argument("--check", action="store_true", help="compare with the fixtures instead of writing")
    args = parser.parse_args(argv)
    repo = code_root()
    eval_dir = args.eval or repo.parent / "shared" / "eval"
    if not (eval_dir / "clough-stevenson").is_dir():
        eval_dir = None
    print(f"provenance imported from {Path(provenance.__file__).resolve().parent}")
    status = 0
    for corpus in CORPORA if args.corpus == "all" else (args.corpus,):
        if corpus in NEEDS_EVAL and eval_dir is None:
            print(f"{corpus}: evaluation data not found; skipped")
            continue
        t0 = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="edge-fixtures-") as tmp:
            snap = run_corpus(corpus, Path(tmp), eval_dir=eval_dir, repo=repo)
        seconds = time.perf_counter() - t0
        if args.check:
            lines = diff(read_fixture(corpus, args.out), snap)
            status |= bool(lines)
            print(f"{corpus}: {summary(snap)} in {seconds:.1f} s: {'DIFFERENT' if lines else 'same'}")
            for line in lines:
                print(f"  {line}")
        else:
            path = write_fixture(snap, args.out)
            print(f"{corpus}: {summary(snap)} in {seconds:.1f} s -> {path} ({path.stat().st_size:,} bytes)")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
