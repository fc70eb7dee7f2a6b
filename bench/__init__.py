"""deck's benchmark (issues 8 and 17); run it with `python -m bench` from the repository root.

Not part of the deck package (pyproject lists its packages) and not collected by pytest
(testpaths = tests; no file here is named test_*). Its extra needs: pip install -e ".[bench]".
"""
