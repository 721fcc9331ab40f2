"""`kiosk run` refuses a bad config file or pack with a clear message, before any window."""

from __future__ import annotations

from click.testing import CliRunner

from kiosk.cli.main import cli


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


def test_run_with_a_data_dir_opens_the_pack_sync_installed_there(tmp_path, demo_pack, monkeypatch):
    import shutil

    import kiosk.app.main
    from kiosk.adapters.pack_store import PackStore

    opened = []
    monkeypatch.setattr(
        kiosk.app.main, "run_app", lambda path, config, fullscreen: opened.append((path, config))
    )
    store = PackStore(tmp_path / "terminal")
    store.make_dirs()
    shutil.copyfile(demo_pack, store.current)
    result = run("--data-dir", str(store.root), "--windowed")
    assert result.exit_code == 0, result.output
    ((path, config),) = opened
    assert path == store.current and config.data_dir == store.root

    store.current.write_bytes(b"broken by a disk fault")  # the swap never does this
    shutil.copyfile(demo_pack, store.previous)
    opened.clear()
    assert run("--data-dir", str(store.root), "--windowed").exit_code == 0
    assert opened[0][0] == store.previous
