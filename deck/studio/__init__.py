"""deck studio: edit a deck's cards and its brand in a browser, the printed card beside the form.

browser -> server.py (127.0.0.1, a token) -> security.py (the gate) -> app.py (routes) ->
cards.py / brand.py (forms -> YAML, checked) -> workspace.py (the deck folder, atomic saves) and
render.py (faces -> images, cached); yamledit.py keeps comments and key order. Every check, fit and
drawing is deck's own (content, layouts, copyfit, sheets, preview): the studio has no layout logic
and no checker of its own.
"""
