"""A page's evidence read as licence notes (provenance.licences.page): links, rights statements, lines."""

from __future__ import annotations

from provenance.licences.page import page_notes
from provenance.readers.page import PageEvidence

ARR = "LicenseRef-All-Rights-Reserved"


def _notes(*evidence: PageEvidence) -> list[tuple[str, str | None, str, str]]:
    return [(n.spdx, n.holder, n.scope, n.found_in) for n in page_notes(list(evidence)).notes]


def test_a_licence_link_its_footer_sentence_and_meta_tag_are_one_note_with_the_holder():
    got = _notes(
        PageEvidence("rel-license", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/", where="a[rel=license]"),
        PageEvidence("footer", "All Content by Mehr News Agency is licensed under a Creative Commons Attribution "
                     "4.0 International License.", where="footer"),
        PageEvidence("meta", "CC BY 4.0", where="meta dcterms.license"),
    )  # fmt: skip
    assert got == [("CC-BY-4.0", "Mehr News Agency", "article", "footer")]


def test_an_unrecognised_link_is_kept_with_a_warning():
    reading = page_notes([PageEvidence("rel-license", "Terms", "/terms-of-use", where="a[rel=license]")])
    assert [(n.spdx, n.notice) for n in reading.notes] == [("LicenseRef-unrecognised", "Terms")]
    assert reading.warnings == [
        "a[rel=license]: licence '/terms-of-use' not recognised; stored as LicenseRef-unrecognised"
    ]


def test_a_list_of_many_licence_links_is_no_notice():
    links = [
        PageEvidence("rel-license", f"CC {e} {v}", f"https://creativecommons.org/licenses/{e.lower()}/{v}/",
                     where="a[rel=license]")
        for e in ("BY", "BY-SA", "BY-NC") for v in ("2.0", "3.0", "4.0")
    ]  # fmt: skip
    footer = PageEvidence("footer", "Except where otherwise noted, this site is licensed under CC BY 4.0.")
    reading = page_notes([*links, footer])
    assert [(n.spdx, n.found_in) for n in reading.notes] == [("CC-BY-4.0", "footer")]
    assert any("9 different licences" in w for w in reading.warnings)


def test_rights_meta_tags_and_json_ld_holders():
    assert _notes(PageEvidence("meta", "World Affairs Daily", where="meta copyright")) == [
        (ARR, "World Affairs Daily", "article", "meta copyright")
    ]
    assert _notes(
        PageEvidence("json-ld", "", "https://creativecommons.org/licenses/by-sa/4.0/", where="json-ld NewsArticle.license"),
        PageEvidence("json-ld", "", None, holder="Daily Ledger", where="json-ld NewsArticle.copyrightHolder"),
    ) == [("CC-BY-SA-4.0", "Daily Ledger", "article", "json-ld NewsArticle.license")]  # fmt: skip


def test_a_caption_licenses_the_picture_and_lends_no_holder():
    got = _notes(
        PageEvidence("figcaption", "Photo: Jane Doe / CC BY-SA 2.0", scope="media", where="figcaption"),
        PageEvidence(
            "rel-license", "", "https://creativecommons.org/licenses/by/4.0/", where="link[rel=license]"
        ),
    )
    assert got == [
        ("CC-BY-SA-2.0", "Jane Doe", "media", "figcaption"),
        ("CC-BY-4.0", None, "article", "link[rel=license]"),
    ]


def test_a_cc0_waiver_names_the_holder():
    got = _notes(
        PageEvidence("rel-license", "", "https://creativecommons.org/publicdomain/zero/1.0/", where="a[rel=license]"),
        PageEvidence("footer", "To the extent possible under law, Civic Data Desk has waived all copyright and "
                     "related rights to this work.", where="footer"),
    )  # fmt: skip
    assert got == [("CC0-1.0", "Civic Data Desk", "article", "a[rel=license]")]
