"""`siteaudit serve --store URL`: a store that cannot be opened is one line and exit 2."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from siteaudit.cli import main
from tests.helpers import free_port


def test_serve_with_an_unreachable_store_is_one_line_without_the_password(
    tmp_path: Path,
) -> None:
    url = f"postgresql://audit:s3cret@127.0.0.1:{free_port()}/siteaudit"  # nothing listens
    result = CliRunner().invoke(
        main,
        ["serve", "--data", str(tmp_path / "data"), "--store", url],
        env={"SITEAUDIT_API_TOKEN": "t"},
    )
    assert result.exit_code == 2, result.output
    [line] = [ln for ln in result.output.splitlines() if ln.startswith("siteaudit: error:")]
    assert "cannot open postgresql://audit:***@127.0.0.1" in line
    assert "s3cret" not in result.output and "Traceback" not in result.output
