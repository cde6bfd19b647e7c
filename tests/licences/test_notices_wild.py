"""Notices as real pages word them (issue 12's list): the id, holder and scope each must give."""

from __future__ import annotations

import pytest

from provenance.licences import detect_notices

ARR = "LicenseRef-All-Rights-Reserved"
NOTICES = [
    ("Python Insider by the Python Core Developers is licensed under a Creative Commons "
     "Attribution-NonCommercial-ShareAlike 3.0 Unported License.",
     [("CC-BY-NC-SA-3.0", "the Python Core Developers", "article")]),
    ("If not explicitly specified otherwise, this work is licensed under a Creative Commons Attribution 2.0 "
     "Generic License", [("CC-BY-2.0", None, "article")]),
    ("Boing Boing is published under a Creative Commons license except where otherwise noted.",
     [("LicenseRef-CC-unspecified", "Boing Boing", "article")]),
    ("Community content is available under CC-BY-SA unless otherwise noted.",
     [("LicenseRef-CC-BY-SA-unversioned", None, "article")]),
    ("user contributions licensed under cc by-sa 4.0", [("CC-BY-SA-4.0", None, "article")]),
    ("Credit: Tomas Munita/CIFOR (CC BY-NC-ND 2.0)", [("CC-BY-NC-ND-2.0", "Tomas Munita/CIFOR", "media")]),
    ("© 2008-2020 Creative Commons BY", [("LicenseRef-CC-BY-unversioned", None, "article")]),
    ("Copyright © CC BY-NC-ND 3.0 DE · Impressum", [("CC-BY-NC-ND-3.0-DE", None, "article")]),
    ("Dieser Text steht unter der Creative Commons License 3.0 Germany (CC BY-NC-ND 3.0 DE).",
     [("CC-BY-NC-ND-3.0-DE", None, "article")]),
    ("© Camilo Rueda López / flickr.com | CC BY 2.0\nThis article is licensed under CC BY 4.0.",
     [("CC-BY-2.0", "Camilo Rueda López", "media"), ("CC-BY-4.0", None, "article")]),
    ("© 2023 - The Published Reporter.", [(ARR, "The Published Reporter", "article")]),
    ("© 2022 The Gleaner Company (Media) Limited. All rights reserved.",
     [(ARR, "The Gleaner Company (Media) Limited", "article")]),
    ("Photo: Marco Roepers [CC BY-SA 3.0]", [("CC-BY-SA-3.0", "Marco Roepers", "media")]),
    ("Luxurious Magazine © 2011-2019.", [(ARR, "Luxurious Magazine", "article")]),
    ("The Japan Times LTD. All rights reserved.", [(ARR, "The Japan Times LTD.", "article")]),
    ("Jamaica Observer, 2022 © All Rights Reserved", [(ARR, "Jamaica Observer", "article")]),
    ("Except where otherwise noted, content on Global Voices is licensed under a Creative Commons "
     "Attribution 3.0 license.", [("CC-BY-3.0", "Global Voices", "article")]),
    ("Harbor Notes by Lena Marsh is licensed under a Creative Commons Attribution-NonCommercial-ShareAlike 4.0 "
     "International License.", [("CC-BY-NC-SA-4.0", "Lena Marsh", "article")]),
    ("This article first appeared on Global Voices and is republished under a Creative Commons Attribution 3.0 "
     "license.", [("CC-BY-3.0", "Global Voices", "article")]),
    ("This story was originally published by ProPublica, a Pulitzer Prize-winning investigative newsroom. It is "
     "republished under a Creative Commons Attribution-NonCommercial-NoDerivs 3.0 license.",
     [("CC-BY-NC-ND-3.0", "ProPublica", "article")]),
    ("Unless otherwise stated, Forests News content is licensed under a Creative Commons "
     "Attribution-NonCommercial-ShareAlike 4.0 International License.",
     [("CC-BY-NC-SA-4.0", "Forests News", "article")]),
    # the licence chooser's sentences in German, Spanish, French and Persian
    ("Dieser Inhalt ist unter einer Creative Commons Namensnennung 4.0 International Lizenz lizenziert.",
     [("CC-BY-4.0", None, "article")]),
    ("Dieses Werk ist lizenziert unter einer Creative Commons Namensnennung - Nicht kommerziell - Weitergabe "
     "unter gleichen Bedingungen 4.0 International Lizenz.", [("CC-BY-NC-SA-4.0", None, "article")]),
    ("Dieses Werk ist lizenziert unter einer Creative Commons Namensnennung - Keine Bearbeitungen 4.0 "
     "International Lizenz.", [("CC-BY-ND-4.0", None, "article")]),
    ("Esta obra está bajo una licencia de Creative Commons Reconocimiento 4.0 Internacional.",
     [("CC-BY-4.0", None, "article")]),
    ("Esta obra está bajo una Licencia Creative Commons Atribución-NoComercial-SinDerivadas 4.0 Internacional.",
     [("CC-BY-NC-ND-4.0", None, "article")]),
    ("Esta obra está bajo una licencia de Creative Commons Reconocimiento-CompartirIgual 4.0 Internacional.",
     [("CC-BY-SA-4.0", None, "article")]),
    ("Ce contenu est mis à disposition selon les termes de la Licence Creative Commons Attribution 4.0 "
     "International.", [("CC-BY-4.0", None, "article")]),
    ("Cette œuvre est mise à disposition selon les termes de la Licence Creative Commons Attribution - Pas "
     "d'Utilisation Commerciale - Partage dans les Mêmes Conditions 4.0 International.",
     [("CC-BY-NC-SA-4.0", None, "article")]),
    ("تمامی محتوای این سایت تحت مجوز Creative Commons Attribution 4.0 International License منتشر می‌شود.",
     [("CC-BY-4.0", None, "article")]),
    ("تمامی محتوای خبرگزاری مهر تحت مجوز کریتیو کامنز Attribution 4.0 International منتشر می‌شود.",
     [("CC-BY-4.0", "خبرگزاری مهر", "article")]),
    ("Todo el contenido de Diario Abierto está bajo una licencia Creative Commons Atribución 4.0 Internacional.",
     [("CC-BY-4.0", "Diario Abierto", "article")]),
    ("Todo el contenido de este sitio está bajo una licencia Creative Commons Atribución 4.0 Internacional.",
     [("CC-BY-4.0", None, "article")]),
    ("Alle Inhalte von Netzpolitik stehen unter einer Creative Commons BY-NC-SA 4.0 Lizenz.",
     [("CC-BY-NC-SA-4.0", "Netzpolitik", "article")]),
]  # fmt: skip
NOT_NOTICES = [
    "I think https://creativecommons.org/licenses/by/4.0/ would be better for your blog, what do you think?",
    "Lightbox2 © Lokesh Dhakar licensed under the MIT license",
    "Home | About | Creative Commons | Contact",
    "The © symbol appears on every page.",
    "The agency said its content is licensed under CC BY 4.0.",
    "Der Verlag steht unter Druck, seit die Creative Commons Stiftung 2020 eine Studie veröffentlichte.",
]


@pytest.mark.parametrize(("wording", "expected"), NOTICES, ids=[w[:40] for w, _ in NOTICES])
def test_real_notice_gives_its_id_holder_and_scope(wording: str, expected: list[tuple[str, str | None, str]]):
    assert [(n.spdx, n.holder, n.scope) for n in detect_notices(wording)] == expected


@pytest.mark.parametrize("wording", NOT_NOTICES, ids=[w[:40] for w in NOT_NOTICES])
def test_not_a_notice(wording: str):
    assert detect_notices(wording) == []
