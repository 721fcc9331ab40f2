"""The `kiosk` command: click shells over the library, one module per group of commands.

`main.py` holds the group and `kiosk run`; `printing.py` `kiosk print …`; `packs.py`
`kiosk pack …`, `kiosk sync`, `kiosk import`, `kiosk status`. The staff's content tools
(`kiosk content …`) are the publisher's, in content/publisher/cli.py.
"""
