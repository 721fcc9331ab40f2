"""`kiosk run` refuses a bad config file or pack with a clear message, before any window."""

from __future__ import annotations

from click.testing import CliRunner

from kiosk.cli import cli


def run(*args):
    return CliRunner().invoke(cli, ["run", *args])


def test_a_config_value_out_of_range_is_named_with_the_file(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text("idle_seconds = 5\n", encoding="utf-8")
    result = run("--config", str(config))
    assert result.exit_code == 1
    assert str(config) in result.output and "idle_seconds" in result.output


def test_a_missing_config_file_given_on_the_command_line_is_an_error(tmp_path):
    result = run("--config", str(tmp_path / "nowhere.toml"))
    assert result.exit_code == 1 and "no such config file" in result.output


def test_a_pack_that_is_not_a_pack_is_refused_before_the_window(tmp_path):
    pack = tmp_path / "broken.sqlite"
    pack.write_bytes(b"this is not sqlite")
    result = run("--pack", str(pack), "--windowed")
    assert result.exit_code == 1 and "MalformedPackError" in result.output
