"""`kiosk content validate`: the real command on the demo content and on broken copies."""

from pathlib import Path

from command import kiosk
from factories import service, write_folder


def test_demo_content_is_valid(monkeypatch):
    monkeypatch.chdir(Path(__file__).parents[2])  # a path relative to the checkout, as typed there
    result = kiosk("content", "validate", "content/demo")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s)" in result.stderr


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_broken_copy_names_each_file_and_line(demo_copy):
    services = sorted((demo_copy / "services").rglob("*.yaml"))
    bad_yaml, dangling, http_link = services[0], services[1], services[2]
    bad_yaml.write_text(bad_yaml.read_text("utf-8") + "\nbroken: [unclosed\n", "utf-8")
    text = dangling.read_text("utf-8")
    dangling.write_text(text.replace("agencies: [", "agencies: [no-such-agency, ", 1), "utf-8")
    text = http_link.read_text("utf-8")
    http_link.write_text(text.replace("source: https://", "source: http://", 1), "utf-8")

    result = kiosk("content", "validate", demo_copy)

    assert result.returncode == 1
    lines = result.stdout.splitlines()
    # The parser notices the unclosed bracket where the file ends, the line after it.
    broken_at = line_of(bad_yaml, "broken:")
    assert any(
        line.startswith(f"{bad_yaml}:{n}: YAML syntax error")
        for line in lines
        for n in (broken_at, broken_at + 1)
    ), lines
    dangling_line = line_of(dangling, "no-such-agency")
    assert f"{dangling}:{dangling_line}: unknown agency 'no-such-agency'" in lines
    http_line = line_of(http_link, "source: http://")
    assert any(
        line.startswith(f"{http_link}:{http_line}: ") and "https://" in line for line in lines
    )


def test_each_kind_of_problem_is_reported_with_its_line(tmp_path):
    folder = write_folder(
        tmp_path / "c",
        services=[
            service("dup"),
            service("Bad_Id"),
            service("no-cat", categories=["nowhere"]),
            service("bad-rule", eligibility={"rule": "childs >= 3"}),
            service("bad-host", apply={"online": "https://example.com/form"}),
        ],
    )
    (folder / "services" / "families" / "dup-again.yaml").write_text(
        (folder / "services" / "families" / "dup.yaml").read_text("utf-8"), "utf-8"
    )
    agency = folder / "agencies" / "sfr-perm.yaml"
    agency.write_text(
        agency.read_text("utf-8").replace("mo-fr: 09:00-18:00", "mo-fr: 9 to 6")
        + "phones:\n- number: 12-34\n",
        "utf-8",
    )
    result = kiosk("content", "validate", folder)
    out = result.stdout
    assert result.returncode == 1
    assert "duplicate service id 'dup'" in out
    assert "'Bad_Id' is not a valid id" in out
    assert "unknown category 'nowhere'" in out
    assert "eligibility rule does not parse: unknown fact 'childs'" in out
    assert "the host 'example.com' is not on the pack's allowed_hosts list" in out
    assert "malformed opening hours" in out
    assert "malformed phone" in out
    for line in out.splitlines():
        path, number, _ = line.split(":", 2)
        assert Path(path).exists() and int(number) > 0, line


def test_missing_english_is_a_warning_not_an_error(tmp_path):
    item = service()
    item["name"] = {"ru": "Пособие на ребёнка"}
    result = kiosk("content", "validate", write_folder(tmp_path / "c", services=[item]))
    assert result.returncode == 0
    assert "warning: 'name' has no English translation" in result.stdout


def test_empty_file_is_an_error_not_silently_skipped(tmp_path):
    folder = write_folder(tmp_path / "c")
    empty = folder / "services" / "families" / "empty.yaml"
    empty.write_text("# nothing here yet\n", "utf-8")
    result = kiosk("content", "validate", folder)
    assert result.returncode == 1
    assert f"{empty}:1: the file is empty" in result.stdout


def test_messages_never_repeat_a_hidden_character_or_a_huge_value(tmp_path):
    # A message quotes what the author wrote; a bidi override in it would disguise the
    # message itself in the terminal, and a huge value would flood it.
    folder = write_folder(
        tmp_path / "c",
        services=[
            service("a", agencies=["sfr-perm\u202e-evil"]),
            service("b", categories=["x" * 100_000]),
            service("c", reviewed="2026-13-01\u2066"),
        ],
    )
    result = kiosk("content", "validate", folder)
    assert result.returncode == 1
    assert "U+202E" in result.stdout and "U+2066" in result.stdout
    for line in result.stdout.splitlines():
        assert not any(ch in line for ch in "\u202e\u2066"), line
        assert len(line) < 1000, line[:200]
