"""When a search counts: once, when the visitor is done with it, not at every key.

The search screen shows results as the visitor types, so each key is a new query; only the
query on show when the visitor leaves the screen (by choosing a result or going anywhere
else), erases it all, or walks away (the reset) is the search they made. The screen tells
`SearchTally` what it shows and when the visitor is done; the tally tells the usage counts.
"""

from __future__ import annotations

from kiosk.core.controllers.ports import NoUsage, Usage


class SearchTally:
    """The query on show and its number of results, until the visitor is done with it."""

    def __init__(self, usage: Usage | None = None):
        self._usage = usage or NoUsage()
        self._query: str | None = None
        self._results = 0

    def shown(self, query: str, results: int, searched: bool) -> None:
        """The screen shows `results` for `query`; `searched` is False for a query too
        short to be a search (a letter or two: the hint is on show)."""
        self._query, self._results = (query, results) if searched else (None, 0)

    def done(self) -> None:
        """The visitor is done with the query on show: it counts, once, and is forgotten."""
        query, self._query = self._query, None
        if query is not None:
            self._usage.searched(query, self._results)
