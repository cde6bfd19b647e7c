"""Standard input: its format guessed from its first bytes, and those bytes read again."""

from __future__ import annotations

import json
from typing import BinaryIO

from provenance.readers.markdown import FRONT_MATTER

GUESS_BYTES = 64 * 1024  # at most this much of the first line is read to guess the format


def guess_format(head: bytes) -> str:
    """The input format of a stream from its first bytes: html for a page's start tags, jsonl for a
    first line that is a JSON object with "text", md for a front matter block, else txt."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<!--")) or (
        start.startswith(b"<?xml") and b"<html" in start[:2048]
    ):
        return "html"
    first = start.split(b"\n", 1)[0]
    if first.startswith(b"{"):
        try:
            obj = json.loads(head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0])
        except (ValueError, RecursionError):
            obj = None
        if isinstance(obj, dict) and "text" in obj:
            return "jsonl"
    if start.startswith(b"---") and FRONT_MATTER.match(
        head.lstrip(b"\xef\xbb\xbf").decode("utf-8", "replace")
    ):
        return "md"
    return "txt"


def read_head(stream: BinaryIO) -> bytes:
    """The first bytes of ``stream`` to guess its format from: its first line (at most GUESS_BYTES),
    and up to 4 KB in all unless that line opens a JSON object."""
    head = stream.readline(GUESS_BYTES)
    if not head.startswith(b"{"):
        head += stream.read(max(0, 4096 - len(head)))
    return head


class Replay:
    """A stream whose first bytes were already read (to guess its format), read again from the start."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head, self._rest = head, rest

    def read(self, size: int = -1) -> bytes:
        if not self._head:
            return self._rest.read(size)
        if size < 0:
            data, self._head = self._head + self._rest.read(), b""
            return data
        data, self._head = self._head[:size], self._head[size:]
        return data + (self._rest.read(size - len(data)) if len(data) < size else b"")

    def readline(self, size: int = -1) -> bytes:
        if not self._head:
            return self._rest.readline(size)
        cut = self._head.find(b"\n")
        if cut >= 0 and (size < 0 or cut < size):
            data, self._head = self._head[: cut + 1], self._head[cut + 1 :]
            return data
        if size >= 0 and len(self._head) >= size:
            data, self._head = self._head[:size], self._head[size:]
            return data
        data, self._head = self._head, b""
        return data + self._rest.readline(-1 if size < 0 else size - len(data))
