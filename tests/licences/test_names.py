"""Licence names and links as they arrive in markup, metadata and options: one grammar, the notices' ids."""

from __future__ import annotations

import pytest

from provenance.licences import LICENSEREF_UNRECOGNISED, is_valid_licence_id, licence_from_name

NAMES = [
    ("CC BY 4.0", "CC-BY-4.0"),
    ("CC-BY 4.0", "CC-BY-4.0"),
    ("cc by 4.0", "CC-BY-4.0"),
    ("CC BY-NC-ND 3.0", "CC-BY-NC-ND-3.0"),
    ("CC BY-NC-SA 4.0", "CC-BY-NC-SA-4.0"),
    ("CC-BY-SA 3.0 IGO", "CC-BY-SA-3.0-IGO"),
    ("cc by-sa 4.0", "CC-BY-SA-4.0"),
    ("CC BY-SA 3.0 DE", "CC-BY-SA-3.0-DE"),
    ("Attribution-NonCommercial 4.0 International", "CC-BY-NC-4.0"),
    ("Attribution-ShareAlike 4.0 International", "CC-BY-SA-4.0"),
    ("Attribution 4.0 International", "CC-BY-4.0"),
    ("Attribution-NonCommercial-NoDerivatives 4.0 International License", "CC-BY-NC-ND-4.0"),
    ("Creative Commons Attribution 4.0 International License", "CC-BY-4.0"),
    ("Creative Commons Attribution-ShareAlike 3.0 Unported", "CC-BY-SA-3.0"),
    ("Creative Commons Attribution 4.0 International (CC BY 4.0)", "CC-BY-4.0"),
    ("Licence: CC BY 4.0", "CC-BY-4.0"),
    ("License: CC BY-SA 4.0", "CC-BY-SA-4.0"),
    ("(CC BY 2.0)", "CC-BY-2.0"),
    ("CC BY 4.0 Deed", "CC-BY-4.0"),
    ("https://creativecommons.org/licenses/by/4.0/", "CC-BY-4.0"),
    ("https://creativecommons.org/licenses/by/4.0", "CC-BY-4.0"),
    ("http://creativecommons.org/licenses/by/4.0/", "CC-BY-4.0"),
    ("https://www.creativecommons.org/licenses/by/4.0/", "CC-BY-4.0"),
    ("creativecommons.org/licenses/by/3.0/", "CC-BY-3.0"),
    ("https://creativecommons.org/licenses/by-nc-sa/3.0/deed.de", "CC-BY-NC-SA-3.0"),
    ("https://creativecommons.org/licenses/by/4.0/deed.zh-hans", "CC-BY-4.0"),
    ("https://creativecommons.org/licenses/by/4.0/deed.en", "CC-BY-4.0"),
    ("https://creativecommons.org/licenses/by/4.0/legalcode", "CC-BY-4.0"),
    ("https://creativecommons.org/licenses/by-sa/4.0/legalcode.de", "CC-BY-SA-4.0"),
    ("https://creativecommons.org/licenses/by-sa/3.0/de/", "CC-BY-SA-3.0-DE"),
    ("https://creativecommons.org/licenses/by-nc-nd/3.0/igo/", "CC-BY-NC-ND-3.0-IGO"),
    ("https://creativecommons.org/licenses/by/2.5/", "CC-BY-2.5"),
    ("https://creativecommons.org/publicdomain/zero/1.0/", "CC0-1.0"),
    ("https://creativecommons.org/publicdomain/zero/1.0/legalcode", "CC0-1.0"),
    ("https://creativecommons.org/publicdomain/mark/1.0/", "CC-PDM-1.0"),
    ("CC0", "CC0-1.0"),
    ("CC0 1.0", "CC0-1.0"),
    ("CC0 1.0 Universal", "CC0-1.0"),
    ("Public Domain Mark", "CC-PDM-1.0"),
    ("Public Domain Mark 1.0", "CC-PDM-1.0"),
    ("All rights reserved", "LicenseRef-All-Rights-Reserved"),
    ("All Rights Reserved.", "LicenseRef-All-Rights-Reserved"),
    ("© 2022 World Affairs Daily. All rights reserved.", "LicenseRef-All-Rights-Reserved"),
    ("Creative Commons", "LicenseRef-CC-unspecified"),
    ("CC-BY-SA", "LicenseRef-CC-BY-SA-unversioned"),
    ("CC BY", "LicenseRef-CC-BY-unversioned"),
    ("cc-by-4.0", "CC-BY-4.0"),
    ("CC-BY-NC-SA-4.0", "CC-BY-NC-SA-4.0"),
    ("MIT", "MIT"),
    ("LicenseRef-house", "LicenseRef-house"),
    ("This work is licensed under a Creative Commons Attribution 4.0 International License.", "CC-BY-4.0"),
]
NOT_LICENCES = [
    "",
    "   ",
    "Some licence",
    "/terms-of-use",
    "https://example.com/terms",
    "Public Domain",
    "see our terms",
    "GPL-ish",
    "Attribution",
    "Creative Commons is a nonprofit organisation",
]


@pytest.mark.parametrize(("value", "spdx"), NAMES)
def test_licence_names_and_links_read_to_the_notices_ids(value: str, spdx: str):
    assert licence_from_name(value) == spdx
    assert is_valid_licence_id(spdx)


@pytest.mark.parametrize("value", NOT_LICENCES)
def test_values_that_name_no_licence_are_none(value: str):
    assert licence_from_name(value) is None


def test_the_unrecognised_id_is_a_valid_licenseref():
    assert is_valid_licence_id(LICENSEREF_UNRECOGNISED)
