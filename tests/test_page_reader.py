"""The page reader's metadata read from words rather than markup (provenance.readers.page): a
modification date in a footer line, a publisher from the title's site suffix, a Sources list."""

from __future__ import annotations

import pytest
from lxml import html

from provenance.licences import detect_credits
from provenance.readers.page import read_page


def _page(body: str, head: str = "") -> html.HtmlElement:
    return html.fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


@pytest.mark.parametrize(
    "line, iso",
    [
        ("This page was last edited on 6 September 2023, at 10:12.", "2023-09-06T10:12:00"),
        ("Diese Seite wurde zuletzt am 6. September 2023 um 10:12 Uhr bearbeitet.", "2023-09-06T10:12:00"),
        (
            "La dernière modification de cette page a été faite le 6 septembre 2023 à 10:12.",
            "2023-09-06T10:12:00",
        ),
        ("Esta página se editó por última vez el 6 sep 2023 a las 10:12.", "2023-09-06T10:12:00"),
        ("Last updated: 3 March 2024 10:12", "2024-03-03T10:12:00"),
        ("Last updated on March 3, 2024", "2024-03-03T00:00:00"),
    ],
)
def test_a_modification_date_in_words_is_read(line: str, iso: str) -> None:
    assert read_page(_page(f"<p>Story.</p><footer><p>{line}</p></footer>"), "Story.").meta.modified == iso


@pytest.mark.parametrize(
    "prose",
    [
        "The rules were last updated on 3 March 2020, the ministry said.",
        "We last updated our privacy policy in 2019.",
        "Last updated: soon.",
    ],
)
def test_prose_about_an_update_is_no_modification_date(prose: str) -> None:
    assert read_page(_page(f"<p>{prose}</p>"), prose).meta.modified is None


def test_meta_dates_win_over_words() -> None:
    page = _page(
        "<footer><p>This page was last edited on 6 September 2023, at 10:12.</p></footer>",
        '<meta property="article:modified_time" content="2023-09-07T08:00:00Z">',
    )
    assert read_page(page, "").meta.modified == "2023-09-07T08:00:00Z"


@pytest.mark.parametrize(
    "title, url, publisher",
    [
        ("Turtles nest - Wikinews, the free news source", "https://en.wikinews.org/wiki/Turtles", "Wikinews"),
        ("Cherry blossoms bloom | The Japan Times", "https://www.japantimes.co.jp/news/1", "The Japan Times"),
        ("BBC News - Storm hits coast", "https://www.bbc.co.uk/news/1", None),  # "BBC News" spells "bbcnews"
        (
            "Storm hits coast - Opinion",
            "https://example-daily.com/opinion/1",
            None,
        ),  # a section, not the site
        ("Storm hits coast - Wikinews", None, None),  # no URL to check the suffix against
    ],
)
def test_a_publisher_is_the_title_suffix_that_spells_the_host(
    title: str, url: str | None, publisher: str | None
) -> None:
    head = f"<title>{title}</title>" + (f'<link rel="canonical" href="{url}">' if url else "")
    assert read_page(_page("<p>x</p>", head), "x").meta.publisher == publisher


def test_a_site_name_meta_tag_wins_over_the_title() -> None:
    head = (
        '<title>Turtles - Wikinews</title><link rel="canonical" href="https://en.wikinews.org/wiki/T">'
        '<meta property="og:site_name" content="Wikinews (English)">'
    )
    assert read_page(_page("<p>x</p>", head), "x").meta.publisher == "Wikinews (English)"


def test_each_item_of_a_sources_list_is_a_credit() -> None:
    body = (
        "<p>Volunteers counted two thousand nests.</p>"
        '<h2><span class="mw-headline" id="Sources">Sources</span></h2>'
        '<ul><li>"Record turtle nesting season" — <i>Ionian Times</i>, September 4, 2023</li>'
        '<li>"Zakynthos beaches closed at night" — <i>Kathimerini</i>, 12 August 2023</li></ul>'
        "<h2>See also</h2><ul><li>Turtles of the Mediterranean — Wikipedia</li></ul>"
    )
    reading = read_page(_page(body), "Volunteers counted two thousand nests.")
    credits = [e.text for e in reading.evidence if e.kind == "credit"]
    assert len(credits) == 2 and all("See also" not in c and "Mediterranean" not in c for c in credits)
    names = {c.name for text in credits for c in detect_credits(text)}
    assert names == {"Ionian Times", "Kathimerini"}
