"""Writing the built content files as YAML, replacing an earlier import's files."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

# What an import writes: an overwrite removes these and leaves staff's other files alone.
GENERATED = ("pack.yaml", "categories.yaml", "districts.yaml", "agencies", "services")


def remove_generated(out: Path) -> None:
    """Remove an earlier import's files from `out`; synonyms.yaml, events/ etc. stay."""
    for name in GENERATED:
        target = out / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()


_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):
    pass


def _represent_str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def write_all(out: Path, files: dict[str, object]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    made: set[Path] = set()
    for rel in sorted(files):
        path = out / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        text = yaml.dump(
            files[rel], Dumper=_Dumper, allow_unicode=True, sort_keys=False,
            default_flow_style=False, width=10_000,
        )  # fmt: skip
        if rel == "pack.yaml":
            text = (
                "# Imported from an Open Referral HSDS dataset: review before publishing.\n" + text
            )
        path.write_text(text, encoding="utf-8")
