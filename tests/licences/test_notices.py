"""Licence notice detection: real-world wordings, negatives, offsets, id validation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.licences import (
    LICENSEREF_ARR,
    Notice,
    detect_notices,
    find_licences,
    is_valid_licence_id,
    licence_from_url,
)
from provenance.licences.ids import cc_id

ARR = LICENSEREF_ARR
MEHR = (
    "All Content by Mehr News Agency is licensed under a Creative Commons Attribution 4.0 International "
    "License."
)

# (wording as it stands in an article, expected id, expected holder, expected scope)
POSITIVES = [
    (MEHR, "CC-BY-4.0", "Mehr News Agency", "article"),
    (
        (
            "All Content by Mehr News Agency is licensed under a\nCreative Commons Attribution 4.0 "
            "International License."
        ),
        "CC-BY-4.0",
        "Mehr News Agency",
        "article",
    ),
    (
        (
            "This article is republished from The Conversation under a Creative Commons license. Read the "
            "original article."
        ),
        "LicenseRef-CC-unspecified",
        "The Conversation",
        "article",
    ),
    (
        (
            "Text is available under the Creative Commons "
            "Attribution-ShareAlike License 4.0; additional terms "
            "may apply."
        ),
        "CC-BY-SA-4.0",
        None,
        "article",
    ),
    (
        (
            "Text is available under the Creative Commons "
            "Attribution-ShareAlike 4.0 License; additional terms "
            "may apply."
        ),
        "CC-BY-SA-4.0",
        None,
        "article",
    ),
    (
        (
            "Text is available under the Creative Commons "
            "Attribution-ShareAlike License; additional terms may "
            "apply."
        ),
        "LicenseRef-CC-BY-SA-unversioned",
        None,
        "article",
    ),
    (
        (
            "This work is licensed under a Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 "
            "International "
            "License."
        ),
        "CC-BY-NC-ND-4.0",
        None,
        "article",
    ),
    ("© Copyright 2024 Pro Publica Inc.", ARR, "Pro Publica Inc.", "article"),
    (
        (
            "© 2005-2024 Global Voices. Some rights reserved. Except where otherwise noted, content on "
            "this site is "
            "licensed under a Creative Commons Attribution 3.0 License."
        ),
        "CC-BY-3.0",
        "Global Voices",
        "article",
    ),
    ("Content by Global Voices is available under CC BY 3.0.", "CC-BY-3.0", "Global Voices", "article"),
    (
        (
            "This work by Jane Doe is licensed under a Creative Commons Attribution-ShareAlike 3.0 Unported "
            "License."
        ),
        "CC-BY-SA-3.0",
        "Jane Doe",
        "article",
    ),
    ("This article by Jane Doe is licensed under CC BY 4.0.", "CC-BY-4.0", "Jane Doe", "article"),
    (
        (
            "This corpus is licensed under a Creative Commons Attribution-NonCommercial-ShareAlike 2.0 UK: "
            "England & "
            "Wales License."
        ),
        "CC-BY-NC-SA-2.0-UK",
        None,
        "article",
    ),
    ("The corpus is licensed under CC BY-NC-SA 2.0 UK.", "CC-BY-NC-SA-2.0-UK", None, "article"),
    (
        (
            "Except where otherwise noted, content on this site is licensed under a Creative Commons "
            "Attribution 2.0 UK: "
            "England & Wales License."
        ),
        "CC-BY-2.0",
        None,
        "article",
    ),
    (
        (
            "This work is licensed under a Creative Commons Attribution-NonCommercial-NoDerivs 3.0 Unported "
            "License."
        ),
        "CC-BY-NC-ND-3.0",
        None,
        "article",
    ),
    (
        (
            "This work is licensed under the Creative Commons Attribution-Noncommercial-Share Alike 3.0 "
            "United States "
            "License."
        ),
        "CC-BY-NC-SA-3.0",
        None,
        "article",
    ),
    (
        "This work is licensed under a Creative Commons Attribution 3.0 United States License.",
        "CC-BY-3.0-US",
        None,
        "article",
    ),
    (
        "This work is licensed under the Creative Commons Attribution-ShareAlike 3.0 Germany License.",
        "CC-BY-SA-3.0-DE",
        None,
        "article",
    ),
    (
        "This work is available under the Creative Commons Attribution 3.0 IGO license (CC BY 3.0 IGO).",
        "CC-BY-3.0-IGO",
        None,
        "article",
    ),
    (
        (
            "Unless otherwise stated, all articles on this website are published under a Creative Commons "
            "Attribution-NonCommercial 4.0 International License."
        ),
        "CC-BY-NC-4.0",
        None,
        "article",
    ),
    ("This article is licensed under CC BY-SA 4.0.", "CC-BY-SA-4.0", None, "article"),
    ("The text of this article is licensed under CC BY 4.0.", "CC-BY-4.0", None, "article"),
    ("Licensed under CC-BY-NC 2.0.", "CC-BY-NC-2.0", None, "article"),
    (
        "Republished under a Creative Commons Attribution-NoDerivatives 4.0 International licence.",
        "CC-BY-ND-4.0",
        None,
        "article",
    ),
    ("Jane Doe licenses this article under CC BY-SA 4.0.", "CC-BY-SA-4.0", "Jane Doe", "article"),
    ("“Parliament at dusk” by Jane Doe is licensed under CC BY 2.0.", "CC-BY-2.0", "Jane Doe", "article"),
    ("Licence: CC BY 4.0", "CC-BY-4.0", None, "article"),
    ("Creative Commons Attribution 4.0 International (CC BY 4.0)", "CC-BY-4.0", None, "article"),
    (
        "The minister left.\n\nhttps://creativecommons.org/licenses/by-nc/4.0/",
        "CC-BY-NC-4.0",
        None,
        "article",
    ),
    ("creativecommons.org/licenses/by/4.0/", "CC-BY-4.0", None, "article"),
    ("http://www.creativecommons.org/licenses/by-sa/3.0/de/", "CC-BY-SA-3.0-DE", None, "article"),
    ("https://creativecommons.org/licenses/by/2.0/uk/", "CC-BY-2.0", None, "article"),
    ("https://creativecommons.org/licenses/by-nc-sa/2.0/uk/legalcode", "CC-BY-NC-SA-2.0-UK", None, "article"),
    ("https://creativecommons.org/licenses/by-nd/4.0/deed.en", "CC-BY-ND-4.0", None, "article"),
    (
        (
            "This work is licensed under a Creative Commons Attribution 4.0 International License. To view "
            "a copy of this "
            "license, visit http://creativecommons.org/licenses/by/4.0/."
        ),
        "CC-BY-4.0",
        None,
        "article",
    ),
    (
        (
            "This work is dedicated to the public domain under CC0 1.0 Universal (CC0 1.0) Public Domain "
            "Dedication."
        ),
        "CC0-1.0",
        None,
        "article",
    ),
    ("https://creativecommons.org/publicdomain/zero/1.0/", "CC0-1.0", None, "article"),
    ("This work is marked with Public Domain Mark 1.0.", "CC-PDM-1.0", None, "article"),
    ("http://creativecommons.org/publicdomain/mark/1.0/", "CC-PDM-1.0", None, "article"),
    # photo and image credits license the picture, not the article
    ("Photo: Jane Doe / CC BY-SA 4.0", "CC-BY-SA-4.0", "Jane Doe", "media"),
    (
        "The minister spoke. Photo by John Smith via Flickr (CC BY-NC 2.0)",
        "CC-BY-NC-2.0",
        "John Smith",
        "media",
    ),
    ("(Photo: Wikimedia Commons/CC BY-SA 4.0)", "CC-BY-SA-4.0", "Wikimedia Commons", "media"),
    ("Image credit: NASA/JPL-Caltech (CC BY 2.0)", "CC-BY-2.0", "NASA/JPL-Caltech", "media"),
    ("Photo courtesy of Jane Doe (CC BY 2.0)", "CC-BY-2.0", "Jane Doe", "media"),
    ("Header image: Jane Doe, CC BY-SA 4.0, via Wikimedia Commons", "CC-BY-SA-4.0", "Jane Doe", "media"),
    ("This image is marked with the Public Domain Mark 1.0.", "CC-PDM-1.0", None, "media"),
    # copyright lines
    ("© 2024 Reuters. All rights reserved.", ARR, "Reuters", "article"),
    (
        (
            "Copyright 2022 The Associated Press. All rights reserved. This material may not be published, "
            "broadcast, "
            "rewritten or redistributed without permission."
        ),
        ARR,
        "The Associated Press",
        "article",
    ),
    ("Copyright © 2019-2022 Tehran Times. All rights reserved.", ARR, "Tehran Times", "article"),
    ("Copyright © 2024 BBC.", ARR, "BBC", "article"),
    (
        "© Guardian News & Media Limited or its affiliated companies. All rights reserved.",
        ARR,
        "Guardian News & Media Limited",
        "article",
    ),
    ("© Crown copyright 2024", ARR, "Crown", "article"),
    ("(c) 2021 Jane Doe", ARR, "Jane Doe", "article"),
    ("The minister left on Sunday.\nAll rights reserved.", ARR, None, "article"),
    ("Photo © Reuters", ARR, "Reuters", "media"),
]

NEGATIVES = [
    "The museum released 3,000 images under Creative Commons last year.",
    "Creative Commons, the nonprofit, announced a new version of its licences on Tuesday.",
    "Lawmakers debated copyright law reform in 2022.",
    "Copyright infringement claims rose sharply in 2023, the report said.",
    "Wikipedia's text is available under CC BY-SA 4.0, the foundation said.",
    "He said all rights reserved.",
    "The © symbol appears on every page.",
    "Flickr users have uploaded millions of photos under Creative Commons licences.",
    "The site's content is licensed under CC BY-SA, the company says.",
    "Articles published under Creative Commons licences are widely reused.",
    "Copyright 2022 legislation was passed by parliament.",
    "The agency said its content is licensed under CC BY 4.0.",
    "Under the deal, photos will be released under a Creative Commons licence, the agency said.",
    "The Creative Commons Attribution 4.0 licence lets anyone reuse work with credit.",
    "Authors retain copyright, and all rights reserved by them remain in force.",
    "She told the court that the photos were in the public domain.",
    "The CC BY licence requires attribution, experts note.",
    "Visit creativecommons.org/licenses/by/4.0 to read about the licence.",
    "The organisation's public domain dedication tool was updated.",
    "cc: Jane Doe, John Smith",
    "Attribution of the attack to the group was disputed.",
]


@pytest.mark.parametrize(("wording", "spdx", "holder", "scope"), POSITIVES)
def test_real_world_notice(wording: str, spdx: str, holder: str | None, scope: str) -> None:
    notices = detect_notices(wording)
    assert len(notices) == 1, notices
    (n,) = notices
    assert (n.spdx, n.holder, n.scope) == (spdx, holder, scope)
    assert wording[n.start : n.end] == n.text


@pytest.mark.parametrize("wording", NEGATIVES)
def test_mention_is_not_a_notice(wording: str) -> None:
    assert detect_notices(wording) == []


def test_notice_inside_an_article_keeps_offsets_and_text() -> None:
    article = f"TEHRAN (MNA) – Iran said on Sunday.\n\nThe talks were held in Baghdad. {MEHR}\n"
    (n,) = detect_notices(article)
    assert n.text == MEHR
    assert article[n.start : n.end] == MEHR


def test_copyright_line_next_to_cc_notice_names_the_holder_only() -> None:
    (n,) = detect_notices("© 2022 Jane Doe. This work is licensed under CC BY 4.0.")
    assert (n.spdx, n.holder) == ("CC-BY-4.0", "Jane Doe")


def test_explicit_all_rights_reserved_is_kept_beside_a_photo_licence() -> None:
    text = "Photo: Jane Doe / CC BY-SA 4.0\n\nThe minister spoke.\n\n© 2024 Reuters. All rights reserved."
    got = [(n.spdx, n.holder, n.scope) for n in detect_notices(text)]
    assert got == [("CC-BY-SA-4.0", "Jane Doe", "media"), (ARR, "Reuters", "article")]


def test_text_without_any_trigger_is_cheap_and_empty() -> None:
    assert detect_notices("The talks were held in Baghdad on Saturday. " * 200) == []
    assert detect_notices("") == []


# --- ids -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spdx", "valid"),
    [
        ("CC-BY-4.0", True),
        ("CC-BY-NC-SA-2.0-UK", True),
        ("CC-BY-3.0-IGO", True),
        ("CC0-1.0", True),
        ("CC-PDM-1.0", True),
        ("MIT", True),
        ("LicenseRef-All-Rights-Reserved", True),
        ("LicenseRef-CC-BY-SA-unversioned", True),
        ("CC-BY-9.9", False),  # made up
        ("CC-BY-2.0-UK", False),  # SPDX has the UK port of BY-SA and BY-NC-SA only
        ("CC-BY-SA-4.0-FR", False),
        ("cc-by-4.0", False),  # ids are produced in their canonical case
        ("Classpath-exception-2.0", False),  # an exception, not a licence
        ("LicenseRef-", False),
        ("LicenseRef-has space", False),
        ("", False),
    ],
)
def test_licence_ids_are_validated_against_the_spdx_list(spdx: str, valid: bool) -> None:
    assert is_valid_licence_id(spdx) is valid


def test_notice_rejects_a_made_up_id() -> None:
    with pytest.raises(ValueError, match="CC-BY-NC-7.0"):
        Notice("CC-BY-NC-7.0", None, "x", 0, 1)
    with pytest.raises(ValueError, match="scope"):
        Notice("CC-BY-4.0", None, "x", 0, 1, scope="footer")


@pytest.mark.parametrize(
    ("elements", "version", "port", "expected"),
    [
        (frozenset({"SA"}), "2.0", "UK", "CC-BY-SA-2.0-UK"),
        (frozenset(), "2.0", "UK", "CC-BY-2.0"),
        (frozenset({"NC", "SA"}), "3.0", "DE", "CC-BY-NC-SA-3.0-DE"),
        (frozenset({"NC"}), "3.0", "US", "CC-BY-NC-3.0"),
        (frozenset({"SA"}), "2.1", "JP", "CC-BY-SA-2.1-JP"),
        (frozenset(), "2.1", None, "LicenseRef-CC-BY-2.1"),
        (frozenset({"ND", "NC"}), None, None, "LicenseRef-CC-BY-NC-ND-unversioned"),
    ],
)
def test_cc_id_uses_spdx_ports_or_falls_back(
    elements: frozenset[str], version: str | None, port: str | None, expected: str
) -> None:
    got = cc_id(elements, version, port)
    assert got == expected and is_valid_licence_id(got)


def test_cc_id_refuses_sharealike_with_noderivatives() -> None:
    with pytest.raises(ValueError):
        cc_id(frozenset({"SA", "ND"}), "4.0")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://creativecommons.org/licenses/by/4.0/", "CC-BY-4.0"),
        ("creativecommons.org/licenses/by-nc-sa/2.0/uk", "CC-BY-NC-SA-2.0-UK"),
        ("http://creativecommons.org/licenses/by-nd-nc/1.0/", "CC-BY-NC-ND-1.0"),
        ("https://creativecommons.org/licenses/by-sa/", "LicenseRef-CC-BY-SA-unversioned"),
        ("https://creativecommons.org/publicdomain/zero/1.0/legalcode", "CC0-1.0"),
        ("https://example.org/licenses/by/4.0/", None),
    ],
)
def test_licence_from_url(url: str, expected: str | None) -> None:
    assert licence_from_url(url) == expected


def test_find_licences_merges_a_name_and_its_short_form() -> None:
    text = "under the Creative Commons Attribution 4.0 International License (CC BY 4.0) and"
    (m,) = find_licences(text)
    assert m.spdx == "CC-BY-4.0"
    assert text[m.start : m.end] == "Creative Commons Attribution 4.0 International License (CC BY 4.0)"


def test_find_licences_survives_text_whose_lower_case_changes_length() -> None:
    text = "İstanbul haberi. Licensed under CC BY 4.0."
    (n,) = detect_notices(text)
    assert n.spdx == "CC-BY-4.0" and text[n.start : n.end] == n.text


# --- offsets property ----------------------------------------------------------------------------

_ALPHABET = st.characters(codec="utf-8", categories=("L", "N", "P", "Zs", "S"), include_characters="\nİ©")
_EMBEDDED = [(w, spdx) for w, spdx, _, scope in POSITIVES if scope == "article" and not w.startswith("The ")]


@settings(max_examples=150, deadline=None)
@given(
    before=st.text(_ALPHABET, max_size=300),
    after=st.text(_ALPHABET, max_size=300),
    which=st.integers(0, len(_EMBEDDED) - 1),
)
def test_offsets_always_slice_the_notice_text(before: str, after: str, which: int) -> None:
    wording, spdx = _EMBEDDED[which]
    article = f"{before}\n\n{wording}\n\n{after}"
    notices = detect_notices(article)
    for n in notices:
        assert article[n.start : n.end] == n.text
        assert is_valid_licence_id(n.spdx)
    if spdx == "LicenseRef-All-Rights-Reserved" and find_licences(before + "\n" + after):
        return  # "Copyright © 2024 BBC." then "CC0": the copyright names the holder of that licence
    assert spdx in {n.spdx for n in notices}


@settings(max_examples=200, deadline=None)
@given(st.text(_ALPHABET, max_size=500))
def test_any_text_gives_well_formed_notices(article: str) -> None:
    for n in detect_notices(article):
        assert article[n.start : n.end] == n.text
        assert n.start < n.end


def test_merged_mention_at_the_very_end_keeps_offsets() -> None:
    for text in ("Licensed under Creative Commons (CC BY 4.0", "Licensed under Creative Commons (CC BY 4.0)"):
        (n,) = detect_notices(text)
        assert n.spdx == "CC-BY-4.0" and n.end <= len(text) and text[n.start : n.end] == n.text


_FRAGMENTS = [
    "Creative Commons", "Attribution", "-ShareAlike", " 4.0", " International", " License", "(",
    ")", ".", "CC BY-NC 2.0", "CC0", "https://creativecommons.org/licenses/by/4.0/",
    "creativecommons.org/publicdomain/", "©", " 2024", "All rights reserved",
    "Some rights reserved", "Photo:", "\n", "\n\n", " / ", "licensed under", "This work", " is ",
    "Copyright", " Jane Doe", "İ", " via ", "according to the", "(MNA)", " — ", "Reuters", "Inc.",
    "U.S.", "Except where otherwise noted, ", ",", ":", " ",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=30))
def test_licence_like_soup_gives_well_formed_notices(parts: list[str]) -> None:
    article = "".join(parts)
    for n in detect_notices(article):
        assert 0 <= n.start < n.end <= len(article)
        assert article[n.start : n.end] == n.text
        assert is_valid_licence_id(n.spdx)
