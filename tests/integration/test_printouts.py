"""Real PDFs from the demo pack, read back the way a person and a phone would read them.

Every page is rendered at 300 dpi by pdftoppm and every QR code on it decoded by zbarimg
(tests/pdf_readback.py); the text comes back through pdftotext. The addresses the codes
should hold are worked out here from the pack and content.presentation.links, not taken
from the printouts' own code.
"""

from __future__ import annotations

import base64
import re
import shutil
import sqlite3
import subprocess
import sys
import zlib
from collections import Counter
from pathlib import Path

import pytest
from pdf_readback import codes_by_page

from content.pack.reader import open_pack
from content.presentation.links import qr_address

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdftoppm", "pdftotext", "zbarimg")),
    reason="poppler-utils and zbar-tools are needed (scripts/system-deps.sh)",
)

SERVICE = "child-birth-grant"  # an online form and two agencies, both with a site
CATEGORY = "families"
MM = 72 / 25.4  # points in a millimetre


@pytest.fixture(scope="module")
def pack(demo_pack):
    with open_pack(demo_pack) as opened:
        yield opened


# -- reading a PDF back ------------------------------------------------------------------


def write(pdf: bytes, folder: Path, name: str = "out") -> Path:
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    return path


def decoded_codes(pdf: bytes) -> list[list[str]]:
    """What zbarimg reads on each page rendered at 300 dpi, page by page, sorted."""
    return [sorted(page) for page in codes_by_page(pdf, dpi=300)]


def text_of(pdf: bytes, folder: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", write(pdf, folder, "text"), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def words_outside(pdf: bytes, folder: Path, margin_mm: float) -> list[str]:
    """Words whose box comes closer than `margin_mm` to an edge of their page."""
    result = subprocess.run(
        ["pdftotext", "-bbox", write(pdf, folder, "bbox"), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    bad, margin = [], margin_mm * MM
    width = height = 0.0
    for line in result.stdout.splitlines():
        page = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', line)
        if page:
            width, height = float(page[1]), float(page[2])
        word = re.search(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>',
            line,
        )
        if word:
            x0, y0, x1, y1 = map(float, word.groups()[:4])
            if x0 < margin or y0 < margin or x1 > width - margin or y1 > height - margin:
                bad.append(word[5])
    return bad


_STREAM = re.compile(rb"<<([^<>]*)>>\s*stream\r?\n")
_QR_PATH = re.compile(r"([\d.]+) 0 0 \1 0 0 cm\s+0 0 0 rg\s+n ((?:\d+ \d+ \d+ 1 re\s*)+)f\b")


def page_streams(pdf: bytes) -> list[str]:
    """The decoded content streams of the PDF (ASCII85 and Flate undone)."""
    out = []
    for match in _STREAM.finditer(pdf):
        length = int(re.search(rb"/Length (\d+)", match[1])[1])
        data = pdf[match.end() : match.end() + length]
        if b"/ASCII85Decode" in match[1]:
            data = base64.a85decode(data.strip().removesuffix(b"~>"))
        if b"/FlateDecode" in match[1]:
            data = zlib.decompress(data)
        out.append(data.decode("latin-1"))
    return out


def qr_widths_mm(pdf: bytes) -> list[float]:
    """The width on paper of each QR code's dark modules: each code is one filled path of
    whole-module rectangles under a scale to the module size."""
    widths = []
    for stream in page_streams(pdf):
        for match in _QR_PATH.finditer(stream):
            module = float(match[1])
            rects = [tuple(map(int, r.split()[:3])) for r in match[2].split(" re") if r.strip()]
            left = min(x for x, _y, _w in rects)
            right = max(x + w for x, _y, w in rects)
            widths.append((right - left) * module / MM)
    return widths


# -- what the codes should say, from the pack ------------------------------------------


def allowed(pack, *urls) -> str:
    return next((a for a in (qr_address(u, pack.meta.allowed_hosts) for u in urls) if a), "")


def leaflet_codes(pack, service_id: str) -> list[str]:
    service = pack.service(service_id)
    codes = [allowed(pack, service["apply_online"])]
    codes += [allowed(pack, pack.agency(a["id"])["website"]) for a in service["agencies"]]
    return sorted(c for c in codes if c)


def brochure_codes(pack, category_id: str) -> list[str]:
    codes, agencies = [], []
    for row in pack.services_in_category(category_id):
        service = pack.service(row["id"])
        codes.append(allowed(pack, service["apply_online"]))
        agencies += [a["id"] for a in service["agencies"] if a["id"] not in agencies]
    codes += [allowed(pack, pack.agency(a)["website"]) for a in agencies]
    return sorted(c for c in codes if c)


LIST = [
    ("service", SERVICE),
    ("agency", "mfc-perm"),
    ("event", "gosuslugi-beginners-2026-12-03-perm"),
    ("service", "library-for-the-blind"),
]


def list_codes(pack, items) -> list[str]:
    codes = []
    for kind, key in items:
        if kind == "service":
            record = pack.service(key)
            codes.append(allowed(pack, record["apply_online"], record["source"]))
        elif kind == "agency":
            record = pack.agency(key)
            codes.append(allowed(pack, record["website"], record["source"]))
        else:
            record = pack.event(key)
            codes.append(allowed(pack, record["url"], record["source"]))
    return sorted(c for c in codes if c)


CARDS = [SERVICE, "free-legal-aid", "library-for-the-blind", "old-age-pension"]


def card_codes(pack, ids) -> list[str]:
    return sorted(
        allowed(pack, pack.service(i)["apply_online"], pack.service(i)["source"]) for i in ids
    )


def render(kind: str, pack):
    import printouts

    return {
        "leaflet": lambda: printouts.leaflet(pack, SERVICE),
        "leaflet_en": lambda: printouts.leaflet(pack, SERVICE, "en"),
        "leaflet_large": lambda: printouts.leaflet(pack, SERVICE, large=True),
        "brochure": lambda: printouts.brochure(pack, CATEGORY),
        "my_list": lambda: printouts.my_list(pack, LIST),
        "cards": lambda: printouts.cards(pack, CARDS),
        "receipt": lambda: printouts.receipt(pack, SERVICE),
    }[kind]()


def expected_codes(kind: str, pack) -> list[str]:
    return {
        "leaflet": lambda: leaflet_codes(pack, SERVICE),
        "leaflet_en": lambda: leaflet_codes(pack, SERVICE),
        "leaflet_large": lambda: leaflet_codes(pack, SERVICE),
        "brochure": lambda: brochure_codes(pack, CATEGORY),
        "my_list": lambda: list_codes(pack, LIST),
        "cards": lambda: card_codes(pack, CARDS),
        "receipt": lambda: [allowed(pack, pack.service(SERVICE)["apply_online"])],
    }[kind]()


KINDS = ["leaflet", "leaflet_en", "leaflet_large", "brochure", "my_list", "cards", "receipt"]


# -- the tests ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_every_code_on_every_page_reads_back_as_the_expected_address(kind, pack):
    printout = render(kind, pack)
    pages = decoded_codes(printout.pdf)
    assert len(pages) == printout.pages
    expected = expected_codes(kind, pack)
    assert expected, "the sample must have codes to check"
    assert Counter(code for page in pages for code in page) == Counter(expected)
    # One filled path per code, as many as the phone reads: no code drawn twice or torn.
    assert len(qr_widths_mm(printout.pdf)) == len(expected)


@pytest.mark.parametrize("kind", KINDS)
def test_codes_are_at_least_25_mm_wide_and_20_on_the_receipt(kind, pack):
    widths = qr_widths_mm(render(kind, pack).pdf)
    assert widths
    assert min(widths) >= (20 if kind == "receipt" else 25)


@pytest.mark.parametrize("kind", KINDS)
def test_same_input_gives_the_same_bytes(kind, pack):
    assert render(kind, pack).pdf == render(kind, pack).pdf


def test_a_fresh_process_gives_the_same_bytes(pack, demo_pack, tmp_path):
    out = tmp_path / "again.pdf"
    code = (
        "import sys; from content.pack.reader import open_pack; import printouts; "
        f"p = open_pack({str(demo_pack)!r}); "
        f"open({str(out)!r}, 'wb').write(printouts.leaflet(p, {SERVICE!r}).pdf)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    assert out.read_bytes() == render("leaflet", pack).pdf


@pytest.mark.parametrize("kind", KINDS)
def test_no_text_comes_near_the_edge_of_the_paper(kind, pack, tmp_path):
    # Office printers cannot print the outer 4-5 mm; a thermal head the outer 4 mm.
    assert words_outside(render(kind, pack).pdf, tmp_path, margin_mm=4) == []


def test_russian_text_round_trips_through_the_embedded_font(pack, tmp_path):
    text = text_of(render("leaflet", pack).pdf, tmp_path)
    assert "Единовременное пособие при рождении ребёнка" in text
    assert "Какие документы нужны" in text
    assert "Страница 1 из 2" in text


def test_english_leaflet_is_english_with_the_pack_date_in_words(pack, tmp_path):
    text = text_of(render("leaflet_en", pack).pdf, tmp_path)
    assert "One-off childbirth grant" in text
    assert "Documents you need" in text and "Page 2 of 2" in text
    assert "Information as of" in text and "Demonstration content" in text


def test_every_page_says_demonstration_content_for_a_demo_pack_only(pack, demo_pack, tmp_path):
    import printouts

    pages = text_of(printouts.leaflet(pack, SERVICE).pdf, tmp_path).split("\f")[:-1]
    assert pages and all("Демонстрационные материалы" in page for page in pages)
    real = tmp_path / "real.sqlite"
    shutil.copy(demo_pack, real)
    with sqlite3.connect(real) as db:
        db.execute("UPDATE meta SET value = '0' WHERE key = 'demo'")
    with open_pack(real) as real_pack:
        text = text_of(printouts.leaflet(real_pack, SERVICE).pdf, tmp_path)
    assert "Демонстрационные материалы" not in text
    assert "Источник: sfr.gov.ru/grazhdanam" in text


def test_an_online_address_off_the_allowlist_is_printed_neither_as_a_code_nor_as_text(
    demo_pack, tmp_path
):
    """A pack from another tool could carry any address; the reader hands out only allowed
    ones (content.pack.reader), so an address off the list reaches no paper at all."""
    import printouts

    odd = tmp_path / "odd.sqlite"
    shutil.copy(demo_pack, odd)
    with sqlite3.connect(odd) as db:
        db.execute(
            "UPDATE services SET apply_online = 'https://apply.example.org/form' WHERE id = ?",
            (SERVICE,),
        )
    with open_pack(odd) as odd_pack:
        printout = printouts.leaflet(odd_pack, SERVICE)
        codes = [c for page in decoded_codes(printout.pdf) for c in page]
        agencies = leaflet_codes(odd_pack, SERVICE)
    assert codes and sorted(codes) == agencies
    assert not any("example.org" in c for c in codes)
    text = text_of(printout.pdf, tmp_path)
    assert "example.org" not in text and "Через интернет" not in text
    assert "Источник: sfr.gov.ru" in text  # the allowed addresses are still there


def test_markdown_the_old_reader_crossed_prints_and_a_link_prints_its_short_address(
    demo_pack, tmp_path
):
    """'**a *b** c*' made crossed tags (<b>a <i>b</b> c</i>) that reportlab refused: no
    leaflet at all. Read by markdown-it, the stars pair up and the tags nest."""
    import printouts

    odd = tmp_path / "odd.sqlite"
    shutil.copy(demo_pack, odd)
    with sqlite3.connect(odd) as db:
        db.execute(
            "UPDATE services SET amount_ru = ? WHERE id = ?",
            ("**до *50 000** рублей* по [сайту фонда](https://sfr.gov.ru/branches/perm/)", SERVICE),
        )
    with open_pack(odd) as odd_pack:
        text = text_of(printouts.leaflet(odd_pack, SERVICE).pdf, tmp_path)
    assert "до 50 000 рублей по сайту фонда (sfr.gov.ru/branches/perm)" in text
    assert "*" not in text


def test_every_demo_leaflet_fits_on_two_pages_and_the_large_one_is_larger(pack):
    import printouts

    ids = [row[0] for row in pack.conn.execute("SELECT id FROM services")]
    pages = {sid: printouts.leaflet(pack, sid).pages for sid in ids}
    assert max(pages.values()) <= 2, {k: v for k, v in pages.items() if v > 2}
    assert printouts.leaflet(pack, SERVICE, large=True).pages > pages[SERVICE]


def test_everything_in_the_demo_pack_prints_in_every_kind(pack):
    import printouts

    services = [row[0] for row in pack.conn.execute("SELECT id FROM services ORDER BY id")]
    agencies = [row[0] for row in pack.conn.execute("SELECT id FROM agencies ORDER BY id")]
    events = [row[0] for row in pack.conn.execute("SELECT id FROM events ORDER BY id")]
    for sid in services:
        assert printouts.receipt(pack, sid).pages == 1
    for category in pack.categories():
        assert printouts.brochure(pack, category["id"]).pages >= 2
    assert printouts.cards(pack, services).pages == -(-len(services) // 10)
    items = [("service", s) for s in services] + [("agency", a) for a in agencies]
    items += [("event", e) for e in events]
    assert printouts.my_list(pack, items, "en").pages >= 2


def test_brochure_contents_give_the_page_where_each_service_starts(pack, tmp_path):
    printout = render("brochure", pack)
    pages = text_of(printout.pdf, tmp_path).split("\f")
    names = [row["name"].ru for row in pack.services_in_category(CATEGORY)]
    contents = pages[0]
    for name in names:
        number = int(re.search(re.escape(name) + r"\s+(\d+)\s*$", contents, re.M)[1])
        assert name in " ".join(pages[number - 1].split())  # pdftotext may wrap a long title
    assert printout.pages >= len(names) + 2  # cover, one page or more each, the agencies


def test_receipt_is_one_page_80_mm_wide(pack):
    printout = render("receipt", pack)
    assert printout.pages == 1 and printout.kind == "receipt"
    assert round(printout.page_size[0] / MM) == 80


def test_cards_fill_a_sheet_of_ten_then_start_another(pack):
    import printouts

    ids = [row[0] for row in pack.conn.execute("SELECT id FROM services LIMIT 11")]
    printout = printouts.cards(pack, ids)
    assert printout.pages == 2
    assert [len(page) for page in decoded_codes(printout.pdf)] == [10, 1]


def test_unknown_ids_and_kinds_are_refused_by_name(pack):
    import printouts

    for call in (
        lambda: printouts.leaflet(pack, "no-such-service"),
        lambda: printouts.receipt(pack, "no-such-service"),
        lambda: printouts.brochure(pack, "no-such-service"),
        lambda: printouts.cards(pack, [SERVICE, "no-such-service"]),
        lambda: printouts.my_list(pack, [("agency", "no-such-service")]),
    ):
        with pytest.raises(printouts.UnknownItemError, match="no-such-service") as info:
            call()
        assert isinstance(info.value, LookupError)
    with pytest.raises(ValueError, match="recipe"):
        printouts.my_list(pack, [("recipe", SERVICE)])
    with pytest.raises(ValueError, match="empty"):
        printouts.my_list(pack, [])


def test_importing_printouts_loads_no_kivy():
    code = (
        "import sys, printouts, printouts.samples; "
        "print(','.join(m for m in sys.modules if m.split('.')[0] == 'kivy' "
        "or m.startswith('kiosk.app')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_samples_tool_writes_a_png_per_page_and_an_index(demo_pack, tmp_path):
    from printouts import samples

    assert samples.main(["--pack", str(demo_pack), "--out", str(tmp_path), "--dpi", "30"]) == 0
    index = (tmp_path / "README.md").read_text(encoding="utf-8")
    pngs = sorted(p.name for p in tmp_path.glob("*.png"))
    assert pngs and all(name in index for name in pngs)
    assert {"leaflet-ru-1.png", "leaflet-en-1.png", "leaflet-large-ru-1.png"} <= set(pngs)
    assert {"brochure-ru-1.png", "my-list-ru-1.png", "cards-ru-1.png", "receipt-ru-1.png"} <= set(
        pngs
    )


def raw_text(pdf: bytes, folder: Path) -> str:
    """The PDF's words in the order they are drawn (two columns not interleaved), its
    lines joined by single spaces."""
    result = subprocess.run(
        ["pdftotext", "-raw", write(pdf, folder, "raw"), "-"], capture_output=True, check=True
    )
    return " ".join(result.stdout.decode("utf-8").split())


def test_a_leaflet_names_a_few_offices_and_counts_the_rest_a_brochure_lists_them_all(
    pack, tmp_path
):
    """An agency with offices all over the region would fill pages no visitor reads: the
    leaflet shows at most four offices in all (two an agency, one at least), and says how
    many more there are and where to find them; the staff's brochure lists every one."""
    import re

    import printouts

    service = pack.service("home-social-services")
    shown_by_agency = {}
    text = raw_text(printouts.leaflet(pack, service["id"]).pdf, tmp_path)
    for agency in service["agencies"]:
        offices = [loc for loc in service["locations"] if loc["agency_id"] == agency["id"]]
        names = [loc["name"].get("ru") for loc in offices]
        shown_by_agency[agency["id"]] = (sum(name in text for name in names), len(offices))
    assert sum(shown for shown, _ in shown_by_agency.values()) <= 4
    assert all(shown >= 1 for shown, _ in shown_by_agency.values()), shown_by_agency
    counted = [int(n) for n in re.findall(r"Ещё (\d+) отделени", text)]
    hidden = [total - shown for shown, total in shown_by_agency.values() if total > shown]
    assert sorted(counted) == sorted(hidden) and hidden, (counted, shown_by_agency)
    assert "в разделе «Учреждения»" in text

    booklet = raw_text(printouts.brochure(pack, service["category_id"]).pdf, tmp_path)
    assert not re.search(r"Ещё \d+ отделени", booklet)
    for loc in service["locations"]:
        assert loc["name"].get("ru") in booklet, loc["id"]
