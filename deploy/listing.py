"""Print every file, folder and link under a folder, with its type, mode, owner and content:
the fingerprint of an install, to compare two runs of deploy/install.sh.

    python3 deploy/listing.py /tmp/kiosk-root > first.txt

One line a path, sorted: `TYPE MODE USER:GROUP WHAT PATH`, WHAT being a file's SHA-256, a
link's target or '-' for a folder. Times are left out: they change on every write, and a
file written again with the same bytes is the same install. Standard library only, so it
runs with any python3 on a terminal.
"""

from __future__ import annotations

import grp
import hashlib
import os
import pwd
import stat
import sys
from pathlib import Path


def _name(table, key: int) -> str:
    try:
        return table(key)[0]
    except KeyError:
        return str(key)


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def describe(path: str, root: str) -> str:
    """The line for one path under root, root ending in a slash. Plain strings, not Paths:
    a terminal has thousands of files, and a Path each cost a fifth of what hashing does."""
    info = os.lstat(path)
    mode = stat.S_IMODE(info.st_mode)
    if stat.S_ISLNK(info.st_mode):
        kind, what = "l", os.readlink(path)
    elif stat.S_ISDIR(info.st_mode):
        kind, what = "d", "-"
    elif stat.S_ISREG(info.st_mode):
        kind, what = "f", _sha256(path)
    else:
        kind, what = "?", "-"
    owner = f"{_name(pwd.getpwuid, info.st_uid)}:{_name(grp.getgrgid, info.st_gid)}"
    return f"{kind} {mode:04o} {owner} {what} /{path[len(root) :]}"


def listing(root: Path) -> list[str]:
    """Every path under root (root itself left out), one line each, in a stable order."""
    top = os.path.join(root, "")
    lines = []
    for folder, dirs, files in os.walk(top):
        for name in dirs + files:
            lines.append(describe(os.path.join(folder, name), top))
    return sorted(lines, key=lambda line: line.split(" ", 4)[4])


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr if len(argv) != 1 else sys.stdout)
        return 0 if argv[:1] in (["-h"], ["--help"]) else 2
    root = Path(argv[0])
    if not root.is_dir():
        print(f"listing: no such folder: {root}", file=sys.stderr)
        return 2
    sys.stdout.writelines(line + "\n" for line in listing(root))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
