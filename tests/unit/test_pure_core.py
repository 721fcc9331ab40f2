"""The pure core must not pull in the UI or printing: it runs in the CLI, tests and tools."""

import subprocess
import sys

PURE = [
    "content.rules", "content.search", "content.textnorm", "content.pack", "content.sources",
    "content.build", "content.hours", "content.phones", "kiosk.navigation",
    "kiosk.finder", "kiosk.session", "kiosk.config",
    "kiosk.speech", "kiosk.qrmatrix", "kiosk.agency_filter", "kiosk.keyboard",
    "kiosk.printing", "kiosk.print_desk", "kiosk.wording",
    "kiosk.pack_store", "kiosk.freshness", "kiosk.sync", "content.publish",
    "content.urls", "content.limits", "content.yamlsrc", "content.fields", "kiosk.links",
]  # fmt: skip


def test_pure_core_imports_no_kivy_reportlab_or_printing():
    code = (
        f"import sys; import {', '.join(PURE)}; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('kivy', 'reportlab', 'cups')]; "
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
