"""bench/scale.py's bulk prefill builds the same store as the library's ordinary one; bench/text_stage.py
times every text stage (no timing checked).

The bulk prefill appends postings to an unindexed table and builds the key index sorted afterwards
(``defer_key_index`` / ``build_key_index``): it must leave the very rows, schema and, after detection
on top of it, the very reuse edges and matches that an ordinary prefill leaves.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

_BENCH = Path(__file__).resolve().parents[1] / "bench"

_TABLES = {
    "documents": "id, sha256",
    "sentences": "document_id, position, fingerprint",
    "sentence_keys": "key, document_id, position",
    "common_keys": "key, postings",
    "reuse_edges": "later_id, earlier_id, matched_sentences, verbatim, near_verbatim, paraphrase, derivation",
    "matches": "later_id, later_position, earlier_id, earlier_position, kind, score",
}


def _contents(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    out = {
        t: conn.execute(f"SELECT {cols} FROM {t} ORDER BY {cols}").fetchall() for t, cols in _TABLES.items()
    }
    schema = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    # a table renamed away and back is written with its name quoted
    out["schema"] = [
        (t, n, tn, re.sub(r'^CREATE TABLE "?(\w+)"? \(', r"CREATE TABLE \1 (", sql or ""))
        for t, n, tn, sql in schema
    ]
    conn.close()
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, eval_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("bench") / "corpus"
    subprocess.run([sys.executable, str(_BENCH / "corpus.py"), "--articles", "500", "--out", str(out), "--eval",
                    str(eval_dir), "--jobs", "1"], capture_output=True, text=True, check=True)  # fmt: skip
    return out


@pytest.mark.eval
def test_bulk_prefill_builds_the_same_store(tmp_path: Path, corpus: Path) -> None:
    stores = {}
    for mode in ("plain", "bulk"):
        db = tmp_path / f"{mode}.db"
        args = ["--corpus", str(corpus), "--prefill", "400", "--limit", "100", "--db", f"sqlite:///{db}", "--no-eval",
                "--json", str(tmp_path / f"{mode}.json"), "--prefill-workers", "0"]  # fmt: skip
        run = subprocess.run([sys.executable, str(_BENCH / "scale.py"), *args, *(["--prefill-bulk"] if mode == "bulk" else [])],
                             capture_output=True, text=True, check=True)  # fmt: skip
        assert ("key index built sorted" in run.stdout) == (mode == "bulk")
        stores[mode] = _contents(db)
    plain, bulk = stores["plain"], stores["bulk"]
    assert len(plain["documents"]) == 500 and len(plain["sentence_keys"]) > 10_000
    assert plain["reuse_edges"] and plain["matches"]  # detection on top of the prefill found reuse
    for name in (*_TABLES, "schema"):
        assert bulk[name] == plain[name], name


@pytest.mark.eval
def test_text_stage_times_every_stage(corpus: Path) -> None:
    run = subprocess.run([sys.executable, str(_BENCH / "text_stage.py"), "--corpus", str(corpus), "--articles", "40",
                          "--repeat", "1"], capture_output=True, text=True, check=True)  # fmt: skip
    assert re.search(r"^40 articles, [\d,]+ sentences", run.stdout, re.M)
    rate = re.search(r"one process: ([\d,]+) articles/s", run.stdout)
    assert rate and int(rate.group(1).replace(",", "")) > 0
    stages = re.findall(r"^  (\S+)\s+[\d.]+ ms/article\s+([\d.]+)%", run.stdout, re.M)
    assert {name for name, _ in stages} == {
        "segment",
        "notices",
        "non-evidence",
        "normalise",
        "fingerprint",
        "keys",
        "template",
        "sha256",
    }
    assert abs(sum(float(share) for _, share in stages) - 100) < 0.5


def test_profile_summary_splits_ingest_by_caller(tmp_path: Path) -> None:
    top = "main (scale.py:1);ingest_articles (provenance/api/ingest.py:130);_write_and_detect (provenance/api/ingest.py:190)"
    raw = tmp_path / "profile.txt"
    raw.write_text("\n".join([
        f"{top};Detector.add (provenance/reuse/detector.py:110);add (provenance/reuse/index.py:80);bulk_insert (provenance/store/bulk.py:22);pread64 (libc.so.6) 30",
        f"{top};Detector.add (provenance/reuse/detector.py:110);add (provenance/reuse/index.py:80);bulk_insert (provenance/store/bulk.py:22) 10",
        f"{top};write_batch (provenance/store/documents.py:60);insert_documents (provenance/store/documents.py:90);pwrite64 (libc.so.6) 8",
        f"{top};Detector.begin (provenance/reuse/detector.py:130);counts (provenance/reuse/index.py:135) 12",
        f"{top};gc_collect_main (libpython3.11.so.1.0) 4",
        "main (scale.py:1);document_map (scale.py:500);pread64 (libc.so.6) 100",
    ]) + "\n")  # fmt: skip
    run = subprocess.run([sys.executable, str(_BENCH / "profile_summary.py"), str(raw), "--articles", "10", "--rate", "10"],
                         capture_output=True, text=True, check=True)  # fmt: skip
    rows = {
        m[3]: (float(m[1]), float(m[2]))
        for m in re.finditer(r"^ +([\d.]+) +([\d.]+)  (.+)$", run.stdout, re.M)
    }
    # one sample at 10 Hz over 10 articles is 10 ms per article; samples outside ingest_articles are left out
    assert rows["insert postings (sentence_keys)"] == (400.0, 300.0)
    assert rows["insert sentences (and the fingerprint index)"] == (80.0, 80.0)
    assert rows["count the batch's keys in the index"] == (120.0, 0.0)
    assert rows["in all"] == (640.0, 380.0)
