"""Page text packed for the store: a page's text blocks are its biggest value (~25 KB of
JSON on a generated help article), and zstd shrinks them ~4x at ~1 ms a page.

Values are read back from any store version: a zstd frame (written since schema version 3),
JSON text (SQLite files written before) or that text's UTF-8 bytes (PostgreSQL columns
converted to ``bytea`` by the version 3 migration).
"""

from __future__ import annotations

import threading

import zstandard

# Level 3 (zstd's default): level 9 saved another 8% of the blocks for 3x the CPU.
_LEVEL = 3
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
# Compressor objects are not safe to share between threads (the crawl writes from one, the
# text pass reads from others): one of each per thread.
_local = threading.local()


def _compressor() -> zstandard.ZstdCompressor:
    found: zstandard.ZstdCompressor | None = getattr(_local, "compressor", None)
    if found is None:
        found = _local.compressor = zstandard.ZstdCompressor(level=_LEVEL)
    return found


def _decompressor() -> zstandard.ZstdDecompressor:
    found: zstandard.ZstdDecompressor | None = getattr(_local, "decompressor", None)
    if found is None:
        found = _local.decompressor = zstandard.ZstdDecompressor()
    return found


class PackedTextError(ValueError):
    """A stored value that is neither a zstd frame of UTF-8 text nor UTF-8 text."""


def pack_text(text: str) -> bytes:
    """``text`` as one zstd frame (its size recorded, so unpacking allocates once)."""
    return _compressor().compress(text.encode("utf-8"))


def pack_bytes(data: bytes) -> bytes:
    """``data`` as one zstd frame (raw HTML, in the encoding it was served in)."""
    return _compressor().compress(data)


def unpack_bytes(value: bytes | bytearray | memoryview) -> bytes:
    """The bytes ``pack_bytes`` packed."""
    try:
        return _decompressor().decompress(bytes(value))
    except zstandard.ZstdError as exc:
        raise PackedTextError(f"unreadable packed HTML ({exc})") from None


def unpack_text(value: bytes | bytearray | memoryview | str) -> str:
    """The text ``pack_text`` packed, or a value stored unpacked by an older version."""
    if isinstance(value, str):
        return value
    data = bytes(value)
    try:
        if data[:4] == _ZSTD_MAGIC:
            data = _decompressor().decompress(data)
        return data.decode("utf-8")
    except (zstandard.ZstdError, UnicodeDecodeError) as exc:
        raise PackedTextError(f"unreadable packed text ({exc})") from None
