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
        self._counted: str | None = None  # shown again on the way Back: the same search

    def shown(self, query: str, results: int, searched: bool) -> None:
        """The screen shows `results` for `query`; `searched` is False for a query too
        short to be a search (a letter or two: the hint is on show)."""
        if query == self._counted:
            return  # Back to the results of a search already counted
        self._counted = None
        self._query, self._results = (query, results) if searched else (None, 0)

    def done(self) -> None:
        """The visitor is done with the query on show: it counts, once."""
        query, self._query = self._query, None
        if query is not None:
            self._counted = query
            self._usage.searched(query, self._results)

    def end(self) -> None:
        """The visit is over: the query on show counts, and nothing of it is kept."""
        self.done()
        self._counted = None
