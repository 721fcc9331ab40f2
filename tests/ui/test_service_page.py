"""The service page: its QR code scans to the online service; my list; print; read aloud."""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest

from kiosk.app.headless import buttons, texts

SERVICE = "child-birth-grant"


def open_service(kiosk, key=SERVICE):
    kiosk.tap(buttons(kiosk.screen, "CategoryTile")[0])
    button = next(b for b in buttons(kiosk.screen, "ServiceButton") if b.key == key)
    kiosk.tap(button)
    assert kiosk.screen.name == "service" and kiosk.screen.key == key


def decode_qr(kiosk, widget, tmp_path) -> list[str]:
    """Screenshot the window, cut out `widget`, and read it with zbarimg."""
    from PIL import Image

    shot = kiosk.screenshot(tmp_path / "screen.png")
    x, y = widget.to_window(*widget.pos)
    with Image.open(shot) as image:
        top = image.height - int(y + widget.height)
        crop = image.crop((int(x), top, int(x + widget.width), top + int(widget.height)))
        crop.save(tmp_path / "qr.png")
    result = subprocess.run(
        ["zbarimg", "--raw", "-q", str(tmp_path / "qr.png")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    return result.stdout.split()


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools is not installed")
def test_the_qr_code_on_the_page_scans_to_the_online_service(kiosk, tmp_path):
    open_service(kiosk)
    service = kiosk.app.controllers.packs.pack.service(SERVICE)
    qr = kiosk.screen.ids.qr
    from kiosk.app.sizes import mm

    assert qr.width >= mm(30)  # large enough for an older phone's camera at arm's length
    assert decode_qr(kiosk, qr, tmp_path) == [service["apply_online"]]
    assert "gosuslugi.ru" in "\n".join(texts(kiosk.screen))


def test_add_to_my_list_and_find_it_there_with_its_code(kiosk):
    open_service(kiosk)
    kiosk.tap(kiosk.screen.ids.add_to_list)
    assert kiosk.app.my_list_count == 1
    assert kiosk.screen.ids.add_to_list.text == "Убрать из моего списка"
    nav = kiosk.app.root.ids.nav.ids
    assert nav.my_list.text.endswith("1")
    kiosk.tap(nav.my_list)
    assert kiosk.screen.name == "my_list"
    name = kiosk.app.controllers.packs.pack.service(SERVICE)["name"].ru
    assert name in texts(kiosk.screen)
    assert len(buttons(kiosk.screen, "QRCode")) == 1
    remove = next(b for b in buttons(kiosk.screen, "SecondaryButton") if b.text == "Убрать")
    kiosk.tap(remove)
    assert kiosk.app.my_list_count == 0 and name not in texts(kiosk.screen)


def test_read_aloud_speaks_the_page_into_real_speech(kiosk, speech_wav):
    speaker = kiosk.app.controllers.reading.speaker
    if not speaker.available:
        pytest.skip("espeak-ng is not installed")
    open_service(kiosk)
    read = kiosk.app.root.ids.nav.ids.read_aloud
    speech_wav.unlink(missing_ok=True)
    kiosk.tap(read)
    assert kiosk.app.speaking and read.text == "Остановить чтение"
    deadline = time.monotonic() + 15
    while speaker.speaking or not speech_wav.exists():
        assert time.monotonic() < deadline, "espeak-ng did not finish"
        time.sleep(0.05)
    data = speech_wav.read_bytes()  # the first sentence: the page's title
    assert data[:4] == b"RIFF" and len(data) > 22050 * 2 * 1  # more than a second of speech
    name = kiosk.app.controllers.packs.pack.service(SERVICE)["name"].ru
    assert kiosk.app.controllers.reading.sentences[0].startswith(name)


def test_a_new_page_stops_the_reading_at_once(kiosk, tmp_path, monkeypatch):
    speaker = kiosk.app.controllers.reading.speaker
    if not speaker.available:
        pytest.skip("espeak-ng is not installed")
    # espeak-ng writes a sentence into a file in milliseconds, and a loaded machine may take
    # longer than that between the tap and the check: into a pipe nobody reads, it blocks
    # and is still speaking whenever the page changes, as it would be through a loudspeaker.
    never_read = tmp_path / "never-read.wav"
    os.mkfifo(never_read)
    monkeypatch.setattr(speaker, "wav_path", never_read)
    open_service(kiosk)
    kiosk.app.toggle_reading()  # what the button calls
    pid = speaker.pid
    assert pid is not None and kiosk.app.speaking
    kiosk.app.controllers.navigator.back()
    assert not kiosk.app.speaking and not speaker.speaking
    deadline = time.monotonic() + 1
    while _alive(pid):
        assert time.monotonic() < deadline, "espeak-ng still runs after the page changed"
        time.sleep(0.02)
    kiosk.frames()
    assert kiosk.app.root.ids.nav.ids.read_aloud.text == "Читать вслух"


def test_the_text_read_aloud_is_the_page_in_plain_words(kiosk):
    open_service(kiosk)
    spoken = kiosk.screen.spoken_text()
    service = kiosk.app.controllers.packs.pack.service(SERVICE)
    assert service["name"].ru in spoken and "Кто может получить" in spoken
    assert "[b]" not in spoken and "&bl;" not in spoken


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False
