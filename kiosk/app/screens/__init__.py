"""One module and one .kv file per screen. Each screen is a `base.KioskScreen`."""
