"""The terminal's pure core: what the kiosk decides, with no Kivy, reportlab, CUPS or network.

Session and idle reset, Back/Home, the benefit finder, the agencies' filters, the on-screen
keyboard's layouts, colour palettes, the terminal's config, print jobs followed to their end,
whether a newer pack is installed, whether the information may be out of date. Outside
things come in as ports (a clock, a `Printer`, a `Speaker`); adapters in kiosk.adapters
implement them. The import contracts in pyproject.toml keep it so.
"""
