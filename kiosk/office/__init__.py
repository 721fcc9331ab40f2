"""The office's side of the return channel: what staff run to open what citizens sent.

Pull sealed submissions from the drop box (its storage folder, a USB export, or an URL with a
listing), open them with the office's private key into a local SQLite inbox, list, show and
close them (`kiosk inbox …`). Never needed on a terminal: a terminal cannot read what it
sends.
"""
