"""Keep the message catalogues in step with the code: extract, update, check.

    .venv/bin/python scripts/messages.py  # update the .po files in content/presentation/locale
    .venv/bin/python scripts/messages.py --check   # exit 1 if a message lacks a translation

Messages come from kiosk/ and printouts/: in Python `_("…")`, `N_("…")` and
`ngettext("…", "…", n)` (Babel's Python extractor), in .kv files `_('…')` and
`_.ngettext('…', '…', n)`. The msgids are Russian. Updating keeps every translation already
made: ru.po gets msgstr = msgid (a plural needs its three Russian forms written by hand),
en.po gets new entries empty, and messages the code no longer uses become `#~` entries,
which come back with their translation if the string returns.
"""

from __future__ import annotations

import argparse
import ast
import re
import string
import sys
import tokenize
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract as babel_extract
from babel.messages.pofile import write_po

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from content.presentation.i18n import DOMAIN, is_translated, po_path, read_catalog  # noqa: E402

SOURCES = ("kiosk", "printouts", "content/presentation")
LOCALE = Path("content/presentation/locale")
"""Where the catalogues are, relative to the project (beside content.presentation.i18n)."""
"""Folders under the project root whose .py and .kv files hold user-facing strings."""

LANGUAGES = ("ru", "en")

KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
"""Babel's keyword spec: which calls mark messages, and which arguments are the strings."""

COMMENT_TAGS = ("Translators:",)
"""A `# Translators: …` comment right above a string goes into the .po for the translator."""

HEADER = """\
# Perm kiosk: user-facing messages, {lang}. The msgids are the Russian source strings.
# Translate the msgstr lines only; `python scripts/messages.py` adds and retires entries.
#"""

_STR = r"""('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
_KV_GETTEXT = re.compile(rf"(?<![\w.])_\(\s*{_STR}\s*\)")
_KV_PLAIN_NGETTEXT = re.compile(r"(?<![\w.])ngettext\(")
_KV_NGETTEXT = re.compile(rf"(?<![\w.])_\.ngettext\(\s*{_STR}\s*,\s*{_STR}\s*,")

Found = tuple[str, int, "str | tuple[str, str]", list[str]]
"""(path relative to the root, line, msgid or (singular, plural), translator comments)."""


# -- extraction ----------------------------------------------------------------------------


def source_files(root: Path) -> list[Path]:
    """The .py and .kv files that may hold messages, in a stable order."""
    files = []
    for folder in SOURCES:
        base = root / folder
        if base.is_dir():
            files += [p for p in base.rglob("*") if p.suffix in (".py", ".kv") and p.is_file()]
    return sorted(files)


def _python_messages(path: Path) -> Iterator[tuple[int, str | tuple[str, str], list[str]]]:
    with path.open("rb") as fileobj:
        for lineno, message, comments, _context in babel_extract(
            "python", fileobj, KEYWORDS, COMMENT_TAGS, strip_comment_tags=True
        ):
            yield lineno, message, comments
    yield from _fstring_messages(path)


def _fstring_messages(path: Path) -> Iterator[tuple[int, str, list[str]]]:
    """`_('…')` inside f-string fields, which Babel's extractor does not look into."""
    with path.open("rb") as fileobj:
        tokens = list(tokenize.tokenize(fileobj.readline))
    for token in tokens:
        if token.type != tokenize.STRING:
            continue
        prefix = token.string[
            : min(i for i in (token.string.find("'"), token.string.find('"')) if i >= 0)
        ]
        if "f" in prefix.lower():
            for match in _KV_GETTEXT.finditer(token.string):
                yield token.start[0], ast.literal_eval(match[1]), []


def _kv_messages(path: Path) -> Iterator[tuple[int, str | tuple[str, str], list[str]]]:
    text = path.read_text(encoding="utf-8")
    found = [(m.start(), ast.literal_eval(m[1])) for m in _KV_GETTEXT.finditer(text)]
    found += [
        (m.start(), (ast.literal_eval(m[1]), ast.literal_eval(m[2])))
        for m in _KV_NGETTEXT.finditer(text)
    ]
    for start, message in sorted(found, key=lambda item: item[0]):
        yield text.count("\n", 0, start) + 1, message, []


def extract(root: Path = ROOT) -> list[Found]:
    """Every message in the code under `root`, in file and line order (repeats included)."""
    found: list[Found] = []
    for path in source_files(root):
        messages = _kv_messages(path) if path.suffix == ".kv" else _python_messages(path)
        relative = path.relative_to(root).as_posix()
        found += [(relative, line, message, comments) for line, message, comments in messages]
    return found


def template(root: Path = ROOT) -> Catalog:
    """The messages of the code as an untranslated catalogue (what a .pot file would hold)."""
    catalog = Catalog(domain=DOMAIN, fuzzy=False)
    for path, line, message, comments in extract(root):
        catalog.add(message, locations=[(path, line)], auto_comments=comments)
    return catalog


# -- updating the .po files ----------------------------------------------------------------


def _key(message: Message) -> str:
    return message.id[0] if isinstance(message.id, (tuple, list)) else message.id


def _forms(catalog: Catalog, message: Message, previous: Message | None) -> str | tuple:
    """The msgstr for `message`: the previous translation if it fits, else a blank one."""
    plural = isinstance(message.id, (tuple, list))
    if previous is not None and previous.id == message.id:
        if not plural:
            return previous.string
        forms = list(previous.string)[: catalog.num_plurals]
        return tuple(forms + [""] * (catalog.num_plurals - len(forms)))
    return ("",) * catalog.num_plurals if plural else ""


def updated(lang: str, code: Catalog, old: Catalog | None) -> Catalog:
    """The catalogue of `lang` for the messages in `code`, keeping what `old` translated."""
    catalog = Catalog(
        locale=lang,
        domain=DOMAIN,
        project="perm-kiosk",
        header_comment=HEADER.format(lang=lang),
        msgid_bugs_address="",
        fuzzy=False,
    )
    previous: dict[str, Message] = {}
    if old is not None:
        # The header is the translator's too (Last-Translator, Plural-Forms, dates): keep it.
        catalog.header_comment = old.header_comment
        catalog.mime_headers = old.mime_headers
        previous.update((_key(m), m) for m in old.obsolete.values())
        previous.update((_key(m), m) for m in old if m.id)
    for message in code:
        if not message.id:
            continue
        before = previous.pop(_key(message), None)
        forms = _forms(catalog, message, before)
        if lang == "ru" and forms == "":
            forms = message.id  # the source text is the Russian text
        kept = before is not None and before.id == message.id
        catalog.add(
            message.id,
            forms,
            locations=message.locations,
            flags={"fuzzy"} & set(before.flags) if kept else (),
            auto_comments=message.auto_comments,
            user_comments=before.user_comments if kept else (),
        )
    for key, message in previous.items():
        if lang == "ru" and message.string == message.id:
            continue  # nothing to lose: ru.po repeats the source text
        catalog.obsolete[key] = message
    return catalog


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = BytesIO()
    write_po(buffer, catalog, width=100, include_lineno=False)
    return buffer.getvalue()


def update(root: Path = ROOT) -> list[Path]:
    """Rewrite the .po files under `root` to match the code; the ones that changed."""
    code = template(root)
    changed = []
    for lang in LANGUAGES:
        path = po_path(lang, root / LOCALE)
        old = read_catalog(path) if path.exists() else None
        new = _po_bytes(updated(lang, code, old))
        if not path.exists() or path.read_bytes() != new:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(new)
            changed.append(path)
    return changed


# -- checking ------------------------------------------------------------------------------


_PERCENT_FIELD = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


def _fields(text: str) -> set[str]:
    """The placeholders of `text`: `{name}` for str.format, `%(name)d` for the % operator."""
    fields = {f"%({name})" for name in _PERCENT_FIELD.findall(text)}
    try:
        fields |= {f"{{{f}}}" for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    except ValueError:
        pass  # not a format string: braces are text
    return fields


def check(root: Path = ROOT) -> list[str]:
    """What keeps the catalogues under `root` from covering the code; [] when all is well.

    A message in the code must be in every language's .po with every form translated, not
    fuzzy, and with the same {placeholders} as the source (else `.format()` would fail).
    """
    problems = []
    for path in source_files(root):
        if path.suffix == ".kv":
            problems += _kv_unseen(path, root)
    code = template(root)
    for lang in LANGUAGES:
        path = po_path(lang, root / LOCALE)
        name = path.relative_to(root).as_posix()
        if not path.exists():
            problems.append(f"{name}: missing file")
            continue
        catalog = read_catalog(path)
        for message in code:
            if not message.id:
                continue
            where = ", ".join(f"{p}:{n}" for p, n in message.locations)
            entry = catalog.get(_key(message))
            if entry is None or entry.id != message.id:
                problems.append(f"{name}: not in the catalogue: {message.id!r} ({where})")
            elif not is_translated(entry) or len(_strings(entry)) != _form_count(catalog, entry):
                problems.append(f"{name}: no translation: {message.id!r} ({where})")
            else:
                problems += _placeholder_problems(name, entry)
    return problems


def _kv_unseen(path: Path, root: Path) -> list[str]:
    """Translation calls in a .kv file that neither this extractor nor a language switch
    sees: a plain `ngettext(` (imported by name) instead of `_.ngettext(`."""
    text = path.read_text(encoding="utf-8")
    name = path.relative_to(root).as_posix()
    return [
        f"{name}:{text.count(chr(10), 0, m.start()) + 1}: write _.ngettext(...) in kv: "
        "a plain ngettext is neither extracted nor redrawn on a language switch"
        for m in _KV_PLAIN_NGETTEXT.finditer(text)
    ]


def _form_count(catalog: Catalog, message: Message) -> int:
    return catalog.num_plurals if isinstance(message.id, (tuple, list)) else 1


def _strings(message: Message) -> tuple[str, ...]:
    s = message.string
    return tuple(s) if isinstance(s, (tuple, list)) else (s,)


def _placeholder_problems(name: str, entry: Message) -> list[str]:
    ids = entry.id if isinstance(entry.id, (tuple, list)) else (entry.id,)
    expected = set().union(*map(_fields, ids))
    return [
        f"{name}: placeholders {sorted(_fields(s))} in {s!r}, the source has {sorted(expected)}"
        for s in _strings(entry)
        if not _fields(s) <= expected
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 on gaps")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(f"{len(problems)} problem(s); run scripts/messages.py, then translate.")
        return 1 if problems else 0
    for path in update():
        print(f"updated {path.relative_to(ROOT)}")
    problems = check()
    if problems:
        print(f"{len(problems)} message(s) still need a translation: see --check")
    return 0


if __name__ == "__main__":
    sys.exit(main())
