"""Compact, stable fingerprints of normalised text.

A fingerprint is a signed 64-bit integer (it fits a SQL ``BIGINT`` on every
engine) taken from BLAKE2b, so it is stable across processes and Python
versions, unlike ``hash()``.
"""

from __future__ import annotations

from hashlib import blake2b


def fingerprint(normalised: str) -> int:
    """Signed 64-bit BLAKE2b digest of an already normalised string."""
    digest = blake2b(normalised.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
