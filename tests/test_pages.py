"""Issue 12's acceptance suite: realistic news pages (tests/fixtures/pages/) through the real pipeline.

Each page is read by ``provenance.readers.iter_articles`` and prepared by ``provenance.prepare.prepare``
exactly as ``provenance ingest`` does, and the result is checked field by field against one row of
``PAGES``. The expected values are what a careful reader of the page would record, not what the code
gives today:

* ``notes``: the exact set of licence notes as ``(spdx, holder, scope, origin)``. ``origin`` is
  "detected" for a notice in the article text, "page" for evidence in the markup or the page furniture
  (footer, ``rel="license"``, meta tags, JSON-LD, figure captions). One licence statement is one
  tuple: a ``rel="license"`` link inside the sentence that names the holder is that holder's note.
  Holders are compared as written, spaces collapsed, a final full stop dropped ("LTD." ends a sentence
  as often as an abbreviation).
* ``published`` / ``modified``: naive UTC, as the store keeps them; None for an undated page.
* ``language``: the page's language tag; a page that says only "de" is right as "de" or "de-DE".
* ``credits``: names (or URLs) that ``detect_credits`` must find in the text and the page's credit
  lines (a subset: other credits may be found too).
* ``warnings``: an int is the exact count; a tuple of strings must each appear in some warning; None
  is not checked (either is defensible).
* ``absent`` / ``present``: strings of the page furniture that must not leak into the article text, and
  of the article that must be in it.

``python -m tests.test_pages`` prints the figures of the closing note (notes found / expected, SPDX ids
right, holders right) and every mismatch, without pytest.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from provenance.store.records import NewDocument

PAGES_DIR = Path(__file__).resolve().parent / "fixtures" / "pages"
NOW = datetime(2026, 1, 1, 12, 0, 0)

ARR = "LicenseRef-All-Rights-Reserved"
CC_UNSPECIFIED = "LicenseRef-CC-unspecified"
UNRECOGNISED = "LicenseRef-unrecognised"

Note = tuple[str, str | None, str, str]  # (spdx, holder, scope, origin)


def P(spdx: str, holder: str | None = None, scope: str = "article") -> Note:
    """A note read from the page markup or furniture."""
    return (spdx, holder, scope, "page")


def D(spdx: str, holder: str | None = None, scope: str = "article") -> Note:
    """A note detected in the article text."""
    return (spdx, holder, scope, "detected")


def T(*parts: int) -> datetime:
    return datetime(*parts)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Page:
    name: str  # file stem in tests/fixtures/pages
    notes: set[Note]
    published: datetime | None
    title: str
    publisher: str | None
    url: str | None
    language: str | None
    authors: tuple[str, ...] | None  # None: not checked
    present: str
    absent: tuple[str, ...]
    modified: datetime | None = None
    credits: set[str] = field(default_factory=set)
    warnings: int | tuple[str, ...] | None = 0


# fmt: off
PAGES = [
    Page("01_globalvoices_footer_rel_license", {P("CC-BY-3.0", "Global Voices")},
         T(2024, 2, 14, 3, 20), "Fishers in Palawan fight a reclamation project that threatens their bay",
         "Global Voices", "https://globalvoices.org/2024/02/14/fishers-in-palawan-fight-a-reclamation-project/",
         "en", ("Mong Palatino",), "writ of kalikasan", ("Except where otherwise noted", "Subscribe"),
         credits={"Rappler"}),
    Page("02_gv_partner_republished", {D("CC-BY-3.0", "Global Voices"), P(ARR, "Borderless Herald")},
         T(2024, 2, 15, 3, 0), "Fishers in Palawan fight a reclamation project that threatens their bay",
         "Borderless Herald", "https://borderlessherald.net/asia/2024/02/15/palawan-fishers-reclamation/",
         "en", ("Mong Palatino",), "outrigger boats", ("All rights reserved", "New dams upstream"),
         credits={"Global Voices"}),
    Page("03_mehr_en_cc_chooser_footer", {P("CC-BY-4.0", "Mehr News Agency")},
         T(2024, 3, 12, 6, 45), "Iran, Iraq agree on joint plan to secure border", "Mehr News Agency",
         "https://en.mehrnews.com/news/213344/Iran-Iraq-agree-on-joint-plan-to-secure-border", "en", (),
         "TEHRAN, Mar. 12 (MNA)", ("All Content by Mehr News Agency", "Most Visited"), credits={"MNA"}),
    Page("04_mehr_fa_persian_footer", {P("CC-BY-4.0", "خبرگزاری مهر")},
         T(2024, 1, 20, 5, 0), "افتتاح خط جدید مترو در شرق تهران", "خبرگزاری مهر",
         "https://www.mehrnews.com/news/6051122/", "fa", (), "یازده ایستگاه", ("تحت مجوز", "پربازدیدترین")),
    Page("05_conversation_republished", {D(CC_UNSPECIFIED, "The Conversation"), P(ARR, "The Valley Courier")},
         T(2024, 5, 8, 12, 0), "Why the river that feeds our valley is running dry", "The Valley Courier",
         "https://valleycourier.com/news/2024/05/08/why-the-river-is-running-dry/", "en-US", ("Amina Yusuf",),
         "wet meadows", ("All rights reserved", "Council passes budget"), credits={"The Conversation"}),
    Page("06_jsonld_newsarticle_based_on", {P("CC-BY-SA-4.0", "World Affairs Daily")},
         T(2023, 9, 18, 12, 5), "Gulf states weigh a common electricity market", "World Affairs Daily",
         "https://worldaffairsdaily.com/2023/09/18/gulf-electricity-market", "en",
         ("Sara Karimi", "Daniel Okafor"), "interconnector", ("Rue du Rhône", "Energy Brief"),
         modified=T(2023, 9, 19, 6, 0),
         credits={"https://en.mehrnews.com/news/205871/Gulf-states-power-grid-talks"}),
    Page("07_propublica_rel_license_in_article",
         {D("CC-BY-NC-ND-3.0", "ProPublica"), P("CC-BY-NC-ND-3.0", "ProPublica")},
         T(2023, 10, 4, 13, 30), "Hospitals sued thousands of patients over unpaid bills during the pandemic",
         "Prairie Ledger", "https://prairieledger.org/2023/10/04/hospitals-sued-patients/", "en",
         ("Maya Lindqvist",), "charity care", ("Support nonprofit journalism", "Our newsletter"),
         credits={"ProPublica"}),
    Page("08_wikinews_cc_by_25", {P("CC-BY-2.5")},
         T(2023, 9, 5), "Volunteers count record number of loggerhead turtle nests on Greek island", "Wikinews",
         "https://en.wikinews.org/wiki/Volunteers_count_record_number_of_loggerhead_turtle_nests_on_Greek_island",
         "en", (), "loggerhead", ("All text created after September 25, 2005", "Create account"),
         modified=T(2023, 9, 6, 10, 12), credits={"Ionian Times"}),
    Page("09_reuters_arr_footer", {P(ARR, "Reuters")},
         T(2024, 1, 9, 7, 41), "Oil steadies as traders weigh Red Sea disruption against weak demand", "Reuters",
         "https://www.reuters.com/business/energy/oil-steadies-red-sea-disruption-2024-01-09/", "en",
         ("Florence Tan", "Emily Chow"), "(Reuters) -", ("All rights reserved", "All quotes delayed"),
         modified=T(2024, 1, 9, 9, 2), credits={"Reuters"}),
    Page("10_ap_copyright_in_article", {D(ARR, "The Associated Press")},
         T(2024, 4, 18, 21, 47), "Senate passes bill to expand broadband in rural areas", "Lakeside Gazette",
         "https://lakesidegazette.com/news/national/senate-passes-broadband-bill/article_4f1c2e9a.html", "en",
         ("Kevin Freking",), "Copyright 2024 The Associated Press", ("Powered by BLOX", "Classifieds"),
         credits={"AP"}),
    Page("11_wordpress_link_rel_license_chooser", {P("CC-BY-NC-SA-4.0", "Lena Marsh")},
         T(2023, 8, 21, 17, 45, 12), "The last ferry to Inishmore leaves at six", "Harbor Notes",
         "https://harbornotes.blog/2023/08/21/last-ferry-inishmore/", "en-US", ("Lena Marsh",), "Rossaveal",
         ("is licensed under a Creative Commons", "Thursday music sessions", "Proudly powered by"),
         modified=T(2023, 8, 22, 9, 3, 40)),
    Page("12_figcaption_photo_cc_by_sa", {P("CC-BY-SA-2.0", "Jane Doe", "media"), P("CC-BY-4.0")},
         T(2024, 6, 3, 6, 30), "Wind farm plan for the moor divides village", "Northern Lakes Review",
         "https://northernlakesreview.co.uk/news/wind-farm-plan-divides-village", "en-GB", ("Tom Beckett",),
         "peat bogs", ("Except where otherwise noted", "Bus cuts hit")),
    Page("13_photo_credit_does_not_lend_holder",
         {P("CC-BY-2.0", "Camilo Rueda López", "media"), D("CC-BY-4.0")},
         T(2023, 11, 27, 17, 0), "Colombia's páramo farmers trade potatoes for water", "Andes Dialogue",
         "https://andesdialogue.org/en/articles/paramo-farmers-water/", "en", ("Valentina Ortiz",),
         "This article is published under a Creative Commons Attribution 4.0", ("Republishing guidelines",)),
    Page("14_dcterms_license_meta", {P("CC-BY-NC-4.0")},
         T(2024, 7, 2), "Glacier retreat opens new lakes in the Alps", "Alpine Science Notes",
         "https://alpinesciencenotes.org/2024/07/glacier-lakes", "en", ("Lukas Berger",), "natural dams",
         ("Data protection", "Imprint")),
    Page("15_meta_copyright_and_arr_footer", {P(ARR, "World Affairs Daily")},
         T(2022, 4, 11, 7, 0), "Drought pushes Zambia to import maize for the first time in a decade",
         "World Affairs Daily", "https://worldaffairsdaily.com/2022/04/11/zambia-maize-imports", "en",
         ("Chileshe Mwanza",), "Maize meal", ("All rights reserved",)),
    Page("16_german_cc_chooser_sentence", {P("CC-BY-4.0")},
         T(2024, 3, 21, 15, 10), "Bundestag beschließt Gesetz gegen digitale Gewalt", "Netzbrief",
         "https://netzbrief.de/2024/03/bundestag-gesetz-digitale-gewalt/", "de", ("Anna Vogel",),
         "anonyme Täter", ("Dieser Inhalt ist unter", "Impressum")),
    Page("17_german_ported_licence", {P("CC-BY-NC-ND-3.0-DE")},
         T(2022, 11, 9, 18, 20), "Stadtrat stoppt Pläne für Seilbahn über den Rhein", "Rheinblick Blog",
         "https://rheinblick-blog.de/2022/11/stadtrat-stoppt-seilbahn/", "de-DE", ("Jonas Keller",), "Seilbahn",
         ("Alle Texte stehen", "Copyright ©")),
    Page("18_spanish_cc_reconocimiento", {P("CC-BY-4.0")},
         T(2024, 2, 27, 9, 45), "Vecinos de Lavapiés frenan el desalojo de un edificio centenario", "Diario Abierto",
         "https://diarioabierto.es/madrid/2024/02/lavapies-desalojo-edificio/", "es", ("Lucía Moreno",),
         "calle del Amparo", ("Esta obra está bajo", "Hazte socio")),
    Page("19_efe_agency_credit_arr", {P(ARR, "EFE")},
         T(2023, 5, 9, 11, 12), "El Gobierno aprueba un plan de ayudas para los agricultores afectados por la sequía",
         "Noticias del Sur", "https://noticiasdelsur.es/economia/2023/05/09/plan-ayudas-sequia/", "es",
         ("Agencia EFE",), "MADRID, 9 may (EFE).-", ("Está expresamente prohibida",), credits={"EFE"}),
    Page("20_french_cc_mis_a_disposition", {P("CC-BY-4.0")},
         T(2024, 6, 14, 6, 0), "À Marseille, les calanques limitent l'accès aux visiteurs cet été",
         "Le Journal des Communes", "https://journaldescommunes.fr/2024/06/marseille-calanques-quotas/", "fr",
         ("Claire Dubois",), "Sugiton", ("Ce contenu est mis à disposition", "Mentions légales")),
    Page("21_japantimes_afp_dash_credit", {P(ARR, "The Japan Times LTD.")},
         T(2023, 3, 26, 5, 25), "Japan's cherry blossoms bloom earliest on record in Kyoto", "The Japan Times",
         "https://www.japantimes.co.jp/news/2023/03/26/national/kyoto-cherry-blossoms-record/", "en",
         ("AFP-JIJI",), "Philosopher's Walk", ("All rights reserved", "Terms of service"), credits={"AFP"}),
    Page("22_jamaica_observer_arr_after_year", {P(ARR, "Jamaica Observer")},
         T(2022, 8, 15, 10, 0), "Fishermen count losses after storm surge batters Old Harbour Bay",
         "Jamaica Observer", "https://www.jamaicaobserver.com/2022/08/15/fishermen-count-losses-old-harbour-bay/",
         "en", ("Kimone Thompson",), "fish pots", ("All Rights Reserved", "Reggae Boyz")),
    Page("23_gleaner_company_photo_credit",
         {P(ARR, "The Gleaner Company (Media) Limited"), P("CC-BY-SA-3.0", "Marco Roepers", "media")},
         T(2024, 3, 11, 5, 11), "Blue Mountain coffee farmers look to tourism as prices fall", "The Gleaner",
         "https://jamaica-gleaner.com/article/business/20240311/blue-mountain-coffee-farmers-look-tourism", "en",
         ("Avia Collinder",), "Mavis Bank", ("All Rights Reserved", "ePaper")),
    Page("24_published_reporter_undated", {P(ARR, "The Published Reporter")},
         None, "Traders in Onitsha market count cost of fire that destroyed hundreds of stalls",
         "The Published Reporter", None, "en", ("Chinedu Okeke",), "textile section",
         ("© 2023", "Traders protest new levies")),
    Page("25_boingboing_cc_unspecified", {P(CC_UNSPECIFIED, "Boing Boing")},
         T(2023, 6, 12, 15, 4, 22), "A library in Helsinki lends out sewing machines, 3D printers and a drum kit",
         "Boing Boing", "https://boingboing.net/2023/06/12/helsinki-library-lends-things.html", "en-US",
         ("Rob Beschizza",), "drum kit", ("published under a Creative Commons license", "Cory Doctorow")),
    Page("26_fandom_cc_by_sa_unversioned", {P("LicenseRef-CC-BY-SA-unversioned")},
         None, "Harbourside Derby 2023", "Northern League Wiki",
         "https://northernleague.fandom.com/wiki/Harbourside_Derby_2023", "en", (), "Ellis Maddox",
         ("Community content is available", "Careers")),
    Page("27_community_qa_lowercase_cc_by_sa", {P("CC-BY-SA-4.0")},
         T(2024, 2, 2, 18, 22, 5), "How do I find out who owns a building that sits empty in my town?",
         "Civic Questions", "https://civicquestions.org/questions/48213/how-do-i-find-out-who-owns-an-empty-building",
         "en", None, "boarded up", ("user contributions licensed", "Hot network questions")),
    Page("28_cc0_waiver", {P("CC0-1.0", "Civic Data Desk")},
         T(2024, 4, 2, 20, 0), "City's bus ridership data shows recovery in evening trips", "Civic Data Desk",
         "https://civicdatadesk.org/stories/bus-ridership-evening-recovery/", "en", ("Priya Raman",),
         "evening service", ("has waived all copyright",)),
    Page("29_public_domain_mark", {D("CC-PDM-1.0")},
         T(2023, 1, 31, 10, 0), "Photographs of the 1953 flood found in a harbour master's attic",
         "Harbour Museum Journal", "https://harbourmuseum.org.uk/journal/1953-flood-photographs", "en-GB",
         ("Eleanor Pike",), "Public Domain Mark 1.0", ("registered charity", "Support us")),
    Page("30_footer_non_notices", {P(ARR, "Metro Tribune")},
         T(2024, 5, 21, 17, 30), "Council approves new cycle lanes on Kings Road after two-year fight",
         "Metro Tribune", "https://metrotribune.news/local/2024/05/21/kings-road-cycle-lanes/", "en",
         ("Hannah Osei",), "Kings Road",
         ("Lightbox2", "creativecommons.org/licenses/by/4.0", "All rights reserved", "Podcasts")),
    Page("31_rel_license_terms_of_use", {P(UNRECOGNISED), P(ARR, "Coastal Herald Media")},
         T(2024, 2, 8, 12, 15), "Ferry operator fined over late sailings to the islands", "Coastal Herald",
         "https://coastalherald.com/news/2024/02/08/ferry-operator-fined/", "en", ("Iain MacLeod",),
         "shipyard in Poland", ("Terms of use", "All rights reserved"), warnings=("/terms-of-use",)),
    Page("32_undated_licence_label", {P("CC-BY-SA-4.0")},
         None, "Volunteers restore the old tide mill on the estuary", "Estuary Voices", None, "en",
         ("Sam Whitlock",), "sluice gates", ("Licence: CC BY-SA 4.0", "Join us")),
    # The page's metadata (article:published_time) decides, as issue 12 asks ("From JSON-LD / Open Graph /
    # meta tags when present"); the visible <time> disagreeing is said in Article.date_note (tested below).
    Page("33_visible_date_disagrees_with_meta", {P(ARR, "The Morning Ledger")},
         T(2022, 7, 4, 10, 0), "Heatwave forces schools in the capital to close early", "The Morning Ledger",
         "https://morningledger.co.uk/news/heatwave-schools-close-early", "en", ("Rachel Adeyemi",),
         "school hall", ("All rights reserved",)),
    Page("34_jsonld_dates_og_mislabelled", {P(ARR, "Atlantic Wire Service")},
         T(2024, 1, 15, 7, 0), "Port strike ends after dockworkers accept pay offer", "Atlantic Wire Service",
         "https://atlanticwire.news/business/port-strike-ends-pay-offer", "en", ("Marcus Hale",),
         "night shift allowances", ("All rights reserved",), modified=T(2024, 1, 20, 12, 30)),
    Page("35_bad_jsonld_not_json", {P("CC-BY-4.0", "Lagos Metro Review")},
         T(2023, 9, 4, 8, 30), "Lagos opens its first light rail line after years of delays", "Lagos Metro Review",
         "https://lagosmetroreview.ng/2023/09/04/lagos-light-rail-opens/", "en", ("Funmi Adebayo",), "Mile 2",
         ("All content by Lagos Metro Review", "generated by the theme"), warnings=("JSON-LD",)),
    Page("36_jsonld_license_list", {P("CC-BY-4.0"), P("CC-BY-SA-4.0")},
         T(2023, 10, 10, 22, 0), "Open textbook project reaches a million students", "EdNews Commons",
         "https://ednewscommons.org/2023/10/open-textbooks-million-students", "en-US", ("Grace Liu",), "syllabus",
         ("Donate",), warnings=None),
    Page("37_jsonld_license_object", {P("CC-BY-NC-4.0")},
         T(2024, 3, 1), "Community radio station marks fifty years on air", "Valley Community Media",
         "https://valleycommunitymedia.org/news/radio-fifty-years", "en", ("Dev Patel",), "lottery grant",
         ("Volunteer",), warnings=("copyrightHolder",)),
    Page("38_fifty_licence_links_menu", {P("CC-BY-4.0")},
         T(2024, 2, 19, 10, 0), "Museums release more images for free reuse", "Open Culture Report",
         "https://openculturereport.org/2024/02/museums-free-images", "en", ("Ines Carvalho",), "licence fees",
         ("CC BY-NC-SA 3.0", "Licence guide", "Except where otherwise noted"), warnings=("",)),
    Page("39_stray_nul_byte", {P(ARR, "Harbour Times")},
         T(2023, 12, 4, 19, 0), "Harbour dredging resumes after court lifts injunction", "Harbour Times",
         "https://harbourtimes.co.nz/news/2023/12/05/dredging-resumes/", "en", ("Aroha Ngata",), "shellfish beds",
         ("All rights reserved", "tracking pixel"), warnings=None),
    Page("40_aggregator_source_line_mehr", {P(ARR, "Gulf Digest")},
         T(2024, 3, 12, 10, 40), "Iran, Iraq agree on joint plan to secure border", "Gulf Digest",
         "https://gulfdigest.net/middle-east/iran-iraq-border-plan-2024-03-12", "en", (), "Kurdistan Region",
         ("Source: Mehr News Agency", "Share on X", "All rights reserved"), credits={"Mehr News Agency"}),
    Page("41_lead_in_cc_by_20_generic", {P("CC-BY-2.0")},
         T(2022, 10, 17, 3, 30), "Makers in Nairobi build solar lamps from recycled phone batteries",
         "Tech Dispatch Africa", "https://techdispatch.africa/2022/10/nairobi-solar-lamps-recycled-batteries/", "en",
         ("Wanjiru Kamau",), "kerosene", ("If not explicitly specified otherwise",)),
    Page("42_cifor_credit_media_licence",
         {P("CC-BY-NC-ND-2.0", "Tomas Munita/CIFOR", "media"), P("CC-BY-NC-SA-4.0", "Forests News")},
         T(2023, 9, 25, 3, 0), "Peatland fires return to Central Kalimantan as dry season bites", "Forests News",
         "https://forestsnews.org/2023/09/peatland-fires-central-kalimantan", "en", ("Budi Santoso",),
         "canal blocks", ("Unless otherwise stated",), credits={"Tomas Munita/CIFOR"}),
    Page("43_luxurious_magazine_holder_before_sign", {P(ARR, "Luxurious Magazine")},
         T(2019, 5, 30, 11, 20), "A weekend on the Amalfi coast by vintage boat", "Luxurious Magazine",
         "https://www.luxuriousmagazine.com/amalfi-coast-vintage-boat/", "en-GB", ("Sophie Hartley",), "Cetara",
         ("Luxurious Magazine ©",)),
]
# fmt: on
BY_NAME = {p.name: p for p in PAGES}
IDS = [p.name for p in PAGES]


@dataclass(frozen=True)
class Read:
    """What the pipeline made of one page."""

    doc: NewDocument
    warnings: tuple[str, ...]
    notes: set[Note]
    credits: set[str]


@cache
def read(name: str) -> Read:
    from provenance.licences import detect_credits
    from provenance.prepare import Prepared, prepare
    from provenance.readers import Article, iter_articles

    items = list(iter_articles([str(PAGES_DIR / f"{name}.html")]))
    assert len(items) == 1 and isinstance(items[0], Article), f"{name}: not read as an article: {items}"
    prepared = prepare(items[0], NOW)
    assert isinstance(prepared, Prepared)
    doc = prepared.doc
    notes = {(n.spdx, _holder(n.holder), n.scope, n.origin) for n in doc.notes}
    found = detect_credits(doc.text + "\n" + (doc.page_text or ""))
    credits = {c.name for c in found if c.name} | {c.url for c in found if c.url}
    return Read(doc, tuple(getattr(prepared, "warnings", ())), notes, credits)  # none before issue 12


def _holder(holder: str | None) -> str | None:
    if holder is None:
        return None
    return " ".join(holder.split()).removesuffix(".") or None


def _expected_notes(page: Page) -> set[Note]:
    return {(spdx, _holder(holder), scope, origin) for spdx, holder, scope, origin in page.notes}


def _language_ok(expected: str | None, got: str | None) -> bool:
    if expected is None or got is None:
        return expected == got
    want, have = expected.lower(), got.lower().replace("_", "-")
    return have == want or ("-" not in want and have.split("-")[0] == want)


KNOWN_GAPS: dict[tuple[str, str], str] = {}
"""Rows a field of which the code does not yet get right, as (test, page) -> reason: strict xfails, so
that a fix is seen at once (the test then fails as XPASS and the entry must go). Empty since issue 12."""


def _rows(test: str, pages: list[Page]) -> list[Any]:
    return [
        pytest.param(p, id=p.name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[(test, p.name)]))
        if (test, p.name) in KNOWN_GAPS
        else pytest.param(p, id=p.name)
        for p in pages
    ]


def test_the_suite_has_every_page() -> None:
    files = sorted(p.stem for p in PAGES_DIR.glob("*.html"))
    assert files == sorted(IDS)
    assert len(PAGES) >= 30


@pytest.mark.parametrize("page", _rows("notes", PAGES))
def test_notes(page: Page) -> None:
    got, want = read(page.name).notes, _expected_notes(page)
    assert got == want, f"missing {sorted(want - got, key=str)}, extra {sorted(got - want, key=str)}"


@pytest.mark.parametrize("page", _rows("dates", PAGES))
def test_dates(page: Page) -> None:
    doc = read(page.name).doc
    assert (doc.published_at, doc.modified_at) == (page.published, page.modified)


@pytest.mark.parametrize("page", _rows("title_publisher_url", PAGES))
def test_title_publisher_url(page: Page) -> None:
    doc = read(page.name).doc
    got = (doc.title, doc.publisher, doc.url)
    assert got == (page.title, page.publisher, page.url)


@pytest.mark.parametrize("page", _rows("language", PAGES))
def test_language(page: Page) -> None:
    got = read(page.name).doc.language
    assert _language_ok(page.language, got), f"expected {page.language!r}, got {got!r}"


@pytest.mark.parametrize("page", [p for p in PAGES if p.authors is not None], ids=lambda p: p.name)
def test_authors(page: Page) -> None:
    assert tuple(read(page.name).doc.authors) == page.authors


@pytest.mark.parametrize("page", _rows("credits", [p for p in PAGES if p.credits]))
def test_credits(page: Page) -> None:
    got = read(page.name).credits
    assert page.credits <= got, f"missing {sorted(page.credits - got)} (found {sorted(got)})"


@pytest.mark.parametrize("page", [p for p in PAGES if p.warnings is not None], ids=lambda p: p.name)
def test_warnings(page: Page) -> None:
    got = read(page.name).warnings
    if isinstance(page.warnings, int):
        assert len(got) == page.warnings, got
    else:
        assert page.warnings is not None
        missing = [s for s in page.warnings if not any(s in w for w in got)]
        assert not missing and got, f"no warning says {missing}: {got}"


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_article_text_without_furniture(page: Page) -> None:
    text = read(page.name).doc.text
    assert page.present in text
    leaked = [s for s in page.absent if s in text]
    assert not leaked, f"page furniture in the article text: {leaked}"


def test_disagreeing_page_dates_are_said() -> None:
    from provenance.readers import Article, iter_articles

    [article] = [a for a in iter_articles([str(PAGES_DIR / "33_visible_date_disagrees_with_meta.html")])
                 if isinstance(a, Article)]  # fmt: skip
    assert article.date_note and "2022-06-30" in article.date_note and "2022-07-04" in article.date_note


def test_ingest_all_pages_through_the_cli(cli: Callable[..., Any]) -> None:
    """Every page is stored by one `provenance ingest`, and `licence list` has the notes each page gave."""
    res = cli("ingest", str(PAGES_DIR))
    assert res.exit_code == 0, res.stderr
    listed = json.loads(cli("licence", "list", "--format", "json").stdout)["licences"]
    stored: dict[str, set[Note]] = {}
    for e in listed:
        if e["document"]:
            stored.setdefault(e["document"], set()).add(
                (e["spdx"], _holder(e["holder"]), e["scope"], e["origin"])
            )
    docs = json.loads(cli("docs", "--format", "json").stdout)
    assert len(docs["documents"]) == len(PAGES)
    for page in PAGES:
        assert stored.get(f"{page.name}.html", set()) == read(page.name).notes, page.name


# ----------------------------------------------------------------------------- the closing note's figures


def figures() -> tuple[dict[str, int], list[tuple[str, str, object, object]]]:
    """Over all pages: expected notes found exactly, extra notes, SPDX ids right, holders right; and every
    mismatch as (page, field, expected, got)."""
    counts = dict.fromkeys(
        ("pages", "notes expected", "notes found exactly", "extra notes", "spdx right", "holders right"), 0
    )
    wrong: list[tuple[str, str, object, object]] = []
    for page in PAGES:
        counts["pages"] += 1
        try:
            got = read(page.name)
        except Exception as err:  # a page that does not go through at all: every field is wrong
            wrong.append((page.name, "read", "an article", f"{type(err).__name__}: {err}"))
            counts["notes expected"] += len(page.notes)
            continue
        want = _expected_notes(page)
        counts["notes expected"] += len(want)
        counts["notes found exactly"] += len(want & got.notes)
        counts["extra notes"] += len(got.notes - want)
        exact = want & got.notes
        extra = got.notes - want
        counts["spdx right"] += len(exact)
        counts["holders right"] += len(exact)
        for spdx, holder, scope, _origin in want - got.notes:
            same = [n for n in extra if n[0] == spdx and n[2] == scope]
            counts["spdx right"] += bool(same)  # the licence is right, the holder (or the origin) is not
            counts["holders right"] += any(n[1] == holder for n in same)
        if got.notes != want:
            wrong.append(
                (page.name, "notes", sorted(want - got.notes, key=str), sorted(got.notes - want, key=str))
            )
        doc = got.doc
        checks: list[tuple[str, object, object, bool]] = [
            ("published_at", page.published, doc.published_at, page.published == doc.published_at),
            ("modified_at", page.modified, doc.modified_at, page.modified == doc.modified_at),
            ("title", page.title, doc.title, page.title == doc.title),
            ("publisher", page.publisher, doc.publisher, page.publisher == doc.publisher),
            ("url", page.url, doc.url, page.url == doc.url),
            ("language", page.language, doc.language, _language_ok(page.language, doc.language)),
        ]
        if page.authors is not None:
            checks.append(("authors", page.authors, tuple(doc.authors), page.authors == tuple(doc.authors)))
        if page.credits:
            checks.append(("credits", sorted(page.credits), sorted(got.credits), page.credits <= got.credits))
        if isinstance(page.warnings, int):
            checks.append(("warnings", page.warnings, list(got.warnings), len(got.warnings) == page.warnings))
        elif page.warnings is not None:
            ok = bool(got.warnings) and all(any(s in w for w in got.warnings) for s in page.warnings)
            checks.append(("warnings", list(page.warnings), list(got.warnings), ok))
        text = doc.text
        checks.append(("text has", page.present, "(missing)", page.present in text))
        leaked = [s for s in page.absent if s in text]
        checks.append(("text leaks", [], leaked, not leaked))
        wrong += [(page.name, name, exp, have) for name, exp, have, ok in checks if not ok]
    return counts, wrong


def main() -> int:
    counts, wrong = figures()
    n = counts["notes expected"]
    print(f"pages: {counts['pages']}")
    print(
        f"notes found exactly / expected: {counts['notes found exactly']}/{n}; extra notes: {counts['extra notes']}"
    )
    print(f"SPDX ids right: {counts['spdx right']}/{n}; holders right: {counts['holders right']}/{n}")
    print(f"mismatches: {len(wrong)}")
    for page, name, expected, got in wrong:
        print(f"  {page}  {name}: expected {expected!r}, got {got!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
