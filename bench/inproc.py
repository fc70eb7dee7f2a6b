"""Measurements inside one build, run in a child process of the benchmark so that each starts cold
(as `deck build` does) and its memory is its own.

    python -m bench.inproc build CONTENT OUTPUT        -> JSON: seconds per stage of deck.build(),
                                                          the body sizes it chose, the band colours
    python -m bench.inproc copyfit CONTENT [REPS]      -> JSON: fit_deck vs one layout pass, seconds
    python -m bench.inproc profile CONTENT OUTPUT [N]  -> the top N functions of a build (cProfile)

CONTENT is a content folder or "default" for the bundled deck.
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path


def _content(argument: str) -> Path | None:
    return None if argument == "default" else Path(argument)


def stage_timings(content: Path | None, output: Path) -> dict:
    """One deck.build(): {"stages": seconds per stage, "sizes": [(front, back) body size per card,
    the intro card first], "colours": each card's band colour as #rrggbb, "accent": the intro card's}.

    The sizes are read from copyfitting's own result (deck.copyfit.fit_deck, watched as build calls
    it), so that the Typst document sets each card at the size deck chose."""
    import deck
    from deck import copyfit

    fitted, fit_deck, layouts, decks = [], copyfit.fit_deck, [], []

    def watched(cards, layout, *args, **kwargs):
        result = fit_deck(cards, layout, *args, **kwargs)
        fitted.extend(result)
        layouts.append(layout)
        decks.append(cards)
        return result

    timings: dict[str, float] = {}
    copyfit.fit_deck = watched
    try:
        deck.build(content, output=output, timings=timings)
    finally:
        copyfit.fit_deck = fit_deck
    numbers = [card.number for card in fitted[1:]]  # the intro card comes first
    # the sizes copyfitting chose (asking for card.front would set the face again)
    return {"stages": timings, "sizes": [(card.front_body, card.back_body) for card in fitted],
            "colours": [_hex(layouts[0].dimension_colour(number)) for number in numbers],
            "accent": _hex(layouts[0].accent), "prose": _prose_columns(decks[0], layouts[0], fitted)}


def _prose_columns(loaded, layout, fitted) -> dict[str, dict[str, float]]:
    """Where the running text of the fronts and of the intro's front stands, as deck's grid puts it:
    {"front": {"columns": 1 or 2, "left": from the safe area's left edge, "width", "gutter"}, "intro": ...}
    in points. Copyfitting sets the whole deck's fronts in two columns only where one cannot hold them.
    `loaded`: the deck the build loaded (loading it again would count in the process's time)."""
    from deck.face import frame
    from deck.grid import grid
    from deck.typography import typography

    typo = typography(layout, loaded)
    safe = frame(layout)[2]
    faces = {"intro": fitted[0].front, "front": fitted[1].front if len(fitted) > 1 else fitted[0].front}
    result = {}
    for prose, face in faces.items():
        typo.prose_columns[prose] = max(1, len(face.flows))  # a flow per column
        place = grid(safe, face.body, typo, prose)
        result[prose] = {"columns": place.columns, "left": place.left - safe.left, "width": place.width,
                         "gutter": place.gutter}
    return result


def _hex(colour) -> str:
    """#rrggbb; CMYK naively, for a screen: the benchmark's Typst pages are RGB."""
    from deck.colours import rgb_of

    return "#" + "".join(f"{round(value * 255):02x}" for value in rgb_of(colour))


def copyfit(content: Path | None, reps: int) -> dict:
    """_copyfit with the fit's helper process turned off, and on again after."""
    import deck.copyfit

    helps = deck.copyfit.helps
    deck.copyfit.helps = lambda cards: False
    try:
        return _copyfit(content, reps)
    finally:
        deck.copyfit.helps = helps


def _copyfit(content: Path | None, reps: int) -> dict:
    """Copyfitting (fit_deck) against one layout pass: every face of the deck composed once at the
    body size copyfitting chose for it. Both start from a fresh Typography (cold word widths and
    hyphenation caches) and a collected heap; the fonts are registered once beforehand so that
    neither pays for it. Copyfitting runs on one core, as the layout pass does: the figure is what
    fitting costs beyond setting each face once, not what a second core saves (a large deck's
    groups are fitted on two cores, copyfit._helper_share).
    """
    import gc

    from deck import default_content
    from deck.content import load_deck
    from deck.typography import typography
    from deck.collector import paused
    from deck.copyfit import _faces_to_fit, fit_deck
    from deck.layouts import load_layout

    deck = load_deck(content or default_content())
    layout = load_layout("default")
    fitted = fit_deck(deck, layout)  # registers the fonts, warms imports
    sizes = {(card.number, side): body for card in fitted
             for side, body in (("front", card.front_body), ("back", card.back_body))}
    fit_times, pass_times = [], []
    for _ in range(reps):
        gc.collect()
        start = time.perf_counter()
        fit_deck(deck, layout)
        fit_times.append(time.perf_counter() - start)

        gc.collect()
        start = time.perf_counter()
        with paused():  # the same conditions as fit_deck, which sets faces without it
            typo = typography(layout, deck)
            for face in _faces_to_fit(deck):
                face.measure.compose(sizes[face.number, face.side], typo)
        pass_times.append(time.perf_counter() - start)
    result = {"fit": fit_times, "pass": pass_times, "faces": len(sizes)}
    try:
        result.update(_fit_breakdown(deck, layout, reps))
    except Exception as error:  # private helpers of deck.copyfit may change; the breakdown is a bonus
        result["breakdown_error"] = repr(error)
    return result


# fit_deck's steps, by the names of the helpers in deck.copyfit that do them (whichever exist)
STEPS = {"glyphs": ("check_deck",), "sizes": ("_body_sizes",), "spread": ("_spreads", "_spread", "_final")}
COMPOSERS = ("compose_front", "compose_back", "compose_intro_front", "compose_intro_back")


def _fit_breakdown(deck, layout, reps: int) -> dict:
    """Where fit_deck's time goes (glyph check, choosing the sizes, sharing out spare room) and how
    many faces it composes: its helpers in deck.copyfit wrapped with timers and counters."""
    import gc

    from deck import copyfit as faces

    spent: dict[str, float] = {}
    composes = [0]
    originals = {name: getattr(faces, name) for names in STEPS.values() for name in names if hasattr(faces, name)}
    originals.update({name: getattr(faces, name) for name in COMPOSERS})

    def timed(step, function):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[step] = spent.get(step, 0.0) + time.perf_counter() - start
        return wrapper

    def counted(function):
        def wrapper(*args, **kwargs):
            composes[0] += 1
            return function(*args, **kwargs)
        return wrapper

    samples: dict[str, list[float]] = {step: [] for step in STEPS}
    try:
        for step, names in STEPS.items():
            for name in names:
                if name in originals:
                    setattr(faces, name, timed(step, originals[name]))
        for _ in range(reps):
            spent.clear()
            gc.collect()
            faces.fit_deck(deck, layout)
            for step in STEPS:
                samples[step].append(spent.get(step, 0.0))
        for name in COMPOSERS:
            setattr(faces, name, counted(originals[name]))
        faces.fit_deck(deck, layout)
    finally:
        for name, function in originals.items():
            setattr(faces, name, function)
    return {"breakdown": {step: statistics.median(values) for step, values in samples.items()},
            "composes": composes[0]}


def profile(content: Path | None, output: Path, top: int) -> str:
    """cProfile of a whole build (by own time and by cumulative time), then of copyfitting alone."""
    import cProfile

    import deck
    from deck.content import load_deck
    from deck.copyfit import fit_deck
    from deck.layouts import load_layout

    profiler = cProfile.Profile()
    timings: dict[str, float] = {}
    profiler.enable()
    deck.build(content, output=output, timings=timings)
    profiler.disable()
    text = "build, stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in timings.items()) + " (under cProfile)\n"
    text += _stats(profiler, "tottime", top) + _stats(profiler, "cumulative", top)

    cards, layout = load_deck(content or deck.default_content()), load_layout("default")
    fit_deck(cards, layout)
    profiler = cProfile.Profile()
    profiler.enable()
    fit_deck(cards, layout)
    profiler.disable()
    return text + "\nfit_deck alone (fonts registered):\n" + _stats(profiler, "tottime", top)


def _stats(profiler, order: str, top: int) -> str:
    import io
    import pstats

    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream).strip_dirs().sort_stats(order)
    stats.print_stats(top)
    # drop pstats' preamble ("Ordered by", "List reduced"): keep the totals line and the table
    lines = [line for line in stream.getvalue().splitlines()
             if line.strip() and not line.strip().startswith(("Ordered by", "List reduced"))]
    return f"-- by {order} --\n" + "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    command, content = argv[0], _content(argv[1])
    if command == "build":
        print(json.dumps(stage_timings(content, Path(argv[2]))))
    elif command == "copyfit":
        print(json.dumps(copyfit(content, int(argv[2]) if len(argv) > 2 else 3)))
    elif command == "profile":
        print(profile(content, Path(argv[2]), int(argv[3]) if len(argv) > 3 else 15))
    else:
        raise SystemExit(f"unknown command {command}; see the docstring")


if __name__ == "__main__":
    main(sys.argv[1:])
