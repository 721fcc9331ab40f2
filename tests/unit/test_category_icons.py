"""A category's `icon` names a pictogram the terminal can draw, or the validator says so."""

from __future__ import annotations

from pathlib import Path

import yaml
from factories import CATEGORIES, write_folder

from content.presentation.pictograms import PICTOGRAMS, known_pictogram
from content.publisher.sources import load_folder

DEMO = Path(__file__).parents[2] / "content" / "demo"


def folder_with_icon(tmp_path: Path, icon: str) -> Path:
    folder = write_folder(tmp_path / "c")
    categories = [{**CATEGORIES[0], "icon": icon}]
    text = yaml.safe_dump(categories, allow_unicode=True, sort_keys=False)
    (folder / "categories.yaml").write_text(text, "utf-8")
    return folder


def test_every_demo_category_names_a_known_pictogram():
    loaded = load_folder(DEMO)
    icons = {c.id: c.icon for c in loaded.content.categories}
    assert icons and all(known_pictogram(icon) for icon in icons.values()), icons
    assert not [p for p in loaded.problems if "icon" in p.message]


def test_a_known_icon_is_kept_without_a_word(tmp_path):
    loaded = load_folder(folder_with_icon(tmp_path, "family"))
    assert loaded.ok and [c.icon for c in loaded.content.categories] == ["family"]
    assert not [p for p in loaded.problems if "icon" in p.message]


def test_an_unknown_icon_is_a_warning_on_its_line_and_the_category_stays(tmp_path):
    folder = folder_with_icon(tmp_path, "famly")
    loaded = load_folder(folder)

    assert loaded.ok  # a warning: the tile is shown with its words alone
    assert [c.id for c in loaded.content.categories] == ["families"]
    warnings = [p for p in loaded.problems if p.severity == "warning" and "icon" in p.message]
    assert len(warnings) == 1
    text = (folder / "categories.yaml").read_text("utf-8").splitlines()
    assert "famly" in text[warnings[0].line - 1]
    assert "unknown icon 'famly'" in warnings[0].message
    assert "family" in warnings[0].message  # the names it could have been


def test_every_pictogram_name_is_a_short_plain_word():
    # The names are what authors type in YAML: lower case, no spaces, within the field's limit.
    for name in PICTOGRAMS:
        assert name.replace("_", "").isalpha() and name.islower() and len(name) <= 40, name
