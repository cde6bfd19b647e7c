"""Direction with honest uncertainty (issue 13, point 6): same-day and near-simultaneous articles are
``uncertain`` unless a credit decides; two outlets crediting one agency are siblings of it; a tie of
equal dates is never broken by the ingest (file) order."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

import provenance
from provenance.match.direction import BY_DATE, BY_INGEST_ORDER, UNCERTAIN, direction_basis

EFE_STORY = (
    "MADRID, 9 may (EFE).- El Consejo de Ministros ha aprobado este martes un plan de ayudas de más de "
    "dos mil millones de euros para los agricultores y ganaderos afectados por la sequía.\n\n"
    "El plan incluye ayudas directas para las explotaciones que hayan perdido más de la mitad de su "
    "cosecha y rebajas en el impuesto sobre la renta.\n\n"
    "El ministro de Agricultura ha explicado que las primeras ayudas llegarán a los beneficiarios antes "
    "del verano.\n\n"
    "Las organizaciones agrarias han valorado el plan, aunque consideran que llega tarde para los "
    "cultivos de cereal de este año."
)
STORY = (
    "The harbour authority closed the northern pier after storm damage to its pilings on Tuesday.\n\n"
    "Engineers found cracks in three concrete supports during a routine inspection of the structure.\n\n"
    "Repairs are expected to take six weeks and cost about two million euros, the authority said.\n\n"
    "Ferry services will move to the southern terminal until the work is finished in the spring."
)


@pytest.mark.parametrize(
    ("a", "b", "basis"),
    [
        (datetime(2023, 5, 9), datetime(2023, 5, 9, 12, 27), UNCERTAIN),  # a date-only value covers its day
        (datetime(2023, 5, 9, 12, 27), datetime(2023, 5, 9), UNCERTAIN),
        (datetime(2023, 5, 9, 8, 0), datetime(2023, 5, 9, 8, 40), UNCERTAIN),  # within the window
        (datetime(2023, 5, 9, 8, 0), datetime(2023, 5, 9, 11, 0), BY_DATE),
        (datetime(2023, 5, 9), datetime(2023, 5, 9), UNCERTAIN),  # equal dates
        (datetime(2023, 5, 9), datetime(2023, 5, 10), BY_DATE),  # two days
        (datetime(2023, 5, 9), datetime(2023, 5, 10, 9, 30), BY_DATE),
        (None, datetime(2023, 5, 9), BY_INGEST_ORDER),
    ],
)
def test_direction_basis(a: datetime | None, b: datetime | None, basis: str) -> None:
    assert direction_basis(a, b) == basis
    assert direction_basis(b, a) == basis


def test_the_window_is_a_parameter() -> None:
    a, b = datetime(2023, 5, 9, 8, 0), datetime(2023, 5, 9, 11, 0)
    assert direction_basis(a, b, window=timedelta(hours=4)) == UNCERTAIN


def _ingest(store: provenance.Store, path: Path, text: str, when: datetime, publisher: str, **kw: str) -> int:
    path.write_text(text, encoding="utf-8")
    doc_id = (
        provenance.ingest(store, [str(path)], published_at=when, publisher=publisher, **kw)
        .results[0]
        .document_id
    )
    assert doc_id is not None
    return doc_id


def test_two_outlets_carrying_one_agency_story_are_siblings(store: provenance.Store, tmp_path: Path) -> None:
    a = _ingest(store, tmp_path / "a.txt", EFE_STORY, datetime(2023, 5, 9), "Diario Uno", licence="CC-BY-4.0")
    credited = EFE_STORY + "\n\nPor Ana García, corresponsal en Madrid."
    b = _ingest(store, tmp_path / "b.txt", credited, datetime(2023, 5, 9, 12, 27), "Diario Dos")
    [source] = provenance.report(store, b).sources or provenance.report(store, a).sources
    assert source.direction == UNCERTAIN
    rep = provenance.audit(store, include_compliant=True)
    assert {f.rule for f in rep.findings} == {"shared-source"}
    [f] = rep.findings
    assert f.severity == "info" and "EFE" in f.message and "copied" in f.message
    assert rep.summary["verdicts"]["error"] == 0


def test_same_day_reuse_is_uncertain_and_accuses_no_one(store: provenance.Store, tmp_path: Path) -> None:
    a = _ingest(store, tmp_path / "a.txt", STORY, datetime(2024, 3, 1), "Harbour Post", licence="CC-BY-4.0")
    b = _ingest(
        store,
        tmp_path / "b.txt",
        STORY + "\n\nTraders fear a quiet season.",
        datetime(2024, 3, 1, 9, 15),
        "Coast Herald",
    )
    rep = provenance.audit(store)
    rules = {f.rule: f for f in rep.findings}
    assert rules["direction-uncertain"].direction == UNCERTAIN
    assert "direction window" in rules["direction-uncertain"].message
    assert all(f.severity != "error" for f in rep.findings)
    for f in rep.findings:
        if f.rule != "direction-uncertain":
            assert f.message.startswith(f"if doc {b} copied doc {a}: "), f.message


def test_a_credit_decides_a_same_day_direction(store: provenance.Store, tmp_path: Path) -> None:
    _ingest(store, tmp_path / "a.txt", STORY, datetime(2024, 3, 1), "Harbour Post", licence="CC-BY-4.0")
    _ingest(
        store,
        tmp_path / "b.txt",
        STORY + "\n\nSource: Harbour Post",
        datetime(2024, 3, 1, 9, 15),
        "Coast Herald",
    )
    rep = provenance.audit(store, include_compliant=True)
    assert "direction-uncertain" not in {f.rule for f in rep.findings}
    assert {f.direction for f in rep.findings} == {"by-credit"}


def _edge(tmp_path: Path, order: list[tuple[str, str]]) -> tuple[str, str]:
    with provenance.open_store(f"sqlite:///{tmp_path / 'store.db'}") as store:
        for name, text in order:
            _ingest(store, tmp_path / name, text, datetime(2024, 3, 1), name.upper())
        with store.read() as conn:
            [(later, earlier)] = conn.exec_driver_sql(
                "SELECT l.name, e.name FROM reuse_edges r JOIN documents l ON l.id = r.later_id "
                "JOIN documents e ON e.id = r.earlier_id"
            ).all()
    return later, earlier


def test_equal_dates_are_not_ordered_by_the_ingest_order(tmp_path: Path) -> None:
    pair = [("one.txt", STORY), ("two.txt", STORY + "\n\nTraders fear a quiet season.")]
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    assert _edge(tmp_path / "x", pair) == _edge(tmp_path / "y", pair[::-1])
