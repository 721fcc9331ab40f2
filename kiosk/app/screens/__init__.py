"""One module and one .kv file per screen. Each screen has `show(pack, key, lang)`."""
