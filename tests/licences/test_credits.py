"""Attribution credits: real-world wordings, negatives and the "is the source credited?" question."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.licences import Credit, credits_name, detect_credits, url_matches

# (text, expected kind, expected name, expected url) — the credit must be among those detected
POSITIVES = [
    ("TEHRAN, Oct. 09 (MNA) – Iran's foreign minister said on Sunday.", "agency-tag", "MNA", None),
    ("TEHRAN (MNA) – Iran's foreign minister said on Sunday.", "agency-tag", "MNA", None),
    ("WASHINGTON (Reuters) - The U.S. Senate passed the bill.", "agency-tag", "Reuters", None),
    ("(AP) — The storm hit the coast on Monday.", "agency-tag", "AP", None),
    ("LONDON, March 3 (AFP) - Prices rose.", "agency-tag", "AFP", None),
    ("He praised bilateral relations.\n(MNA)", "agency-tag", "MNA", None),
    ("MADRID, 9 may (EFE).- El Consejo de Ministros ha aprobado el plan.", "agency-tag", "EFE", None),
    ("PARÍS, 3 jun (EFE).- El Gobierno francés anunció el plan.", "agency-tag", "EFE", None),
    ("PARIS, 3 juin 2024 (AFP) - Le gouvernement a annoncé un plan.", "agency-tag", "AFP", None),
    ("Hamburg (dpa) - Der Senat hat den Plan beschlossen.", "agency-tag", "dpa", None),
    ("BERLIN, 3. Juni (dpa) - Die Regierung hat den Plan beschlossen.", "agency-tag", "dpa", None),
    ("The minister made the remarks on Sunday. — Reuters", "dash-credit", "Reuters", None),
    ("The storm hit the coast.\n—AP", "dash-credit", "AP", None),
    ("Source: Mehr News Agency", "source-line", "Mehr News Agency", None),
    ("Iran's oil exports rose. (Source: Tasnim News Agency)", "source-line", "Tasnim News Agency", None),
    (
        "Source: https://en.mehrnews.com/news/1",
        "source-line",
        "https://en.mehrnews.com/news/1",
        "https://en.mehrnews.com/news/1",
    ),
    (
        "The deal was signed, according to the Mehr News Agency (MNA).",
        "according-to",
        "Mehr News Agency",
        None,
    ),
    ("Prices rose, according to a report by The Guardian.", "according-to", "The Guardian", None),
    ("The ship was seized, according to Reuters.", "according-to", "Reuters", None),
    ("The ship was seized, according to IRNA.", "according-to", "IRNA", None),
    ("According to Al Jazeera, the talks resumed.", "according-to", "Al Jazeera", None),
    ("This story was originally published by ProPublica.", "originally-published", "ProPublica", None),
    (
        "This article was originally published on The Conversation.",
        "originally-published",
        "The Conversation",
        None,
    ),
    (
        "This article was originally published on mehrnews.com.",
        "originally-published",
        "mehrnews.com",
        "mehrnews.com",
    ),
    (
        "This article is republished from The Conversation under a Creative Commons license.",
        "originally-published",
        "The Conversation",
        None,
    ),
    ("Reprinted with permission from the Tehran Times.", "originally-published", "Tehran Times", None),
    ("This article first appeared on Global Voices.", "first-appeared", "Global Voices", None),
    ("This story first appeared in The Texas Tribune.", "first-appeared", "The Texas Tribune", None),
    ("The video was shared widely (via AP).", "via", "AP", None),
    ("Photo via Flickr", "via", "Flickr", None),
    ("Photo courtesy of the Smith Family Foundation.", "courtesy", "Smith Family Foundation", None),
    (
        "Read more at https://en.mehrnews.com/news/192345/Iran-Iraq-talks.",
        "link",
        None,
        "https://en.mehrnews.com/news/192345/Iran-Iraq-talks",
    ),
    (
        "This article was adapted from a report by the Mehr News Agency.",
        "changes-indicated",
        "Mehr News Agency",
        None,
    ),
    ("Translated from Persian by Jane Doe.", "changes-indicated", None, None),
    ("This article has been edited for length and clarity.", "changes-indicated", None, None),
    ("Changes were made to the original.", "changes-indicated", None, None),
    ("Based on reporting by the Associated Press.", "changes-indicated", "Associated Press", None),
    (
        (
            "All Content by Mehr News Agency is licensed under a Creative Commons Attribution 4.0 "
            "International "
            "License."
        ),
        "licence-named",
        "Mehr News Agency",
        None,
    ),
    ("The talks went well (CC BY-SA 4.0).", "licence-named", None, None),
    (
        "More at creativecommons.org/licenses/by/4.0/ on licences.",
        "licence-named",
        None,
        "creativecommons.org/licenses/by/4.0/",
    ),
]

# (text, kinds that must not be detected)
NEGATIVES = [
    ("The deal was signed, according to officials.", {"according-to"}),
    ("The figures were revised, according to the report.", {"according-to"}),
    ("Iraq must act, according to Iranian Foreign Minister Hossein Amir Abdollahian.", {"according-to"}),
    ("According to analysts, prices will rise.", {"according-to"}),
    ("Recently, Islamic Revolution Guards Corps (IRGC) launched a series of attacks.", {"agency-tag"}),
    ("The summit (CICA) in Astana was praised.", {"agency-tag"}),
    ("Er sagte (sic) - und ging.", {"agency-tag"}),
    ("The score (ok) - as reported - stood.", {"agency-tag"}),
    ("He said it was fine (sic)", {"agency-tag"}),
    ("Flights go via Dubai every day.", {"via"}),
    ("Based on the Iraqi constitution, no individual is allowed to do this.", {"changes-indicated"}),
    ("The law was modified last year.", {"changes-indicated"}),
    ("Changes were made to the law in 2021.", {"changes-indicated"}),
    ("The crops were genetically modified.", {"changes-indicated"}),
    ("He spoke in a low-key tone - softly.", {"dash-credit"}),
]


@pytest.mark.parametrize(("text", "kind", "name", "url"), POSITIVES)
def test_real_world_credit(text: str, kind: str, name: str | None, url: str | None) -> None:
    credits = detect_credits(text)
    found = [c for c in credits if c.kind == kind]
    assert found, credits
    c = found[0]
    assert c.name == name
    if url is not None or kind != "licence-named":
        assert c.url == url
    assert text[c.start : c.end] == c.text


@pytest.mark.parametrize(("text", "kinds"), NEGATIVES)
def test_not_a_credit(text: str, kinds: set[str]) -> None:
    assert not [c for c in detect_credits(text) if c.kind in kinds]


def test_licence_named_credit_carries_the_licence_id() -> None:
    (c,) = [c for c in detect_credits("The talks went well (CC BY-SA 4.0).") if c.kind == "licence-named"]
    assert c.licence == "CC-BY-SA-4.0"
    (u,) = detect_credits("https://creativecommons.org/licenses/by-nc/4.0/")
    assert (u.kind, u.licence) == ("licence-named", "CC-BY-NC-4.0")


def test_unknown_kind_is_rejected() -> None:
    with pytest.raises(ValueError):
        Credit("hat-tip", None, None, "x", 0, 1)


def test_seed_style_article_has_only_its_own_credits() -> None:
    text = (
        "TEHRAN, Oct. 09 (MNA) – The Iraqi government must act, according to Iranian Foreign Minister "
        "Hossein Amir-Abdollahian. Recently, Islamic Revolution Guards Corps (IRGC) launched attacks. "
        "Based on Iraq's constitution, no movement may disturb the neighbors."
    )
    assert [(c.kind, c.name) for c in detect_credits(text)] == [("agency-tag", "MNA")]


# --- credits_name --------------------------------------------------------------------------------


def _credits(text: str) -> list[Credit]:
    return detect_credits(text)


@pytest.mark.parametrize(
    ("text", "names", "urls", "expected"),
    [
        ("TEHRAN (MNA) – Iran said.", ["Mehr News Agency", "MNA"], [], True),
        ("TEHRAN (MNA) – Iran said.", ["Mehr News Agency"], [], False),
        ("The deal was signed, according to the Mehr News Agency.", ["Mehr News Agency"], [], True),
        ("The deal was signed, according to the Mehr News Agency.", ["the mehr news agency"], [], True),
        ("The deal was signed, according to the Mehr News Agency (MNA).", ["MNA"], [], True),
        ("Source: IRNA, Mehr News Agency", ["Mehr News Agency"], [], True),
        ("Source: Mehrabad Airport", ["Mehr"], [], False),
        ("This story first appeared in The Texas Tribune.", ["Texas Tribune"], [], True),
        ("The deal was signed, according to Reuters.", ["Mehr News Agency", "MNA"], [], False),
        ("The deal was signed, according to officials at Mehr News Agency.", ["Mehr News Agency"], [], False),
        (
            "Read https://en.mehrnews.com/news/192345/Iran-Iraq-talks",
            [],
            ["http://www.en.mehrnews.com/news/192345/"],
            True,
        ),
        ("Read https://en.mehrnews.com/news/192345/Iran-Iraq-talks", [], ["https://en.mehrnews.com/"], True),
        (
            "Read https://en.mehrnews.com/news/192345",
            [],
            ["en.mehrnews.com/news/192345/Iran-Iraq-talks"],
            True,
        ),
        ("Read https://en.mehrnews.com/news/99", [], ["https://en.mehrnews.com/news/192345"], False),
        ("Read https://tehrantimes.com/news/192345", [], ["https://en.mehrnews.com/news/192345"], False),
        (
            "This article was originally published on mehrnews.com.",
            [],
            ["https://www.mehrnews.com/news/1"],
            True,
        ),
        ("No credit here at all.", ["Mehr News Agency"], ["https://en.mehrnews.com/"], False),
    ],
)
def test_credits_name(text: str, names: list[str], urls: list[str], expected: bool) -> None:
    assert credits_name(_credits(text), names, urls) is expected


def test_credits_name_ignores_empty_names() -> None:
    assert credits_name(_credits("(MNA) – x"), ["", "  "]) is False


@pytest.mark.parametrize(
    ("link", "target", "expected"),
    [
        ("HTTPS://WWW.Example.com/a/b/", "http://example.com/a/b", True),
        ("example.com/a", "example.com/a/b", True),
        ("example.com/ab", "example.com/a", False),
        ("example.com/a?x=1#top", "example.com/a", True),
        ("news.example.com/a", "example.com/a", False),
    ],
)
def test_url_matches(link: str, target: str, expected: bool) -> None:
    assert url_matches(link, target) is expected


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(codec="utf-8", include_characters="\n()—–-:©"), max_size=400))
def test_any_text_gives_well_formed_credits(text: str) -> None:
    for c in detect_credits(text):
        assert text[c.start : c.end] == c.text


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "TEHRAN", " (MNA) ", "(Reuters)", " – ", "\n", ". ", "according to the",
                " Mehr News Agency", " officials", "Source:", " via ", "AP", "courtesy of",
                "originally published by", " The Guardian", "https://en.mehrnews.com/news/1",
                "CC BY 4.0", "adapted from", "This article", " was edited", "—", "Reuters", "İ",
                "(", ")",
            ]
        ),
        max_size=25,
    )
)  # fmt: skip
def test_credit_like_soup_gives_well_formed_credits(parts: list[str]) -> None:
    text = "".join(parts)
    for c in detect_credits(text):
        assert 0 <= c.start <= c.end <= len(text)
        assert text[c.start : c.end] == c.text
