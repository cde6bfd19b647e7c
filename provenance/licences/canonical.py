"""Licence ids as users type them: "cc-by-4.0" → "CC-BY-4.0"."""

from __future__ import annotations

from functools import cache

from license_expression import get_spdx_licensing

from provenance.licences.ids import is_valid_licence_id


@cache
def _by_lower() -> dict[str, str]:
    symbols = get_spdx_licensing().known_symbols
    return {
        key.lower(): key
        for key, sym in symbols.items()
        if is_valid_licence_id(key) and not key.startswith("LicenseRef-")
    }


def canonical_licence_id(value: str) -> str | None:
    """The SPDX id (in its official case) or ``LicenseRef-`` id ``value`` names; None when it names none."""
    value = value.strip()
    if is_valid_licence_id(value):
        return value
    if value.lower().startswith("licenseref-"):
        fixed = "LicenseRef-" + value[len("licenseref-") :]
        return fixed if is_valid_licence_id(fixed) else None
    return _by_lower().get(value.lower())
