"""The fast indented JSON writer writes exactly what json.dumps writes."""

from __future__ import annotations

import json
import math
from enum import IntEnum, StrEnum
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.json_text import dumps_indented

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
        | st.tuples(inner, inner)
    ),
    max_leaves=30,
)


@given(values, st.sampled_from([1, 2, 4]))
def test_same_text_as_json_dumps(value: object, indent: int) -> None:
    assert dumps_indented(value, indent) == json.dumps(value, indent=indent, ensure_ascii=False)


class Colour(StrEnum):
    RED = "red"


class Level(IntEnum):
    HIGH = 3


def test_same_text_for_enums_odd_keys_and_defaults() -> None:
    value = {
        "enum": [Colour.RED, Level.HIGH],
        7: "int key",
        2.5: None,
        True: False,
        None: [],
        "path": Path("/tmp/x"),
        "nested": {"empty": {}, "deep": [[{"a": 'é\n"\\'}]]},
    }
    expected = json.dumps(value, indent=2, ensure_ascii=False, default=str)
    assert dumps_indented(value, 2, default=str) == expected


def test_refuses_what_json_dumps_refuses() -> None:
    with pytest.raises(ValueError):
        dumps_indented({"x": math.nan}, 2, allow_nan=False)
    assert dumps_indented([math.inf, -math.inf, math.nan], 1) == json.dumps(
        [math.inf, -math.inf, math.nan], indent=1
    )
    loop: list[object] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular"):
        dumps_indented(loop, 2)
    with pytest.raises(TypeError):
        dumps_indented({"x": object()}, 2)
    with pytest.raises(TypeError):
        dumps_indented({(1, 2): 1}, 2)


def test_dump_to_a_file_writes_the_same_text_in_pieces() -> None:
    import io

    from reports.json_text import dump_indented

    value = {"findings": [{"n": n, "evidence": {"pages": list(range(n % 7))}} for n in range(9000)]}
    handle = io.StringIO()
    writes: list[int] = []
    write = handle.write
    handle.write = lambda text: writes.append(len(text)) or write(text)  # type: ignore[method-assign]
    dump_indented(value, handle, 2)
    assert handle.getvalue() == json.dumps(value, indent=2)
    assert len(writes) > 2  # streamed, not written whole
