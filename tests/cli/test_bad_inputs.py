"""Bad input never aborts a batch (issue 14, point 4): each odd input fails (or is stored with a
warning) alone, with ``error: FILE[:LINE]: reason``, and the inputs after it are still stored.

Every test runs a real batch through the CLI on real files, with the bad input between good ones.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

import provenance
from provenance.errors import InputError, UsageError
from provenance.store import Store
from provenance.store.models import Document

GOOD = [
    "The city council approved the new budget for public libraries on Tuesday evening after a long debate.",
    "Heavy rain flooded several streets in the old town, and the fire brigade pumped water out of basements.",
    "The national football team won its qualifying match two to one with a late goal from a young striker.",
]


def _good(directory: Path, name: str, k: int) -> None:
    (directory / name).write_text(GOOD[k] + "\n", encoding="utf-8")


def _stored(db_url: str) -> list[tuple[str, str]]:
    with Store(db_url) as s, s.read() as conn:
        return [tuple(r) for r in conn.execute(select(Document.name, Document.text).order_by(Document.id))]


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def _batch(tmp_path: Path, bad_name: str | bytes, bad: bytes) -> Path:
    """A directory a.txt, <bad>, z.txt (sorted: the bad file sits between the good ones)."""
    d = tmp_path / "in"
    d.mkdir()
    _good(d, "a.txt", 0)
    path = os.path.join(os.fsencode(d), bad_name) if isinstance(bad_name, bytes) else d / bad_name
    with open(path, "wb") as f:
        f.write(bad)
    _good(d, "z.txt", 2)
    return d


DATE_CASES = [
    ("0001-01-01T00:00:00+05:00", "before 0001-01-01 in UTC"),
    ("9999-12-31T23:00:00-05:00", "after 9999-12-31 in UTC"),
]


@pytest.mark.parametrize(("date", "why"), DATE_CASES)
def test_jsonl_date_out_of_range_fails_that_line(cli, db_url, tmp_path, date, why):
    lines = [
        {"text": GOOD[1]},
        {"text": "This line has a date that no UTC clock can show, so it is refused.", "published_at": date},
        {"text": "And the line after it is stored as usual, with its own ordinary words."},
    ]
    d = _batch(tmp_path, "m.jsonl", "".join(json.dumps(x) + "\n" for x in lines).encode())
    res = cli("ingest", d)
    assert res.exit_code == 1
    assert _errors(res.stderr) == [
        f"error: {d / 'm.jsonl'}:2: field 'published_at': '{date}' is out of range ({why})"
    ]
    assert [n for n, _ in _stored(db_url)] == ["a.txt", "m.jsonl#1", "m.jsonl#3", "z.txt"]
    assert "internal error" not in res.stderr


@pytest.mark.parametrize(("date", "why"), DATE_CASES)
def test_front_matter_date_out_of_range_fails_that_file(cli, db_url, tmp_path, date, why):
    d = _batch(tmp_path, "m.md", f"---\ntitle: T\ndate: {date}\n---\n{GOOD[1]}\n".encode())
    res = cli("ingest", d)
    assert res.exit_code == 1
    assert _errors(res.stderr) == [
        f"error: {d / 'm.md'}: front matter date: '{date}' is out of range ({why})"
    ]
    assert [n for n, _ in _stored(db_url)] == ["a.txt", "z.txt"]


@pytest.mark.parametrize(("date", "why"), DATE_CASES)
def test_published_at_option_out_of_range_is_a_usage_error(cli, db_url, tmp_path, date, why):
    d = _batch(tmp_path, "b.txt", GOOD[1].encode())
    res = cli("ingest", d, "--published-at", date)
    assert res.exit_code == 2
    assert why in " ".join(res.stderr.split())
    assert "internal error" not in res.stderr


def test_published_at_out_of_range_from_python_is_a_usage_error(store, tmp_path):
    d = _batch(tmp_path, "b.txt", GOOD[1].encode())
    when = datetime.fromisoformat("9999-12-31T23:00:00-05:00")
    with pytest.raises(UsageError, match="out of range"):
        provenance.ingest(store, [str(d)], published_at=when)


def test_jsonl_lone_surrogate_is_replaced_with_a_warning(cli, db_url, tmp_path):
    line = '{"text": "Half a character \\ud800 here, in an otherwise ordinary sentence about trains.", "title": "T\\udfff"}\n'
    d = _batch(tmp_path, "m.jsonl", line.encode())
    res = cli("ingest", d)
    assert res.exit_code == 0, res.stderr
    warnings = [x for x in res.stderr.splitlines() if x.startswith("warning:")]
    assert warnings == [
        f"warning: {d / 'm.jsonl'}:1: field 'text': a lone surrogate escape (half a UTF-16 pair) replaced with U+FFFD",
        f"warning: {d / 'm.jsonl'}:1: field 'title': a lone surrogate escape (half a UTF-16 pair) replaced with U+FFFD",
    ]
    stored = dict(_stored(db_url))
    assert stored["m.jsonl#1"].startswith("Half a character \ufffd here")
    assert len(stored) == 3


def test_jsonl_integer_over_4300_digits_is_read(cli, db_url, tmp_path):
    # Valid JSON: the number is in a field the reader does not take, so the article is stored.
    line = (
        '{"text": "A sentence beside a very long number, in a field nobody reads.", "n": '
        + "9" * 5000
        + "}\n"
    )
    d = _batch(tmp_path, "m.jsonl", line.encode())
    res = cli("ingest", d)
    assert res.exit_code == 0, res.stderr
    assert [n for n, _ in _stored(db_url)] == ["a.txt", "m.jsonl#1", "z.txt"]


def test_jsonl_long_integer_as_text_is_a_type_error(cli, db_url, tmp_path):
    d = _batch(tmp_path, "m.jsonl", b'{"text": ' + b"1" * 5000 + b"}\n")
    res = cli("ingest", d)
    assert res.exit_code == 1
    assert _errors(res.stderr) == [f"error: {d / 'm.jsonl'}:1: field 'text': expected a string, got number"]
    assert len(_stored(db_url)) == 2


def test_jsonl_nested_100000_deep_fails_that_line(cli, db_url, tmp_path):
    deep = b'{"text": "x", "n": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n"
    after = json.dumps({"text": GOOD[1]}).encode() + b"\n"
    d = _batch(tmp_path, "m.jsonl", deep + after)
    res = cli("ingest", d)
    assert res.exit_code == 1
    assert _errors(res.stderr) == [
        f"error: {d / 'm.jsonl'}:1: invalid JSON: nested too deeply for this reader (arrays or objects inside each other)"
    ]
    assert [n for n, _ in _stored(db_url)] == ["a.txt", "m.jsonl#2", "z.txt"]


def test_file_name_not_utf8_is_stored_with_escapes(cli, db_url, tmp_path):
    d = _batch(tmp_path, b"caf\xe9.txt", GOOD[1].encode())  # Latin-1 "café.txt"
    res = cli("ingest", d)
    assert res.exit_code == 0, res.stderr
    shown = f"{d}/caf\\xe9.txt"
    assert (
        f"warning: {shown}: file name is not valid UTF-8; recorded with its odd bytes as \\xNN" in res.stderr
    )
    assert [n for n, _ in _stored(db_url)] == ["a.txt", "caf\\xe9.txt", "z.txt"]
    assert shown in res.stdout


def test_file_name_not_utf8_with_bad_content_is_named(cli, db_url, tmp_path):
    d = _batch(tmp_path, b"x\xff.txt", b"GIF89a\x00\x01")
    res = cli("ingest", d)
    assert res.exit_code == 1
    assert _errors(res.stderr) == [f"error: {d}/x\\xff.txt: binary file (not text)"]
    assert len(_stored(db_url)) == 2


def test_title_option_with_bytes_not_utf8(cli, db_url, tmp_path):
    d = _batch(tmp_path, "b.txt", GOOD[1].encode())
    res = cli("ingest", d, "--title", os.fsdecode(b"Caf\xe9"))  # how Python hands such an argument over
    assert res.exit_code == 0, res.stderr
    assert "title: 1 lone surrogate(s) (not valid Unicode) replaced with U+FFFD" in res.stderr
    with Store(db_url) as s, s.read() as conn:
        assert set(conn.execute(select(Document.title)).scalars()) == {"Caf\ufffd"}


@pytest.mark.parametrize(
    "charset", ["undefined", "punycode", "idna", "rot13", "base64", "utf-7", "x-nonsense"]
)
def test_html_with_odd_charset_is_read(cli, db_url, tmp_path, charset):
    page = (
        f'<html><head><meta charset="{charset}"><title>Bridge</title></head><body><article>'
        f"<p>{GOOD[1]}</p><p>The caf\u00e9 on the corner stayed open all night.</p></article></body></html>"
    )
    d = _batch(tmp_path, "m.html", page.encode("utf-8"))
    res = cli("ingest", d)
    assert res.exit_code == 0, res.stderr
    stored = dict(_stored(db_url))
    assert "The caf\u00e9 on the corner" in stored["m.html"]


def test_any_error_reading_one_file_fails_it_alone(cli, db_url, tmp_path, monkeypatch):
    from provenance import readers

    real = readers._BUILDERS["txt"]

    def flaky(raw: bytes, source: str):
        if source.endswith("b.txt"):
            raise RuntimeError("the reader tripped\non two lines")
        return real(raw, source)

    monkeypatch.setitem(readers._BUILDERS, "txt", flaky)
    d = _batch(tmp_path, "b.txt", GOOD[1].encode())
    res = cli("ingest", d)
    assert res.exit_code == 1
    assert _errors(res.stderr) == [
        f"error: {d / 'b.txt'}: cannot be read: RuntimeError: the reader tripped on two lines"
    ]
    assert [n for n, _ in _stored(db_url)] == ["a.txt", "z.txt"]


def test_any_error_preparing_one_article_fails_it_alone(cli, db_url, tmp_path, monkeypatch):
    from provenance import prepare

    real = prepare.licence_spans

    def flaky(text: str, spans):
        if text.startswith(GOOD[1][:20]):
            raise OverflowError("no room")
        return real(text, spans)

    monkeypatch.setattr(prepare, "licence_spans", flaky)
    d = _batch(tmp_path, "b.txt", GOOD[1].encode())
    res = cli("ingest", d)
    assert res.exit_code == 1
    assert _errors(res.stderr) == [f"error: {d / 'b.txt'}: cannot be prepared: OverflowError: no room"]
    assert [n for n, _ in _stored(db_url)] == ["a.txt", "z.txt"]


def test_any_error_storing_one_article_fails_it_alone(cli, db_url, tmp_path, monkeypatch):
    import importlib

    api_ingest = importlib.import_module("provenance.api.ingest")

    real = api_ingest.write_batch

    def flaky(conn, docs):
        if any(doc.name == "b.txt" for doc in docs):
            raise ValueError("the driver cannot take it")
        return real(conn, docs)

    monkeypatch.setattr(api_ingest, "write_batch", flaky)
    d = _batch(tmp_path, "b.txt", GOOD[1].encode())
    res = cli("ingest", d)
    assert res.exit_code == 1
    assert _errors(res.stderr) == [
        f"error: {d / 'b.txt'}: cannot store: ValueError: the driver cannot take it"
    ]
    assert [n for n, _ in _stored(db_url)] == ["a.txt", "z.txt"]


def test_compare_lone_surrogate_is_an_input_error():
    with pytest.raises(
        InputError, match=r"earlier: not valid Unicode: a lone surrogate U\+D800 at character 1"
    ):
        provenance.compare("a\ud800", "b")
    with pytest.raises(InputError, match="later: "):
        provenance.compare("Some ordinary words.", "b\udcff")


def test_ingest_text_with_lone_surrogate_is_stored_replaced(store):
    result = provenance.ingest_text(
        store, "A text from Python \ud83d with half an emoji in it, for the test."
    )
    assert result.status == "stored"
    assert result.warnings == ["text: 1 lone surrogate(s) (not valid Unicode) replaced with U+FFFD"]


# --- --max-sentences (issue 14, point 5) -------------------------------------------------------------


def _long_text(n: int) -> str:
    return " ".join(f"Item number {k} of the long council report was read aloud." for k in range(n))


def test_article_over_max_sentences_fails_alone(cli, db_url, tmp_path):
    d = _batch(tmp_path, "m.txt", _long_text(30).encode())
    res = cli("ingest", d, "--max-sentences", "20")
    assert res.exit_code == 1
    assert _errors(res.stderr) == [f"error: {d / 'm.txt'}: 30 sentences, over the 20 limit (--max-sentences)"]
    assert [n for n, _ in _stored(db_url)] == ["a.txt", "z.txt"]


def test_jsonl_line_over_max_sentences_names_its_line(cli, db_url, tmp_path):
    lines = [{"text": GOOD[1]}, {"text": _long_text(12)}]
    d = _batch(tmp_path, "m.jsonl", "".join(json.dumps(x) + "\n" for x in lines).encode())
    res = cli("ingest", d, "--max-sentences", "11")
    assert _errors(res.stderr) == [
        f"error: {d / 'm.jsonl'}:2: 12 sentences, over the 11 limit (--max-sentences)"
    ]
    assert len(_stored(db_url)) == 3


def test_compare_over_max_sentences_is_an_error(cli, tmp_path):
    long = tmp_path / "long.txt"
    long.write_text(_long_text(15), encoding="utf-8")
    short = tmp_path / "short.txt"
    short.write_text(GOOD[0], encoding="utf-8")
    res = cli("compare", short, long, "--max-sentences", "10", db=None)
    assert res.exit_code == 1
    assert res.stderr.strip() == f"error: {long}: 15 sentences, over the 10 limit (--max-sentences)"
    assert cli("compare", short, long, "--max-sentences", "15", db=None).exit_code == 0


def test_max_sentences_from_python(store):
    assert provenance.DEFAULT_MAX_SENTENCES == 10_000
    with pytest.raises(InputError, match="over the 5 limit"):
        provenance.ingest_text(store, _long_text(6), max_sentences=5)
    with pytest.raises(InputError, match="over the 5 limit"):
        provenance.compare(_long_text(6), GOOD[0], max_sentences=5)
    with pytest.raises(UsageError, match="max_sentences must be positive"):
        provenance.ingest_articles(store, [], max_sentences=0)
    assert provenance.ingest_text(store, _long_text(5), max_sentences=5).status == "stored"
