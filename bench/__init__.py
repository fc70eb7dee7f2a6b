"""Issue 8's benchmark of deck; run it with `python -m bench` from the repository root.

Not part of the deck package (pyproject lists its packages) and not collected by pytest
(testpaths = tests; no file here is named test_*).
"""
