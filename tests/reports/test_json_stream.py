import io
import json
import math

import pytest
from siteaudit.reports.json_stream import dump_with_list


def _written(head: dict, key: str, items: list) -> str:
    handle = io.StringIO()
    dump_with_list(head, key, items, handle)
    return handle.getvalue()


@pytest.mark.parametrize("items", [[], [{"a": 1}], [{"a": 'é\n"x"'}, [1, 2], None, "s"]])
@pytest.mark.parametrize("head", [{}, {"tool": {"name": "x"}, "n": 2}])
def test_the_document_is_the_same_json_as_json_dumps(head: dict, items: list) -> None:
    text = _written(head, "findings", items)
    assert json.loads(text) == {**head, "findings": items}
    assert list(json.loads(text)) == [*head, "findings"]


def test_each_item_sits_on_a_line_of_its_own() -> None:
    items = [{"check": f"c{i}", "url": f"https://ex.com/{i}"} for i in range(3)]
    lines = _written({"schema": 1}, "findings", items).splitlines()
    assert [json.loads(line.strip().rstrip(",")) for line in lines[3:6]] == items


def test_values_json_cannot_encode_are_written_as_text_and_nan_is_refused() -> None:
    text = _written({}, "items", [{"path": io}])
    assert json.loads(text)["items"][0]["path"].startswith("<module 'io'")
    with pytest.raises(ValueError):
        _written({}, "items", [{"x": math.nan}])
