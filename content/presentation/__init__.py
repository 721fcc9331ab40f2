"""Content as a visitor reads it, shared by the screen (kiosk.app) and paper (printouts).

Pure: the message catalogues and translator (`i18n`, with `locale/`), dates, hours and
addresses in words (`wording`), which addresses may become a QR code (`links`) and the
QR matrix itself (`qrmatrix`). Lives below both of its users, so neither imports the other.
"""
