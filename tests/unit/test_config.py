import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kiosk.core import config as config_module
from kiosk.core.config import Config, ConfigError, default_config_path, load_config

EXAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "kiosk.toml"


@pytest.fixture
def write(tmp_path):
    def write(text: str, name: str = "kiosk.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", Config()),
        ("idle_seconds = 120\nprompt_seconds = 30", Config(idle_seconds=120, prompt_seconds=30)),
        ("idle_seconds = 15\nprompt_seconds = 120", Config(idle_seconds=15, prompt_seconds=120)),
        ("idle_seconds = 3600\nprompt_seconds = 20", Config(idle_seconds=3600, prompt_seconds=20)),
        ('languages = ["en", "ru"]', Config(languages=("en", "ru"))),  # English by default
        ('languages = ["ru"]', Config(languages=("ru",))),
        ('staff_pin = "0042"', Config(staff_pin="0042")),
        ('staff_pin = "482915730461"', Config(staff_pin="482915730461")),
        ('printer = "HP_LaserJet"', Config(printer="HP_LaserJet")),
        ('paper = "80mm"', Config(paper="80mm")),  # a receipt printer: the slip on a roll
        ('paper = "a4"', Config(paper="a4")),
        ('pack = "/srv/packs/perm.sqlite"', Config(pack=Path("/srv/packs/perm.sqlite"))),
        (
            'update_url = "https://packs.example.org/"\ntrust = "/etc/perm-kiosk/root.json"\n'
            "sync_every_minutes = 30\nstale_after_days = 7",
            Config(
                update_url="https://packs.example.org/",
                trust=Path("/etc/perm-kiosk/root.json"),
                sync_every_minutes=30,
                stale_after_days=7,
            ),
        ),
    ],
)
def test_config_file_sets_what_it_names_and_defaults_the_rest(text, expected, write):
    assert load_config(write(text)) == expected


def test_relative_pack_path_is_relative_to_the_config_file(write, tmp_path):
    assert load_config(write('pack = "packs/perm.sqlite"')).pack == tmp_path / "packs/perm.sqlite"


@pytest.mark.parametrize(
    "text, message",
    [
        ("idle_seconds = 14", "'idle_seconds' must be between 15 and 3600 seconds, got 14"),
        (
            'update_url = "packs.example.org"',
            "'update_url' must be an http://, https:// or file://",
        ),
        ("sync_every_minutes = 1", "'sync_every_minutes' must be between 5 and 10080, got 1"),
        ("stale_after_days = 0", "'stale_after_days' must be between 1 and 365, got 0"),
        ('stale_after_days = "7"', "'stale_after_days' must be a whole number, got '7'"),
        ("trust = 5", "'trust' must be text in quotes"),
        ("idle_seconds = 3601", "'idle_seconds' must be between 15 and 3600"),
        ("prompt_seconds = 19", "'prompt_seconds' must be between 20 and 120 seconds, got 19: "),
        ("prompt_seconds = 5", "at least 20 seconds to answer .*WCAG 2.2.*2.2.1"),
        ("prompt_seconds = 121", "'prompt_seconds' must be between 20 and 120"),
        ('idle_seconds = "60"', "'idle_seconds' must be a whole number of seconds, got '60'"),
        ("idle_seconds = 60.5", "'idle_seconds' must be a whole number"),
        ("idle_seconds = true", "'idle_seconds' must be a whole number"),
        ('languages = "ru"', "'languages' must be a list of language codes"),
        ("languages = []", "'languages' must include 'ru'"),
        ('languages = ["en"]', "'languages' must include 'ru'"),
        ('languages = ["ru", "de"]', "'languages' has unknown language 'de'"),
        ('languages = ["ru", "ru"]', "'languages' lists a language twice"),
        ("languages = [1]", "'languages' must be a list of language codes"),
        ("staff_pin = 1234", "'staff_pin' must be digits in quotes"),
        ('staff_pin = "123"', "'staff_pin' must be 4 to 12 digits"),
        ('staff_pin = "1234567890123"', "'staff_pin' must be 4 to 12 digits"),
        ('staff_pin = "12a4"', "'staff_pin' must be 4 to 12 digits"),
        ('staff_pin = ""', "'staff_pin' must be 4 to 12 digits"),
        ('printer = ""', "'printer' is empty; leave the key out instead"),
        ("printer = 1", "'printer' must be text in quotes"),
        (
            'paper = "A5"',
            r"""'paper' must be "a4" or "80mm" in quotes \(the paper in the printer\), got 'A5'$""",
        ),
        ('paper = "80 mm"', '\'paper\' must be "a4" or "80mm"'),
        ("paper = 80", '\'paper\' must be "a4" or "80mm" in quotes .*, got 80$'),
        ('paper = ""', '\'paper\' must be "a4" or "80mm"'),
        ("pack = false", "'pack' must be text in quotes"),
        ("idle_secs = 60", r"unknown key 'idle_secs' \(known: idle_seconds, prompt_seconds,"),
        ("[kiosk]\nidle_seconds = 60", "unknown key 'kiosk'"),  # no sections
        (
            "idle_seconds = 60\nprompt_seconds = x\n",
            "not valid TOML at line 2: Invalid value: prompt_seconds = x$",
        ),
        ('languages = ["ru",', 'not valid TOML at line 1: .*: languages = \\["ru",$'),
        (
            "idle_seconds = 60\nidle_seconds = 90",  # reported at the end by tomllib
            "not valid TOML at line 2: Cannot overwrite a value: idle_seconds = 90$",
        ),
        ('printer = "x\n', "not valid TOML at line 1: Illegal character"),
        ('staff_pin = 482915"', r"line 1: .*: staff_pin = \(value hidden\)$"),
    ],
)
def test_bad_config_names_the_file_the_key_and_the_problem(text, message, write):
    path = write(text)
    with pytest.raises(ConfigError, match=message) as error:
        load_config(path)
    assert str(error.value).startswith(f"{path}: ")


@pytest.mark.parametrize("text", ["staff_pin = 73519", 'staff_pin = "7351x"', 'staff_pin = 73519"'])
def test_config_error_never_shows_the_pin(text, write):
    path = write(text)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert "7351" not in str(error.value).removeprefix(str(path))


def test_config_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_bytes(b'printer = "\xff"')
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(path)


def test_explicitly_given_missing_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="kiosk.toml: no such config file"):
        load_config(tmp_path / "kiosk.toml")


def test_missing_default_file_gives_the_defaults(tmp_path, monkeypatch):
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    monkeypatch.setattr(config_module, "DEFAULT_PATH", tmp_path / "absent.toml")
    assert load_config(None) == Config()


def test_default_file_is_read_when_it_is_there(write, monkeypatch):
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    monkeypatch.setattr(config_module, "DEFAULT_PATH", write("idle_seconds = 90"))
    assert load_config() == Config(idle_seconds=90)


def test_kiosk_config_variable_names_the_file(write, monkeypatch):
    monkeypatch.setenv("KIOSK_CONFIG", str(write('printer = "front-desk"', "other.toml")))
    assert load_config(None) == Config(printer="front-desk")


def test_kiosk_config_variable_naming_a_missing_file_is_an_error(tmp_path, monkeypatch):
    # Set on purpose, so a typo must not quietly start a kiosk without its PIN.
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "typo.toml"))
    with pytest.raises(ConfigError, match="typo.toml: no such config file"):
        load_config(None)


@pytest.mark.parametrize(
    "env, expected",
    [
        (None, Path("/etc/perm-kiosk/kiosk.toml")),
        ("", Path("/etc/perm-kiosk/kiosk.toml")),
        ("/opt/kiosk/test.toml", Path("/opt/kiosk/test.toml")),
    ],
)
def test_default_config_path_follows_kiosk_config(env, expected, monkeypatch):
    if env is None:
        monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    else:
        monkeypatch.setenv("KIOSK_CONFIG", env)
    assert default_config_path() == expected


def test_the_paper_is_a4_unless_the_config_says_80mm(write):
    assert Config().paper == "a4"
    assert load_config(write('printer = "receipt"\npaper = "80mm"')).paper == "80mm"


def test_config_is_frozen():
    with pytest.raises(AttributeError):
        Config().idle_seconds = 5  # type: ignore[misc]


def test_example_config_loads_and_matches_the_defaults():
    assert load_config(EXAMPLE) == Config()


def test_example_config_mentions_every_key():
    text = EXAMPLE.read_text(encoding="utf-8")
    for key in Config.__dataclass_fields__:
        assert f"\n{key} = " in text or f"\n# {key} = " in text, key


# -- hostile configs (issue 15): the corpus, trivial PINs, and any document at all ---------

HOSTILE = Path(__file__).resolve().parents[1] / "hostile" / "config"


def _header(path: Path, name: str) -> list[str]:
    prefix = f"# {name}: "
    lines = path.read_text("utf-8-sig").splitlines()
    return [line.removeprefix(prefix) for line in lines if line.startswith(prefix)]


@pytest.mark.parametrize("path", sorted(HOSTILE.glob("*.toml")), ids=lambda p: p.stem)
def test_hostile_config_corpus(path):
    expect, secrets = _header(path, "expect"), _header(path, "secret")
    if not expect:
        load_config(path)
        return
    with pytest.raises(ConfigError, match=expect[0]) as error:
        load_config(path)
    message = str(error.value).removeprefix(str(path))
    for secret in secrets:
        assert secret not in message
    assert "\n" not in message and "Traceback" not in message


@pytest.mark.parametrize(
    "pin",
    ["0000", "1111", "999999", "1234", "123456", "0123", "4321", "987654", "1212", "121212",
     "1010", "6969", "2580", "1122", "0852"],
)  # fmt: skip
def test_a_pin_anyone_would_try_first_is_refused(pin, write):
    with pytest.raises(ConfigError, match="'staff_pin' is too easy to guess"):
        load_config(write(f'staff_pin = "{pin}"'))


@pytest.mark.parametrize("pin", ["0042", "2468", "58213904", "7351", "482915", "90210417"])
def test_an_ordinary_pin_is_taken(pin, write):
    assert load_config(write(f'staff_pin = "{pin}"')).staff_pin == pin


_KEYS = st.sampled_from(
    [*Config.__dataclass_fields__, "staff_pin", '"staff_pin"', "'staff_pin'", "idle_secs", "a.b"]
)
_VALUES = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True).map(lambda f: str(f).replace("inf", "inf").lower()),
    st.sampled_from(["true", "false", "[]", '["ru", "en"]', '["en"]', "{}", "1979-05-27", "nan"]),
    st.text(max_size=20).map(lambda t: '"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"'),
    st.text(max_size=20),  # anything at all, often not TOML
)


@given(
    lines=st.lists(st.tuples(_KEYS, _VALUES), max_size=6),
    pin=st.from_regex(r"[1-9][0-9]{7}", fullmatch=True),
    pin_line=st.sampled_from(
        ['staff_pin = "{}"', "staff_pin = {}", '"staff_pin" = {}x', 'staff_pin = "{}', "{}"]
    ),
    where=st.integers(min_value=0, max_value=6),
)
def test_any_config_document_loads_or_is_refused_in_one_line_without_the_pin(
    tmp_path_factory, lines, pin, pin_line, where
):
    body = [f"{key} = {value}" for key, value in lines]
    assume(not any(pin in line for line in body))
    body.insert(min(where, len(body)), pin_line.format(pin))
    path = tmp_path_factory.mktemp("cfg") / "kiosk.toml"
    path.write_text("\n".join(body), "utf-8")
    try:
        config = load_config(path)
    except ConfigError as error:
        message = str(error)
        assert message.startswith(f"{path}: ")
        assert "\n" not in message
        assert pin not in message.removeprefix(str(path))
        return
    low, high = config_module.RANGES["idle_seconds"]
    assert low <= config.idle_seconds <= high
    assert "ru" in config.languages
    assert config.staff_pin is None or (
        config.staff_pin.isdigit() and not config_module.trivial_pin(config.staff_pin)
    )


# -- delivery of citizens' requests (issue 17) ---------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            'dropbox_url = "https://dropbox.example.org/perm/"\n'
            'dropbox_credentials = "/etc/perm-kiosk/dropbox.credentials"\n'
            'upload_interval_seconds = 60\nterminal_id = "perm-uszn-1"',
            Config(
                dropbox_url="https://dropbox.example.org/perm/",
                dropbox_credentials=Path("/etc/perm-kiosk/dropbox.credentials"),
                upload_interval_seconds=60,
                terminal_id="perm-uszn-1",
            ),
        ),
        ('dropbox_url = "http://127.0.0.1:8080/"', Config(dropbox_url="http://127.0.0.1:8080/")),
        ('dropbox_url = "http://localhost/"', Config(dropbox_url="http://localhost/")),
        ('dropbox_url = "http://[::1]:81/"', Config(dropbox_url="http://[::1]:81/")),
    ],
)
def test_drop_box_keys_are_read(text, expected, write):
    assert load_config(write(text)) == expected


def test_relative_credentials_path_is_relative_to_the_config_file(write, tmp_path):
    config = load_config(write('dropbox_credentials = "dropbox.credentials"'))
    assert config.dropbox_credentials == tmp_path / "dropbox.credentials"


@pytest.mark.parametrize(
    "text, message",
    [
        ('dropbox_url = "http://dropbox.example.org/"', "must be https://"),
        ('dropbox_url = "http://10.0.0.5/"', "must be https://"),
        ('dropbox_url = "ftp://dropbox.example.org/"', "must be an https:// address"),
        ("dropbox_url = 5", "must be an https:// address"),
        ('dropbox_url = "https://dropbox.example.org/?a=1"', "plain https:// address"),
        ('dropbox_url = "https:///nohost"', "plain https:// address"),
        ("upload_interval_seconds = 29", "between 30 and 86400 seconds"),
        ("upload_interval_seconds = true", "whole number of seconds"),
        ('terminal_id = "has space"', "1 to 64 letters"),
        ('terminal_id = ""', "1 to 64 letters"),
        ("terminal_id = 7", "1 to 64 letters"),
        ('dropbox_credentials = ""', "is empty"),
    ],
)
def test_bad_drop_box_keys_are_refused(text, message, write):
    with pytest.raises(ConfigError, match=message):
        load_config(write(text))


def test_a_drop_box_address_with_a_password_is_refused_without_showing_it(write):
    with pytest.raises(ConfigError) as refused:
        load_config(write('dropbox_url = "https://term:s3cr3tpw@dropbox.example.org/"'))
    assert "s3cr3tpw" not in str(refused.value)
    assert "dropbox_credentials" in str(refused.value)


def test_terminal_id_is_the_config_s_else_derived_from_the_machine_id_else_empty(tmp_path):
    machine = tmp_path / "machine-id"
    # A known answer from systemd itself: `systemd-id128 machine-id --app-specific=...`
    # on a machine whose /etc/machine-id was this one.
    machine.write_text("3d1219c7c4c5404aaa1f6d2a48adfda4\n")
    assert config_module.terminal_id(Config(terminal_id="t-1"), machine) == "t-1"
    assert config_module.terminal_id(Config(), machine) == "2ca530b2ed66440ca44d59617fa11d25"
    assert config_module.terminal_id(None, tmp_path / "missing") == ""
    machine.write_text("not an id\n")
    assert config_module.terminal_id(Config(), machine) == ""


@given(st.text(max_size=80))
def test_any_drop_box_address_is_taken_only_as_https_or_loopback_http(text):
    from urllib.parse import urlsplit

    problem = config_module.dropbox_url_problem(text)
    if problem is None:
        parts = urlsplit(text)
        assert parts.scheme == "https" or config_module._loopback(parts.hostname)
        assert "@" not in parts.netloc


@pytest.mark.skipif(not shutil.which("systemd-id128"), reason="systemd-id128 is not here")
def test_the_derived_terminal_id_is_systemd_s_app_specific_machine_id():
    machine = Path("/etc/machine-id")
    if not machine.exists() or not machine.read_text().strip():
        pytest.skip("this machine has no machine id")
    systemd = subprocess.run(
        ["systemd-id128", "machine-id", f"--app-specific={config_module.TERMINAL_APP_ID}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert config_module.terminal_id(Config(), machine) == systemd
    assert systemd != machine.read_text().strip()  # the machine id itself never leaves
