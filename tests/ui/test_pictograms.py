"""Pictograms beside the words: on every category tile and main action, in the icon font,
left of the words with a gap, growing with large text, in the text's colour in every theme,
and never a missing glyph."""

from __future__ import annotations

import pytest

from kiosk.app.headless import buttons, walk

SERVICE = "child-birth-grant"


@pytest.fixture
def theme():
    from kiosk.app.theme import T

    yield T
    T.reset()


def nav(kiosk, name):
    return kiosk.app.root.ids.nav.ids[name]


def font_char(name: str) -> str:
    """The character of pictogram `name`, read from the icon set's own index of names."""
    from fonticon_mdi7 import MDI7

    from content.presentation.pictograms import PICTOGRAMS

    return getattr(MDI7, PICTOGRAMS[name].replace("-", "_"))[-1]


def ink(texture) -> int:
    """How many pixels of an RGBA texture have any ink."""
    return sum(1 for alpha in texture.pixels[3::4] if alpha)


def ink_columns(texture) -> list[int]:
    """The columns of an RGBA texture with ink in them, left to right."""
    width, height = texture.size
    pixels = texture.pixels
    return [x for x in range(width) if any(pixels[(y * width + x) * 4 + 3] for y in range(height))]


def assert_drawn(pictogram, name: str) -> None:
    """`pictogram` draws `name`'s glyph of the icon font, at its size, with ink in it."""
    assert pictogram.name == name
    assert pictogram.glyph == font_char(name)
    assert pictogram.texture is not None
    assert tuple(pictogram.size) == tuple(pictogram.texture.size)
    assert pictogram.height >= round(pictogram.font_size) - 1 > 0
    assert ink(pictogram.texture) > pictogram.width * pictogram.height // 10


def assert_in_front_of_words(pictogram, words) -> None:
    """Left of the words in layout `words` (a Label beside it), a gap between, level with it."""
    from kiosk.app.pictograms import GAP

    assert pictogram.right + GAP - 1 <= words.x, (pictogram.pos, words.pos)
    assert words.y - 1 <= pictogram.center_y <= words.top + 1


def assert_in_front_of_button_text(pictogram, button) -> None:
    """Inside `button` (a Label), level with it, ending a gap before the first ink of its text."""
    from kiosk.app.pictograms import GAP

    columns = ink_columns(button.texture)
    drawn_at = int(button.center_x - button.texture_size[0] / 2)  # Kivy's Label draws it so
    text_starts = drawn_at + columns[0]
    assert button.x <= pictogram.x and pictogram.right <= button.right
    assert button.y <= pictogram.y and pictogram.top <= button.top
    assert abs(pictogram.center_y - button.center_y) <= 2
    assert pictogram.right + GAP * 0.75 <= text_starts <= pictogram.right + GAP * 1.5


def test_every_category_tile_shows_its_categorys_pictogram_beside_its_title(kiosk):
    pack = kiosk.app.controllers.packs.pack
    tiles = buttons(kiosk.screen, "CategoryTile")
    assert len(tiles) == len(pack.categories()) > 0
    for tile in tiles:
        icon = pack.category(tile.key)["icon"]
        pictogram = tile.ids.pictogram
        assert_drawn(pictogram, icon)
        assert_in_front_of_words(pictogram, tile.ids.title)
        assert tile.collide_widget(pictogram) and pictogram.x >= tile.x


def test_the_category_page_shows_the_tiles_pictogram_beside_its_title(kiosk):
    tile = buttons(kiosk.screen, "CategoryTile")[1]
    kiosk.tap(tile)
    header = next(w for w in walk(kiosk.screen) if type(w).__name__ == "Header")
    assert_drawn(header.ids.pictogram, tile.icon)
    assert_in_front_of_words(header.ids.pictogram, header.ids.heading)


def test_home_actions_and_search_show_their_pictograms(kiosk):
    ids = kiosk.screen.ids
    for action in ("finder", "agencies", "events"):
        assert_drawn(ids[action].ids.pictogram, action)
        assert_in_front_of_words(ids[action].ids.pictogram, ids[action].ids.label)
    assert_drawn(ids.search.ids.pictogram, "search")
    assert_in_front_of_words(ids.search.ids.pictogram, ids.search.ids.hint)


def test_the_bottom_bar_shows_read_aloud_and_my_list_with_pictograms(kiosk):
    kiosk.frames()
    read_aloud, my_list = nav(kiosk, "read_aloud"), nav(kiosk, "my_list")
    assert_drawn(read_aloud.ids.pictogram, "read_aloud")
    assert_drawn(my_list.ids.pictogram, "my_list")
    for button in (read_aloud, my_list):
        assert_in_front_of_button_text(button.ids.pictogram, button)


def test_print_buttons_show_the_print_pictogram(kiosk):
    printing = kiosk.app.controllers.printing
    kiosk.tap(buttons(kiosk.screen, "CategoryTile")[0])
    kiosk.tap(next(b for b in buttons(kiosk.screen, "ServiceButton") if b.key == SERVICE))
    kiosk.frames()
    leaflet = kiosk.screen.ids["print"]
    assert_drawn(leaflet.ids.pictogram, "print")
    assert_in_front_of_button_text(leaflet.ids.pictogram, leaflet)
    assert_drawn(kiosk.screen.ids.add_to_list.ids.pictogram, "add_to_list")

    printing.toggle("service", SERVICE)
    kiosk.tap(nav(kiosk, "my_list"))
    kiosk.frames()
    print_all = kiosk.screen.ids.print_all
    assert_drawn(print_all.ids.pictogram, "print")
    assert_in_front_of_button_text(print_all.ids.pictogram, print_all)


def test_search_with_nothing_found_offers_the_finder_and_the_tiles_with_pictograms(kiosk):
    kiosk.tap(kiosk.screen.ids.search)
    kiosk.screen.ids.field.insert_text("жжжжжж")
    kiosk.settle(0.6)
    kiosk.frames()
    finder = kiosk.screen.ids.offer.children[0]
    assert_drawn(finder.ids.pictogram, "finder")
    assert_in_front_of_button_text(finder.ids.pictogram, finder)
    tiles = buttons(kiosk.screen.ids.tiles, "CategoryTile")
    assert tiles and all(tile.ids.pictogram.texture for tile in tiles)


def test_pictograms_grow_with_large_text(kiosk, theme):
    tile = buttons(kiosk.screen, "CategoryTile")[0]
    finder = kiosk.screen.ids.finder
    before = {"tile": tile.ids.pictogram.height, "finder": finder.ids.pictogram.height}
    text_before = tile.ids.title.font_size

    theme.large_text = True
    kiosk.frames()

    growth = tile.ids.title.font_size / text_before
    assert growth > 1.2
    for name, pictogram in (("tile", tile.ids.pictogram), ("finder", finder.ids.pictogram)):
        assert pictogram.height == pytest.approx(before[name] * growth, abs=2), name
        assert pictogram.width == pytest.approx(before[name] * growth, abs=2), name
    assert_in_front_of_words(tile.ids.pictogram, tile.ids.title)
    assert tile.ids.head.height >= tile.ids.pictogram.height


@pytest.mark.parametrize("contrast", [False, True])
def test_a_pictogram_takes_the_colour_of_its_words_in_each_theme(kiosk, theme, contrast):
    from kiosk.core.palettes import HIGH_CONTRAST, NORMAL, rgba

    theme.high_contrast = contrast
    kiosk.frames()
    palette = HIGH_CONTRAST if contrast else NORMAL
    tile = buttons(kiosk.screen, "CategoryTile")[0]
    finder, search = kiosk.screen.ids.finder, kiosk.screen.ids.search
    pairs = [
        (tile.ids.pictogram, tile.ids.title),
        (finder.ids.pictogram, finder.ids.label),
        (search.ids.pictogram, search.ids.hint),
        (nav(kiosk, "my_list").ids.pictogram, nav(kiosk, "my_list")),
        (nav(kiosk, "read_aloud").ids.pictogram, nav(kiosk, "read_aloud")),
    ]
    for pictogram, words in pairs:
        assert tuple(pictogram.color) == pytest.approx(tuple(words.color)), words
    assert tuple(tile.ids.pictogram.color) == pytest.approx(rgba(palette["primary_text"]))


def test_every_pictogram_is_a_glyph_the_font_has_and_never_a_missing_one():
    from content.presentation.pictograms import PICTOGRAMS
    from kiosk.app.pictograms import glyph, glyph_texture

    # A character the font lacks: what a wrong codepoint would draw (nothing, here).
    missing = glyph_texture("\U000fffe0", 48)
    for name in PICTOGRAMS:
        char = glyph(name)
        assert char == font_char(name), name
        drawn = glyph_texture(char, 48)
        assert drawn.size == (48, 48), name
        assert ink(drawn) > 48 * 48 // 10, name
        assert drawn.size != missing.size or drawn.pixels != missing.pixels, name


def test_an_unknown_pictogram_draws_nothing_and_takes_no_room(kiosk):
    from kivy.factory import Factory

    tile = Factory.CategoryTile(key="x", title="Без картинки", note="", icon="no-such-icon")
    tile.size = (400, 200)
    kiosk.screen.ids.tiles.add_widget(tile)
    try:
        kiosk.frames()
        pictogram = tile.ids.pictogram
        assert pictogram.glyph == "" and pictogram.texture is None
        assert tuple(pictogram.size) == (0, 0) and pictogram.room == 0
        assert tile.ids.head.spacing == 0
        assert tile.ids.title.x == pytest.approx(tile.x + tile.padding[0], abs=1)
    finally:
        kiosk.screen.ids.tiles.remove_widget(tile)


def test_read_aloud_says_the_words_and_nothing_for_the_pictograms(kiosk):
    spoken = kiosk.screen.spoken_text()
    assert "Семьи с детьми" in spoken
    assert not any(0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000 for c in spoken)
