"""The content pack, one SQLite file: its format, its reader, and search over it.

Both sides use it: the publisher writes the format (content.publisher.build) and checks a
whole pack before signing it; the terminal, the printouts and `kiosk content info` read it
through `reader.open_pack()`. All SQL on a pack is here.
"""
