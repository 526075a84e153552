"""Write a JSON document whose last field is a long list: the list one item per line.

``json.dump`` streams, but with ``indent`` it runs the pure-Python encoder: about 18 s for the
436,000 findings of a 100,000-page crawl. Here the fields before the list are indented as
usual and each list item is encoded by the C encoder on a line of its own, which is still
valid JSON, still streams (one item in memory at a time), and diffs and greps one item per
line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TextIO


def dump_with_list(
    head: Mapping[str, object], key: str, items: Iterable[object], handle: TextIO
) -> None:
    """Write ``{**head, key: items}`` to ``handle``; values json can't encode go through str."""
    dump_with_lists(head, [(key, items)], handle)


def dump_with_lists(
    head: Mapping[str, object],
    lists: Sequence[tuple[str, Iterable[object]]],
    handle: TextIO,
) -> None:
    """Write ``{**head, key1: items1, key2: items2...}``, each list one item per line."""
    options = {"ensure_ascii": False, "allow_nan": False, "default": str}
    # ignore: options are json.dumps keyword arguments held in a dict
    text = json.dumps(dict(head), indent=2, **options)  # type: ignore[arg-type]
    handle.write(text[:-2] + ",\n" if head else "{\n")  # drop the closing "\n}"
    # NaN/Infinity are not JSON (allow_nan=False): strict parsers in CI would reject them.
    # ignore: options are json.dumps keyword arguments held in a dict
    encode = json.JSONEncoder(**options).encode  # type: ignore[arg-type]
    for number, (key, items) in enumerate(lists):
        handle.write(f"  {json.dumps(key)}: [")
        separator = "\n    "
        for item in items:
            handle.write(separator + encode(item))
            separator = ",\n    "
        empty = separator == "\n    "
        handle.write("]" if empty else "\n  ]")
        handle.write(",\n" if number < len(lists) - 1 else "")
    handle.write("\n}")
