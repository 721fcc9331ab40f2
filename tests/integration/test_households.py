"""`kiosk content validate` runs the test households: a rule that contradicts its own
example fails, naming the file, the line, the household and the benefit."""

from pathlib import Path

from command import kiosk


def line_of(path: Path, needle: str, after: str = "") -> int:
    lines = path.read_text("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    for number, line in enumerate(lines[start:], start=start + 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_the_demo_households_all_pass_and_name_every_rule(monkeypatch):
    monkeypatch.chdir(Path(__file__).parents[2])
    result = kiosk("content", "validate", "content/demo")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "household" not in result.stdout  # no failures, and no benefit left untested
    households = Path("content/demo/households")
    count = sum(p.read_text("utf-8").count("\n  - id: ") for p in households.glob("*.yaml"))
    assert count >= 60


def test_a_rule_that_contradicts_its_household_fails_validation(demo_copy):
    # The old rule, which promised the old-age pension to everyone from 60.
    pension = demo_copy / "services" / "older-people" / "old-age-pension.yaml"
    text = pension.read_text("utf-8")
    start = text.index("  rule:\n")
    end = text.index("\namount:", start)
    pension.write_text(text[:start] + "  rule: age >= 60" + text[end:], "utf-8")

    result = kiosk("content", "validate", demo_copy)

    assert result.returncode == 1
    households = demo_copy / "households" / "issue-18.yaml"
    at = line_of(households, "old-age-pension:", after="id: working-man-62")
    assert (
        f"{households}:{at}: household 'working-man-62': benefit 'old-age-pension' comes out "
        "likely, expected not" in result.stdout
    )


def test_a_household_naming_no_such_benefit_or_fact_is_an_error(demo_copy):
    path = demo_copy / "households" / "broken.yaml"
    path.write_text(
        "households:\n"
        "  - id: broken-one\n"
        "    answers: {sex: woman, shoe_size: 40}\n"
        "    expect: {old-age-pension: likely}\n"
        "  - id: broken-two\n"
        "    answers: {age: 30}\n"
        "    expect: {no-such-benefit: maybe, health-checkup: probably}\n",
        "utf-8",
    )
    result = kiosk("content", "validate", demo_copy)
    assert result.returncode == 1
    out = result.stdout
    assert f"{path}:3: household 'broken-one': 'sex' is a choice fact; 'woman'" in out
    assert "'shoe_size' is an unknown fact" in out
    assert f"{path}:7: household 'broken-two': no benefit 'no-such-benefit'" in out
    assert "'health-checkup' expects 'probably' (write likely, maybe or not)" in out
