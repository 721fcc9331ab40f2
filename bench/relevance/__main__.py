"""`python -m bench.relevance`: see bench/relevance/__init__.py."""

from bench.relevance import main

main()
