"""The content pack, one SQLite file: its format, reading it, checking it, searching it.

Both sides use it: the publisher writes the format (content.publisher.build) and checks a
whole pack before signing it (verify); the terminal, the printouts and `kiosk content info`
read it through `reader.open_pack()`. All SQL on a pack is here, but for the builder's writes
(tests/unit/test_pack_sql.py keeps it so).

- format: the tables, columns and indexes, the schema check, the named errors
- opening: the checks before a pack is read, and the step budget of every query
- meta: what a pack says about itself (its meta table), written, read and stamped
- reader: `open_pack()` and `Pack`, every question the terminal asks of a pack
- records: how a row becomes a Record (Text fields, types checked, addresses filtered)
- verify: the whole check made before a pack is published or installed
- search: citizen search over the pack's full-text indexes
"""
