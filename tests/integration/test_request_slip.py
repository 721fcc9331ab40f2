"""The slip of a sent request (issue 17), read back as a person, a counter's scanner and a
printer would: its text by pdftotext, its code by zbarimg on a 300 dpi rendering
(pdftoppm), its page size by pdfinfo.

The requests are sent through the real RequestsController over the demo pack (an outbox in
memory), with a name, a phone and texts typed in; the slip is made by the app's own
Printouts adapter (kiosk.app.compose.PackPrintouts) from the `Sent` the confirmation has.
What it should say is worked out here from the pack and the catalogues.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from random import Random
from zoneinfo import ZoneInfo

import pytest
from pdf_readback import codes_on

from content.pack.reader import open_pack
from content.presentation.i18n import translator
from kiosk.app.compose import PackPrintouts
from kiosk.core.controllers.requests import RequestsController, Sent
from kiosk.core.requests.reference import ALPHABET, BadReference, new_reference, parse_reference
from printouts import NotAReferenceError, request_slip
from printouts.qr import REFERENCE_SYMBOLS, is_written_reference, reference_code

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdftoppm", "pdftotext", "pdfinfo", "zbarimg")),
    reason="poppler-utils and zbar-tools are needed (scripts/system-deps.sh)",
)

MM = 72 / 25.4
PERM = ZoneInfo("Asia/Yekaterinburg")
NOW = datetime(2026, 12, 7, 10, 30, 15, tzinfo=PERM)

NAME = "Евлампия Кукушкина-Зарецкая"
PHONE = "8 (912) 345-67-89"
TOPIC = "Пособие на внука Феофилакта"
COMPLAINT = "В очереди у окна семнадцать простояла три часа"
REPLY_TO = "Пермь, ул. Снежинская, 17-4"
HELP = "Нужна сиделка для бабушки Агриппины"

FORMS = {
    "appointment": {
        "agency": "mfc-perm",  # first: choosing an agency drops the office chosen
        "service": "gosuslugi-account",
        "location": "mfc-perm-perm",
        "day": "2026-12-08",
        "part_of_day": "morning",
        "name": NAME,
        "phone": PHONE,
        "consent": True,
    },
    "callback": {
        "topic": TOPIC,
        "agency": "kcson-perm",
        "mode": "callback",
        "name": NAME,
        "phone": PHONE,
        "consent": True,
    },
    "complaint": {
        "agency": "czn-perm",
        "location": "czn-perm-perm",
        "text": COMPLAINT,
        "answer": True,
        "name": NAME,
        "reply_by": "post",
        "reply_to": REPLY_TO,
        "consent": True,
    },
    "about_me": {"name": NAME, "phone": PHONE, "help": HELP, "consent": True},
}
"""Forms with every personal field the kind has filled in."""

PERSONAL = [
    NAME,
    *NAME.split(),
    "Кукушкина",
    PHONE,
    "912",
    "345-67-89",
    "9123456789",
    "+79123456789",
    TOPIC,
    "Феофилакта",
    COMPLAINT,
    "семнадцать",
    REPLY_TO,
    "Снежинская",
    HELP,
    "Агриппины",
]
"""Whatever of the above must never be on a slip."""


class MemoryOutbox:
    def __init__(self):
        self.rows = []

    def add(self, submission_id, reference, kind, created, sealed):
        self.rows.append((submission_id, reference, kind, created, sealed))


@pytest.fixture(scope="module")
def pack(demo_pack):
    with open_pack(demo_pack) as opened:
        yield opened


def sent_of(pack, kind: str, seed: int = 7) -> Sent:
    """A request of `kind` sent through the real controller, as the app sends it."""
    random = Random(seed)
    requests = RequestsController(
        pack,
        outbox=MemoryOutbox(),
        clock_now=lambda: NOW,
        token_bytes=random.randbytes,
        terminal="perm-01",
        lang=lambda: "ru",
    )
    requests.start(kind)
    for name, value in FORMS[kind].items():
        requests.set(name, value)
    sent = requests.submit()
    assert sent is not None, requests.problems()
    return sent


def slip(demo_pack, sent: Sent, lang: str = "ru", paper: str = "a4"):
    return PackPrintouts().request_slip(demo_pack, sent, lang, paper)


def write(pdf: bytes, folder: Path, name: str = "slip") -> Path:
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    return path


def text_of(pdf: bytes, folder: Path) -> str:
    """The PDF's text with every run of white space one space (lines wrap differently)."""
    out = subprocess.run(
        ["pdftotext", write(pdf, folder), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(out.split())


def words(text: str) -> str:
    return " ".join(text.split())


def codes_of(pdf: bytes) -> list[str]:
    """Every code zbarimg reads on the slip's pages rendered at 300 dpi."""
    return codes_on(pdf, dpi=300)


def page_sizes(pdf: bytes, folder: Path) -> list[tuple[float, float]]:
    """Each page's width and height in points, as pdfinfo reads them from the file."""
    out = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", write(pdf, folder, "info")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        (float(w), float(h))
        for w, h in re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+) pts", out)
    ]


# -- what it says ---------------------------------------------------------------------------


@pytest.mark.parametrize("paper", ["a4", "80mm"])
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_slip_says_the_reference_title_office_when_and_what_next(
    pack, demo_pack, tmp_path, lang, paper
):
    sent = sent_of(pack, "appointment")
    assert (sent.agency_id, sent.location_id, sent.service_id) == (
        "mfc-perm",
        "mfc-perm-perm",
        "gosuslugi-account",
    )
    text = text_of(slip(demo_pack, sent, lang, paper).pdf, tmp_path)
    _ = translator(lang).gettext
    # Large and spaced for the eye, and once more under the code; pdftotext reads the
    # spaced symbols as one word, as a copy out of the PDF would give it.
    assert f"{words(_('Номер обращения'))} {sent.reference}" in text
    assert text.count(sent.reference) == 2
    assert words(_("Записаться на приём")) in text
    assert words(pack.agency("mfc-perm")["name"].get(lang)) in text
    assert words(pack.location("mfc-perm-perm")["name"].get(lang)) in text
    assert words(pack.service_row("gosuslugi-account")["name"].get(lang)) in text
    msgid, params = sent.next_steps
    assert "{days}" in msgid and params == {"days": 2}  # the МФЦ's call_back_within_days
    assert words(_(msgid).format(**params)) in text
    local = sent.created.astimezone()  # the terminal's own time, as the app prints it
    assert f"{local:%H:%M}" in text
    assert str(local.year) in text
    assert words(_("Демонстрационные материалы")) in text  # the demo pack's marker


@pytest.mark.parametrize("paper", ["a4", "80mm"])
def test_the_code_holds_exactly_the_reference_and_staff_can_type_it(pack, demo_pack, paper):
    sent = sent_of(pack, "appointment", seed=11)
    assert codes_of(slip(demo_pack, sent, paper=paper).pdf) == [sent.reference]
    assert parse_reference(sent.reference) == sent.reference  # what `kiosk inbox show` takes


@pytest.mark.parametrize("kind", sorted(FORMS))
@pytest.mark.parametrize("paper", ["a4", "80mm"])
def test_nothing_the_citizen_typed_is_on_the_slip(pack, demo_pack, tmp_path, kind, paper):
    sent = sent_of(pack, kind)
    printout = slip(demo_pack, sent, paper=paper)
    text = text_of(printout.pdf, tmp_path)
    assert sent.reference in text  # the text was read: the search can find things
    found = [needle for needle in PERSONAL if needle in text]
    assert found == []
    assert NAME.split()[0] not in printout.title
    assert codes_of(printout.pdf) == [sent.reference]  # nor in the code


def test_a_request_about_no_agency_prints_without_where_to_go(pack, demo_pack, tmp_path):
    sent = sent_of(pack, "about_me")
    assert (sent.agency_id, sent.location_id, sent.service_id) == ("", "", "")
    text = text_of(slip(demo_pack, sent).pdf, tmp_path)
    assert "Куда обращаться" not in text
    assert words("Назовите этот номер сотруднику, когда придёте") in text


# -- the paper ------------------------------------------------------------------------------


def test_the_80_mm_slip_is_80_mm_wide_on_one_page_and_a4_is_a4(pack, demo_pack, tmp_path):
    sent = sent_of(pack, "appointment")
    roll = page_sizes(slip(demo_pack, sent, paper="80mm").pdf, tmp_path)
    assert len(roll) == 1 and roll[0][0] == pytest.approx(80 * MM, abs=0.01)
    assert 100 * MM < roll[0][1] < 297 * MM  # as long as its text, not a sheet
    sheet = page_sizes(slip(demo_pack, sent, paper="a4").pdf, tmp_path)
    assert sheet == [(pytest.approx(210 * MM, abs=0.01), pytest.approx(297 * MM, abs=0.01))]


def test_an_unknown_paper_is_refused(pack):
    with pytest.raises(ValueError, match="no paper 'letter'"):
        request_slip(pack, "NGHK-8NBT", "rating", NOW, ("x", {}), paper="letter")


# -- the code takes a reference and nothing else --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "https://mfc.permkrai.ru/",
        "NGHK-8NBX",  # a wrong check symbol
        "nghk-8nbt",  # parse_reference would upper-case it: not as written
        "NGHK 8NBT",
        "NGHK8NBT",
        "NGHK-8NBT\n",
        " NGHK-8NBT",
        "NGНK-8NBT",  # a Cyrillic Н
        NAME,
        PHONE,
        "",
    ],
)
def test_the_reference_code_refuses_anything_but_a_reference(pack, text):
    with pytest.raises(NotAReferenceError) as error:
        reference_code(text, 60)
    assert str(error.value) == "a request's code holds only a reference such as NGHK-8NBT"
    with pytest.raises(NotAReferenceError):
        request_slip(pack, text, "rating", NOW, ("x", {}))


def test_the_printouts_know_a_reference_exactly_as_the_terminal_does():
    assert REFERENCE_SYMBOLS == ALPHABET
    random = Random(17)
    candidates = [new_reference(random.randbytes) for _ in range(500)]
    symbols = ALPHABET + "01ILOQUa -"
    for reference in list(candidates):
        for _ in range(4):  # one symbol changed, or two swapped: mostly not references
            chars = list(reference)
            i = random.randrange(len(chars))
            chars[i] = random.choice(symbols)
            candidates.append("".join(chars))
        candidates.append(reference[1:] + reference[0])
    accepted = 0
    for text in candidates:
        try:
            unchanged = parse_reference(text) == text
        except BadReference:
            unchanged = False
        assert is_written_reference(text) == unchanged, text
        accepted += unchanged
    assert 500 <= accepted < len(candidates)


@pytest.mark.parametrize("paper, points", [("a4", 34), ("80mm", 18)])
def test_the_reference_is_printed_large_one_symbol_apart(pack, demo_pack, tmp_path, paper, points):
    sent = sent_of(pack, "appointment")
    source = write(slip(demo_pack, sent, paper=paper).pdf, tmp_path, "bbox")
    out = subprocess.run(
        ["pdftotext", "-bbox", source, "-"], capture_output=True, text=True, check=True
    ).stdout
    lines: dict[str, list[tuple[float, str]]] = {}  # words of `points` or more, by line
    for x_min, y_min, y_max, word in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>', out
    ):
        if float(y_max) - float(y_min) >= points - 0.5:
            lines.setdefault(y_min, []).append((float(x_min), word))
    big = ["".join(word for _x, word in sorted(line)) for line in lines.values()]
    assert sent.reference in big  # each symbol a word of its own: spaced apart
    assert all(len(word) == 1 or word == "-" for line in lines.values() for _x, word in line)


def test_the_sample_slip_says_what_the_confirmation_says():
    """printouts/samples.py copies the appointment's next steps (printouts may not import
    the terminal's core); a copy that drifts would print untranslated on the English slip."""
    from kiosk.core.controllers.requests import NEXT_APPOINTMENT
    from printouts.samples import SLIP

    assert SLIP["next_steps"][0] == NEXT_APPOINTMENT
    english = translator("en").gettext(NEXT_APPOINTMENT)
    assert english != NEXT_APPOINTMENT and english.startswith("This is a request")
