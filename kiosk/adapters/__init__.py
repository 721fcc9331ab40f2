"""The terminal's adapters: the core's ports backed by real things.

CUPS (through its command-line tools), espeak-ng, the installed packs on disk, and sync
with the publishing server or a USB folder. No Kivy here; kiosk.app and kiosk.cli build
them (kiosk/app/compose.py is the one place that does it for the touch app).
"""
