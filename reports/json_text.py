"""Indented JSON, written several times faster than the standard library writes it.

``json.dumps(..., indent=N)`` falls back from the C encoder to a pure-Python one that passes
every piece of text up through a generator per nesting level: 5 s for the findings.json of
a 20,000-page site. This writes exactly the same text (tests compare it with json.dumps)
from plain appends, with the C string encoder; containers nest a few levels at most.
``dump_indented`` writes to a file as it goes, so memory stays flat however large the file.
"""

from __future__ import annotations

from collections.abc import Callable
from json.encoder import encode_basestring
from typing import TextIO

_INFINITY = float("inf")
_SPILL_AT = 8192  # pieces (~0.5 MB of text) kept before they are written out
_int_text = int.__repr__
_float_text = float.__repr__

Default = Callable[[object], object]


def dumps_indented(
    value: object, indent: int, *, allow_nan: bool = True, default: Default | None = None
) -> str:
    """``json.dumps(value, indent=indent, ensure_ascii=False, allow_nan=..., default=...)``."""
    parts: list[str] = []
    _Writer(parts, " " * indent, allow_nan, default).value(value, "\n")
    return "".join(parts)


def dump_indented(
    value: object,
    handle: TextIO,
    indent: int,
    *,
    allow_nan: bool = True,
    default: Default | None = None,
) -> None:
    """Write what ``dumps_indented`` returns to ``handle``, a few thousand pieces at a time,
    so a findings.json of hundreds of megabytes is never held in memory whole."""
    parts: list[str] = []
    writer = _Writer(parts, " " * indent, allow_nan, default, sink=handle.write)
    writer.value(value, "\n")
    handle.write("".join(parts))


class _Writer:
    def __init__(
        self,
        parts: list[str],
        step: str,
        allow_nan: bool,
        default: Default | None,
        sink: Callable[[str], object] | None = None,
    ) -> None:
        self.parts = parts
        self.step = step
        self.allow_nan = allow_nan
        self.default = default
        self.sink = sink
        self.open: set[int] = set()  # ids of the containers being written: cycle detection

    def scalar(self, value: object) -> str | None:
        """The text of a string, number, bool or null; None for anything else."""
        if isinstance(value, str):
            return encode_basestring(value)
        if value is None:
            return "null"
        if value is True:
            return "true"
        if value is False:
            return "false"
        if isinstance(value, int):
            return _int_text(value)
        if isinstance(value, float):
            return self.float_text(value)
        return None

    def float_text(self, value: float) -> str:
        if value != value:
            text = "NaN"
        elif value == _INFINITY:
            text = "Infinity"
        elif value == -_INFINITY:
            text = "-Infinity"
        else:
            return _float_text(value)
        if not self.allow_nan:
            raise ValueError("Out of range float values are not JSON compliant: " + repr(value))
        return text

    def value(self, value: object, newline: str) -> None:
        """Append ``value``, whose line starts with ``newline`` (its indentation)."""
        text = self.scalar(value)
        if text is not None:
            self.parts.append(text)
        elif isinstance(value, list | tuple):
            self.array(value, newline)
        elif isinstance(value, dict):
            self.mapping(value, newline)
        elif self.default is not None:
            self.enter(value)
            self.value(self.default(value), newline)
            self.open.discard(id(value))
        else:
            raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")

    def spill(self) -> None:
        """Hand the written pieces to the sink once there are enough of them."""
        if self.sink is not None and len(self.parts) >= _SPILL_AT:
            self.sink("".join(self.parts))
            self.parts.clear()

    def enter(self, container: object) -> None:
        if id(container) in self.open:
            raise ValueError("Circular reference detected")
        self.open.add(id(container))

    def array(self, items: list[object] | tuple[object, ...], newline: str) -> None:
        if not items:
            self.parts.append("[]")
            return
        self.enter(items)
        inner = newline + self.step
        separator = "," + inner
        parts = self.parts
        parts.append("[")
        lead = inner
        for item in items:
            text = self.scalar(item)
            if text is not None:
                parts.append(lead + text)
            else:
                parts.append(lead)
                self.value(item, inner)
            lead = separator
            self.spill()
        parts.append(newline + "]")
        self.open.discard(id(items))

    def mapping(self, items: dict[object, object], newline: str) -> None:
        if not items:
            self.parts.append("{}")
            return
        self.enter(items)
        inner = newline + self.step
        separator = "," + inner
        parts = self.parts
        parts.append("{")
        lead = inner
        for key, item in items.items():
            parts.append(lead + encode_basestring(self.key(key)) + ": ")
            text = self.scalar(item)
            if text is not None:
                parts.append(text)
            else:
                self.value(item, inner)
            lead = separator
            self.spill()
        parts.append(newline + "}")
        self.open.discard(id(items))

    def key(self, key: object) -> str:
        if isinstance(key, str):
            return key
        if isinstance(key, float):
            return self.float_text(key)
        if key is True:
            return "true"
        if key is False:
            return "false"
        if key is None:
            return "null"
        if isinstance(key, int):
            return _int_text(key)
        raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")
