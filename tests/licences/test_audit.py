"""The licence rules: one test per rule on hand-built edges, and the seed scenario."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from provenance.licences import (
    SUBSTANTIAL_COVERAGE,
    SUBSTANTIAL_SENTENCES,
    EdgeFacts,
    Finding,
    Party,
    detect_credits,
    detect_notices,
    judge,
    licence_family,
    sharealike_compatible,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
MEHR_NOTICE = (
    "All Content by Mehr News Agency is licensed under a Creative Commons Attribution 4.0 International "
    "License."
)


def party(doc: int, licence: str = "unknown", **kw: object) -> Party:
    fields: dict[str, object] = {"title": f"Article {doc}", "holder": None, "publisher": None}
    fields.update(kw)
    return Party(doc, licence=licence, **fields)  # type: ignore[arg-type]


def edge(
    earlier: Party,
    later: Party,
    later_text: str = "",
    *,
    adapted: bool = False,
    matched: int = 5,
    coverage: float = 0.5,
) -> EdgeFacts:
    return EdgeFacts(
        later=later,
        earlier=earlier,
        later_credits=tuple(detect_credits(later_text)),
        later_notices=tuple(detect_notices(later_text)),
        adapted=adapted,
        matched_sentences=matched,
        coverage=coverage,
        source_share=0.4,
    )


def rules(findings: list[Finding]) -> dict[str, str]:
    return {f.rule: f.severity for f in findings}


MEHR = party(
    1, "CC-BY-4.0", holder="Mehr News Agency", publisher="Mehr News Agency", publisher_aliases=("MNA",)
)
CREDIT_AND_LICENCE = "TEHRAN (MNA) – Iran said. Republished under CC BY 4.0."


# --- CC BY family --------------------------------------------------------------------------------


def test_missing_credit() -> None:
    findings = judge(edge(MEHR, party(2), "Iran said. Licensed under CC BY 4.0."))
    assert rules(findings) == {"missing-credit": "error"}
    assert (
        findings[0].message
        == "doc 2 reuses doc 1 (CC-BY-4.0, Mehr News Agency) without crediting Mehr News Agency or MNA"
    )


def test_credit_by_alias_agency_tag_or_link_satisfies_attribution() -> None:
    assert "missing-credit" not in rules(judge(edge(MEHR, party(2), CREDIT_AND_LICENCE)))
    linked = replace(
        MEHR, holder=None, publisher=None, publisher_aliases=(), url="https://en.mehrnews.com/news/7"
    )
    text = "Iran said (https://en.mehrnews.com/news/7). Licensed under CC BY 4.0."
    assert "missing-credit" not in rules(judge(edge(linked, party(2), text)))


def test_missing_credit_is_a_warning_when_nothing_identifies_the_source() -> None:
    anonymous = party(1, "CC-BY-4.0")
    assert rules(judge(edge(anonymous, party(2), "Licensed under CC BY 4.0.")))["missing-credit"] == "warning"


def test_missing_licence_notice() -> None:
    findings = judge(edge(MEHR, party(2), "TEHRAN (MNA) – Iran said."))
    assert rules(findings) == {"missing-licence-notice": "error"}
    assert "doc 2 reuses doc 1" in findings[0].message and "CC-BY-4.0" in findings[0].message


@pytest.mark.parametrize(
    ("later_text", "named"),
    [
        ("TEHRAN (MNA) – Iran said. https://creativecommons.org/licenses/by/4.0/", True),
        ("TEHRAN (MNA) – Iran said (CC BY 4.0).", True),
        ("TEHRAN (MNA) – Iran said. Republished under CC BY 3.0.", False),  # wrong version
        ("TEHRAN (MNA) – Iran said. Republished under CC BY-SA 4.0.", False),  # wrong licence
        ("TEHRAN (MNA) – Iran said. Republished under a Creative Commons licence.", False),  # no terms
    ],
)
def test_licence_must_be_named_with_its_version(later_text: str, named: bool) -> None:
    assert ("missing-licence-notice" not in rules(judge(edge(MEHR, party(2), later_text)))) is named


def test_changes_not_indicated() -> None:
    findings = judge(edge(MEHR, party(2), CREDIT_AND_LICENCE, adapted=True))
    assert rules(findings) == {"changes-not-indicated": "warning"}
    indicated = CREDIT_AND_LICENCE + " This article was adapted from a Mehr News Agency report."
    assert rules(judge(edge(MEHR, party(2), indicated, adapted=True))) == {"compliant": "info"}


def test_compliant() -> None:
    findings = judge(edge(MEHR, party(2), CREDIT_AND_LICENCE))
    assert findings == [
        Finding("compliant", "info", "CC-BY-4.0",
                "doc 2 reuses doc 1 (CC-BY-4.0, Mehr News Agency) with credit and licence notice")
    ]  # fmt: skip


# --- ShareAlike, NoDerivatives, NonCommercial ----------------------------------------------------

WIKI = party(1, "CC-BY-SA-4.0", publisher="Wikipedia", url="https://en.wikipedia.org/wiki/Tehran")
WIKI_CREDIT = "Source: Wikipedia. Text under CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)."


def test_sharealike_mismatch() -> None:
    text = WIKI_CREDIT + " Adapted from Wikipedia."
    assert rules(judge(edge(WIKI, party(2, "CC-BY-4.0"), text, adapted=True))) == {
        "sharealike-mismatch": "error"
    }
    assert rules(judge(edge(WIKI, party(2, "CC-BY-SA-4.0"), text, adapted=True))) == {"compliant": "info"}
    assert rules(judge(edge(WIKI, party(2, "unknown"), text, adapted=True))) == {
        "sharealike-mismatch": "error"
    }


def test_sharealike_verbatim_copy_is_a_warning() -> None:
    findings = judge(edge(WIKI, party(2, "LicenseRef-All-Rights-Reserved"), WIKI_CREDIT))
    assert rules(findings) == {"sharealike-mismatch": "warning"}


def test_derivative_of_nd() -> None:
    nd = party(1, "CC-BY-ND-4.0", publisher="The Conversation")
    text = "This article is republished from The Conversation under CC BY-ND 4.0."
    assert rules(judge(edge(nd, party(2), text, adapted=True))) == {"derivative-of-nd": "error"}
    assert rules(judge(edge(nd, party(2), text, adapted=False))) == {"compliant": "info"}


def test_noncommercial_review() -> None:
    nc = party(1, "CC-BY-NC-4.0", publisher="Global Voices")
    text = "This article first appeared on Global Voices. Licensed under CC BY-NC 4.0."
    assert rules(judge(edge(nc, party(2, publisher="Daily Bugle"), text))) == {
        "noncommercial-review": "warning"
    }
    charity = party(2, publisher="Community Radio", noncommercial=True)
    assert rules(judge(edge(nc, charity, text))) == {"compliant": "info"}


def test_unspecified_cc_terms() -> None:
    conv = party(1, "LicenseRef-CC-unspecified", holder="The Conversation")
    text = "This article is republished from The Conversation under a Creative Commons license."
    assert rules(judge(edge(conv, party(2), text))) == {"unspecified-cc-terms": "warning"}


# --- public domain, same holder, no licence ------------------------------------------------------


@pytest.mark.parametrize("licence", ["CC0-1.0", "CC-PDM-1.0", "LicenseRef-PDM-1.0"])
def test_public_domain(licence: str) -> None:
    findings = judge(edge(party(1, licence, publisher="NASA"), party(2), "", adapted=True))
    assert rules(findings) == {"public-domain": "info"}


def test_same_holder_short_circuits_every_other_rule() -> None:
    later = party(2, "LicenseRef-All-Rights-Reserved", publisher="Tehran Times", publisher_aliases=("MNA",))
    findings = judge(edge(MEHR, later, "", adapted=True))
    assert rules(findings) == {"same-holder": "info"}
    arr = party(1, "LicenseRef-All-Rights-Reserved", holder="Reuters")
    assert rules(judge(edge(arr, party(2, publisher="reuters"), ""))) == {"same-holder": "info"}


def test_unlicensed_reuse_substantial_is_an_error() -> None:
    arr = party(1, "LicenseRef-All-Rights-Reserved", holder="Reuters", publisher="Reuters")
    findings = judge(edge(arr, party(2), "WASHINGTON (Reuters) - Iran said.", coverage=0.5, matched=6))
    assert rules(findings) == {"unlicensed-reuse": "error"}
    assert "all rights reserved" in findings[0].message and "Reuters is credited" in findings[0].message


def test_unlicensed_reuse_small_is_a_warning() -> None:
    arr = party(1, "LicenseRef-All-Rights-Reserved", publisher="Reuters")
    findings = judge(edge(arr, party(2), "Iran said.", coverage=0.05, matched=1))
    assert rules(findings) == {"unlicensed-reuse": "warning"}
    assert "Reuters is not credited" in findings[0].message


@pytest.mark.parametrize(
    ("coverage", "matched", "severity"),
    [
        (SUBSTANTIAL_COVERAGE, 1, "error"),
        (SUBSTANTIAL_COVERAGE - 0.01, SUBSTANTIAL_SENTENCES - 1, "warning"),
        (0.01, SUBSTANTIAL_SENTENCES, "error"),
    ],
)
def test_substantial_thresholds(coverage: float, matched: int, severity: str) -> None:
    unknown = party(1, "unknown", publisher="Tasnim")
    assert rules(judge(edge(unknown, party(2), "", coverage=coverage, matched=matched))) == {
        "unlicensed-reuse": severity
    }


def test_thresholds_are_parameters() -> None:
    unknown = party(1, "unknown")
    facts = edge(unknown, party(2), "", coverage=0.3, matched=2)
    assert rules(judge(facts, substantial_coverage=0.5, substantial_sentences=5)) == {
        "unlicensed-reuse": "warning"
    }


def test_other_licences_are_not_evaluated() -> None:
    assert rules(judge(edge(party(1, "MIT"), party(2), ""))) == {"licence-not-evaluated": "info"}


# --- the seed scenario ---------------------------------------------------------------------------


def test_seed_paraphrase_of_a_mehr_article_without_credit() -> None:
    e_text = (SEEDS / "002_ef60c64282a98839.txt").read_text(encoding="utf-8")
    l_text = (SEEDS / "000_19c93ae14d6297da.txt").read_text(encoding="utf-8")
    (notice,) = detect_notices(e_text)
    assert (notice.spdx, notice.holder) == ("CC-BY-4.0", "Mehr News Agency")
    assert notice.text == MEHR_NOTICE and e_text.endswith(MEHR_NOTICE)
    assert detect_notices(l_text) == []
    earlier = party(2, notice.spdx, holder=notice.holder)  # publisher unknown: the notice gives the holder
    later = party(0)
    findings = judge(edge(earlier, later, l_text, adapted=True, matched=9, coverage=0.8))
    assert rules(findings) == {
        "missing-credit": "error",
        "missing-licence-notice": "error",
        "changes-not-indicated": "warning",
    }
    assert (
        findings[0].message
        == "doc 0 reuses doc 2 (CC-BY-4.0, Mehr News Agency) without crediting Mehr News Agency"
    )


def test_seed_with_credit_notice_and_changes_is_compliant() -> None:
    l_text = (SEEDS / "000_19c93ae14d6297da.txt").read_text(encoding="utf-8")
    l_text += "\n\nThis article was adapted from a Mehr News Agency report, licensed under CC BY 4.0."
    earlier = party(2, "CC-BY-4.0", holder="Mehr News Agency")
    assert rules(judge(edge(earlier, party(0), l_text, adapted=True))) == {"compliant": "info"}


def test_seed_with_unknown_licence_reused_substantially() -> None:
    l_text = (SEEDS / "000_19c93ae14d6297da.txt").read_text(encoding="utf-8")
    earlier = party(2, "unknown", publisher="Tehran Times")
    findings = judge(edge(earlier, party(0), l_text, adapted=True, matched=9, coverage=0.8))
    assert rules(findings) == {"unlicensed-reuse": "error"}
    assert findings[0].message.startswith("doc 0 reuses doc 2 (licence unknown, Tehran Times) substantially")
    assert "Tehran Times is not credited" in findings[0].message


# --- licence terms and ShareAlike compatibility --------------------------------------------------


@pytest.mark.parametrize(
    ("spdx", "family", "flags", "version", "port"),
    [
        ("CC-BY-4.0", "cc", (True, False, False, False), "4.0", None),
        ("CC-BY-NC-SA-4.0", "cc", (True, True, False, True), "4.0", None),
        ("CC-BY-NC-ND-3.0", "cc", (True, False, True, True), "3.0", None),
        ("CC-BY-SA-2.0-UK", "cc", (True, True, False, False), "2.0", "UK"),
        ("CC-BY-3.0-IGO", "cc", (True, False, False, False), "3.0", "IGO"),
        ("LicenseRef-CC-BY-SA-unversioned", "cc", (True, True, False, False), None, None),
        ("CC-SA-1.0", "cc", (False, True, False, False), "1.0", None),
        ("CC0-1.0", "public-domain", (False, False, False, False), None, None),
        ("CC-PDM-1.0", "public-domain", (False, False, False, False), None, None),
        ("LicenseRef-All-Rights-Reserved", "all-rights-reserved", (False, False, False, False), None, None),
        ("unknown", "unknown", (False, False, False, False), None, None),
        ("MIT", "other", (False, False, False, False), None, None),
    ],
)
def test_licence_family(
    spdx: str, family: str, flags: tuple[bool, bool, bool, bool], version: str | None, port: str | None
) -> None:
    t = licence_family(spdx)
    assert (t.family, (t.attribution, t.sharealike, t.noderivatives, t.noncommercial), t.version, t.port) == (
        family, flags, version, port,
    )  # fmt: skip


def test_unspecified_cc_requires_attribution_but_has_unknown_terms() -> None:
    t = licence_family("LicenseRef-CC-unspecified")
    assert (t.family, t.attribution, t.specified) == ("cc", True, False)


@pytest.mark.parametrize(
    ("source", "target", "ok"),
    [
        ("CC-BY-SA-4.0", "CC-BY-SA-4.0", True),
        ("CC-BY-SA-3.0", "CC-BY-SA-4.0", True),
        ("CC-BY-SA-3.0", "CC-BY-SA-3.0", True),
        ("CC-BY-SA-4.0", "CC-BY-SA-3.0", False),
        ("CC-BY-SA-2.0-UK", "CC-BY-SA-2.0", True),
        ("CC-BY-SA-2.0-UK", "CC-BY-SA-4.0", True),
        ("CC-BY-SA-3.0-DE", "CC-BY-SA-3.0", True),
        ("CC-BY-SA-3.0", "CC-BY-SA-3.0-AT", True),
        ("CC-BY-NC-SA-3.0", "CC-BY-NC-SA-4.0", True),
        ("CC-BY-NC-SA-4.0", "CC-BY-SA-4.0", False),
        ("CC-BY-SA-4.0", "CC-BY-NC-SA-4.0", False),
        ("CC-BY-SA-4.0", "CC-BY-4.0", False),
        ("CC-BY-SA-4.0", "unknown", False),
        ("CC-BY-SA-4.0", "LicenseRef-All-Rights-Reserved", False),
        ("CC-BY-SA-4.0", "GPL-3.0-only", False),  # CC's GPLv3 compatibility is out of scope
        ("CC-BY-SA-1.0", "CC-BY-SA-1.0", True),
        ("CC-BY-SA-1.0", "CC-BY-SA-2.0", False),
        ("LicenseRef-CC-BY-SA-unversioned", "CC-BY-SA-3.0", True),
        ("CC-BY-SA-3.0", "LicenseRef-CC-BY-SA-unversioned", False),
        ("CC-BY-4.0", "LicenseRef-All-Rights-Reserved", True),  # no ShareAlike condition
    ],
)
def test_sharealike_compatible(source: str, target: str, ok: bool) -> None:
    assert sharealike_compatible(source, target) is ok


# --- issue 12: substantial reuse, one-line edges, uncertain direction, origins, unrecognised ------


def test_cc_errors_only_for_substantial_reuse() -> None:
    small = judge(edge(MEHR, party(2), "Iran said.", coverage=0.05, matched=1))
    assert rules(small) == {"missing-credit": "warning", "missing-licence-notice": "warning"}
    assert all(f.message.endswith("(reuse not substantial)") for f in small)
    big = judge(edge(MEHR, party(2), "Iran said.", coverage=0.05, matched=SUBSTANTIAL_SENTENCES))
    assert rules(big) == {"missing-credit": "error", "missing-licence-notice": "error"}
    text = WIKI_CREDIT + " Adapted from Wikipedia."
    assert rules(judge(edge(WIKI, party(2, "CC-BY-4.0"), text, adapted=True, coverage=0.1, matched=2))) == {
        "sharealike-mismatch": "warning"
    }


def test_a_non_derived_edge_of_one_line_is_at_most_a_warning() -> None:
    nd = party(1, "CC-BY-ND-4.0", publisher="The Conversation")
    text = "This article is republished from The Conversation under CC BY-ND 4.0."
    one_line = replace(
        edge(nd, party(2), text, adapted=True, coverage=0.05, matched=1), derivation="non-derived"
    )
    assert rules(judge(one_line)) == {"derivative-of-nd": "warning"}
    two_lines = replace(one_line, matched_sentences=2)
    assert rules(judge(two_lines)) == {"derivative-of-nd": "error"}
    assert rules(judge(replace(one_line, derivation="partially-derived"))) == {"derivative-of-nd": "error"}


def test_direction_uncertain_hedges_every_other_finding() -> None:
    undated = replace(MEHR, undated=True)
    facts = replace(edge(undated, party(2), "Iran said."), direction="by-ingest-order")
    findings = judge(facts)
    assert [(f.rule, f.severity) for f in findings] == [
        ("direction-uncertain", "warning"),
        ("missing-credit", "error"),
        ("missing-licence-notice", "error"),
    ]
    assert findings[0].message == (
        "doc 2 and doc 1 share text, but doc 1 is undated: which copied which is not known "
        "(doc 1 is taken as the earlier by ingest order)"
    )
    assert findings[1].message.startswith("if doc 2 copied doc 1: doc 2 reuses doc 1 (CC-BY-4.0")
    both = replace(facts, later=replace(party(2), undated=True))
    assert "doc 2 and doc 1 are undated" in judge(both)[0].message
    same_day = replace(facts, earlier=MEHR)
    assert "the same publication date" in judge(same_day)[0].message
    # the same holder on both sides: nothing to judge, not even the direction
    own = replace(facts, later=party(2, publisher="Mehr News Agency"))
    assert rules(judge(own)) == {"same-holder": "info"}


def test_origin_through_intermediaries_is_named() -> None:
    findings = judge(replace(edge(MEHR, party(3), CREDIT_AND_LICENCE), via=(2,)))
    assert findings[0].message.startswith("doc 3 reuses doc 1 (through doc 2) (CC-BY-4.0")


def test_unrecognised_licence_is_named_with_its_value() -> None:
    odd = party(1, "LicenseRef-unrecognised", publisher="Tasnim", licence_value="Free to share")
    [finding] = judge(edge(odd, party(2)))
    assert (finding.rule, finding.severity) == ("unlicensed-reuse", "error")
    assert "(licence not recognised ('Free to share'), Tasnim)" in finding.message
    assert licence_family("LicenseRef-unrecognised").family == "unknown"


# --- through the store: page credits and page licence notes of the later article --------------------


def test_page_credits_and_page_notes_count(store, tmp_path: Path) -> None:
    from sqlalchemy import insert, update

    import provenance
    from provenance.store.models import documents, licence_notes

    source = tmp_path / "mehr.txt"
    source.write_text((SEEDS / "000_19c93ae14d6297da.txt").read_text(encoding="utf-8"), encoding="utf-8")
    provenance.ingest(
        store,
        [str(source)],
        publisher="Mehr News Agency",
        licence="CC-BY-4.0",
        published_at=datetime(2022, 10, 15),
    )
    later = tmp_path / "copy.txt"
    later.write_text(source.read_text(encoding="utf-8") + "\nThe talks continue next week in Baghdad.")
    provenance.ingest(
        store, [str(later)], publisher="Daily Copy", licence="CC-BY-4.0", published_at=datetime(2022, 10, 16)
    )
    before = {f.rule for f in provenance.audit(store).findings}
    assert before == {"missing-credit", "missing-licence-notice"}
    with store.begin() as conn:
        conn.execute(
            update(documents).where(documents.c.id == 2).values(page_text="Source: Mehr News Agency")
        )
    assert {f.rule for f in provenance.audit(store).findings} == {"missing-licence-notice"}
    with store.begin() as conn:
        conn.execute(
            insert(licence_notes).values(
                document_id=2, spdx="CC-BY-4.0", holder=None, notice="CC BY 4.0", origin="page",
                found_in="a[rel=license]", scope="article", created_at=datetime(2024, 1, 1),
            )
        )  # fmt: skip
    assert provenance.audit(store).findings == []
    with store.begin() as conn:  # a JSON-LD isBasedOn link to Mehr's URL credits it as well
        conn.execute(
            update(documents).where(documents.c.id == 1).values(url="https://en.mehrnews.com/news/1")
        )
        conn.execute(
            update(documents)
            .where(documents.c.id == 2)
            .values(page_text="Based on: https://en.mehrnews.com/news/1")
        )
    assert provenance.audit(store).findings == []
