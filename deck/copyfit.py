"""Composed faces -> FittedCards: the largest body size at which every face fits, per the layout's
fit mode, and the spare room shared out between sections. Measures, never draws.
"""

import functools
import math
from pathlib import Path
from typing import Callable, NamedTuple

from .collector import paused
from .compose import compose_back, compose_front
from .face import INTRO, Face, Flow
from .typography import Typography, typography
from .content import Card, Deck
from .cores import Helper, helps
from .errors import DeckError, DeckErrors
from .glyphs import check_deck
from .intro import compose_intro_back, compose_intro_front
from .layouts import Layout
from .linebreak import TooNarrow
from .text import Placed
from .units import mm_text


class FittedCard:
    """A card fitted: the body size of each face, and its faces, set when they are asked for.

    Setting a face again at its final size reuses the typesetter's broken lines, so a deck of
    thousands of cards is drawn one card at a time instead of being held whole in memory."""

    def __init__(self, number: int, title: str, front: Callable[[], Face], back: Callable[[], Face],
                 bodies: tuple[float, float], release: Callable[[], None] = lambda: None):
        self.number, self.title = number, title
        self._front, self._back = front, back
        self.front_body, self.back_body = bodies
        self.release = release  # lets go of the lines remembered for its faces (set again, they cost more)

    @property
    def front(self) -> Face:
        return self._front()

    @property
    def back(self) -> Face:
        return self._back()


def body_range(fitted: list[FittedCard]) -> str:
    """The body sizes of the fitted cards' faces, as messages say them: '11 pt', '8.9 to 9.2 pt'
    (none is set to learn them)."""
    sizes = [body for card in fitted for body in (card.front_body, card.back_body)]
    smallest, largest = min(sizes), max(sizes)
    return f"{smallest:g} pt" if smallest == largest else f"{smallest:g} to {largest:g} pt"


class _FaceToFit(NamedTuple):
    """One face of one card, as copyfitting sees it."""

    number: int
    title: str
    side: str
    path: Path        # the file its text comes from, for messages
    measure: Callable  # (body, typo) -> Measured, remembered per body size; .compose sets the face
    weight: int       # roughly how much it holds (characters, and a line per item): fullest first
    # where in `path` to point a message: the intro's (a yamlread.Place), or the card, whose longest
    # text on this side is found when a message needs it (no object per face made for it)
    place: object = None


KEEP_FACES_UP_TO = 2000  # cards: a larger deck sets each face again to draw it, to stay within its memory


def _faces_to_fit(deck: Deck) -> list[_FaceToFit]:
    """Both faces of the intro card and of every card, in deck order."""
    keep = len(deck.cards) <= KEEP_FACES_UP_TO
    intro_size = len(" ".join((*deck.intro, *deck.how_to)))
    faces = [_FaceToFit(INTRO, deck.title, "front", deck.folder / "deck.yaml",
                        _memo(lambda body, typo: compose_intro_front(deck, body, typo), keep), intro_size,
                        _first_place(deck.places, "intro[1]", "title")),
             _FaceToFit(INTRO, deck.title, "back", deck.folder / "deck.yaml",
                        _memo(lambda body, typo: compose_intro_back(deck, body, typo), keep), intro_size,
                        _first_place(deck.places, "how_to.heading", "how_to.text[1]"))]
    for card in deck.cards:
        front_text = [card.summary, *(c.question + c.text for c in card.challenges),
                      *(p for q in card.quotes for p in q.paragraphs)]
        back_text = [*card.suggestions, *(source.title for source in card.sources)]
        faces += [_FaceToFit(card.number, card.title, "front", card.path,
                             _memo(lambda body, typo, card=card: compose_front(card, deck, body, typo), keep),
                             len(" ".join(front_text)), card),
                  _FaceToFit(card.number, card.title, "back", card.path,
                             _memo(lambda body, typo, card=card: compose_back(card, deck, body, typo), keep),
                             len(" ".join(back_text)) + 40 * len(back_text), card)]
    return faces


def _longest_place(card, side: str):
    """The place of the longest text on a side of `card`: what a face too long is best shortened by
    (the first text, where the message pointed before, was often a short summary)."""
    if side == "front":
        texts = [("summary", card.summary)]
        texts += [(f"challenges[{index}].text", challenge.text) for index, challenge in enumerate(card.challenges, 1)]
        texts += [(f"quotes[{index}].text", " ".join(quote.paragraphs)) for index, quote in enumerate(card.quotes, 1)]
    else:
        texts = [(f"suggestions[{index}]", text) for index, text in enumerate(card.suggestions, 1)]
        texts += [(f"sources[{index}].title", source.title) for index, source in enumerate(card.sources, 1)]
    label = max(texts, key=lambda labelled: len(labelled[1] or ""), default=("title", ""))[0]
    return card.places.get(label) or _first_place(card.places, "summary", "title")


def _first_place(places: dict, *labels: str):
    """The place of the first of `labels` the file has (None when it has none of them)."""
    return next((places[label] for label in labels if label in places), None)


class Measured(NamedTuple):
    """What copyfitting needs to know of a face set at one size (the face itself is kept apart: _memo)."""

    needed: float
    available: float
    room_to_spread: float
    prose: bool  # whether Typography.prose_columns chose its columns (else one or two give the same face)


def _memo(compose, keep: bool = False):
    """Copyfitting asks for the same face at the same size more than once; measure it once. The lines
    it sets belong to (compose, body) in the typesetter (see _release; not to the measure function,
    which would then refer to itself: a cycle only the paused collector could free). With `keep`,
    the face set is kept too (measure.faces), until its size is let go of or it is drawn (_final),
    which then need not set it again: what is kept of a size goes wherever its measurement goes."""
    measured: dict[float, Measured] = {}
    faces: dict[float, Face] = {}

    def measure(body: float, typo: Typography) -> Measured:
        if body not in measured:
            typo.prose_asked = False
            with typo.setter.owned_by((compose, body)):
                face = compose(body, typo)
            measured[body] = Measured(face.needed, face.available, face.room_to_spread, typo.prose_asked)
            if keep:
                faces[body] = face
        return measured[body]
    measure.compose = compose
    measure.measured = measured
    measure.faces = faces
    return measure


def _release(face: _FaceToFit, typo: Typography, keep: Callable[[float], bool] = lambda body: False) -> None:
    """Let the typesetter forget the lines of `face` at the sizes it was set at that `keep` refuses."""
    for body in face.measure.measured:
        if not keep(body):
            typo.setter.release((face.measure.compose, body))
            face.measure.faces.pop(body, None)


def _forget(face: _FaceToFit, typo: Typography, which: Callable[[Measured], bool]) -> None:
    """Forget what was measured of `face` at the sizes `which` picks, and the lines it set there."""
    measured = face.measure.measured
    for body in [body for body, found in measured.items() if which(found)]:
        typo.setter.release((face.measure.compose, body))
        del measured[body]
        face.measure.faces.pop(body, None)


def _release_all(typo: Typography, owners: list) -> None:
    """A card's FittedCard.release: its faces' lines at their final sizes."""
    for owner in owners:
        typo.setter.release(owner)


def fit_deck(deck: Deck, layout: Layout, only: int | None = None, progress=None, kept=None) -> list[FittedCard]:
    """Every card (or only card `only`) fitted at the largest body size the layout allows.

    `fit: deck` gives the whole deck one body size, so the cards look alike; `fit: sides` gives
    all fronts one size and all backs another (a front then is not held to the small size of the
    fullest back); `fit: card` gives each card its own. The intro card, a different kind of card,
    is always fitted on its own. Room a face does not need is shared out between its sections by
    the same measure on every face of a group, so the rhythm does not change from card to card.
    `kept`: the paragraphs earlier runs of this deck typeset (typecache.Kept).
    """
    with paused():  # the faces tried and dropped are acyclic
        return _fit(deck, layout, only, progress, kept)


def _fit(deck: Deck, layout: Layout, only: int | None, progress, kept) -> list[FittedCard]:
    typo = typography(layout, deck, kept)
    check_deck(deck, layout, typo.fonts)
    faces = _faces_needed(_faces_to_fit(deck), typo, only)
    # the intro card, a group of its own, is fitted apart: while a helper fits the cards' first
    # groups, if there is one (_body_sizes), so that its second try, in two columns, is not left
    # to the end, when this process alone is at work
    intro, cards = [face for face in faces if face.number == INTRO], [face for face in faces if face.number != INTRO]
    fit_intro = functools.cache(lambda: _with_prose_columns(intro, typo, lambda some: _sizes_in_turn(some, typo)))
    sizes, problems = _with_prose_columns(cards, typo, lambda some: _body_sizes(some, typo, progress, fit_intro))
    intro_sizes, intro_problems = fit_intro()  # (done already, as _body_sizes' meanwhile)
    sizes.update(intro_sizes)
    problems += intro_problems
    if problems:  # (a one-column prose face's problem, None, always made its kind two columns)
        raise DeckErrors([error for *_, error in sorted(problems, key=lambda p: (p[0], p[1] != "front"))])
    spreads = _spreads(faces, sizes, typo)
    for face in faces:
        _release(face, typo, keep=lambda body, face=face: body == sizes[face])  # the sizes drawn
    typo.setter.forget_words()  # the faces drawn reuse their lines: room for drawing them
    final = {(face.number, face.side): (functools.partial(_final, face.measure, sizes[face], spreads[face], typo),
                                        sizes[face], (face.measure.compose, sizes[face])) for face in faces}
    return [FittedCard(face.number, face.title, final[face.number, "front"][0], final[face.number, "back"][0],
                       (final[face.number, "front"][1], final[face.number, "back"][1]),
                       functools.partial(_release_all, typo, [final[face.number, "front"][2],
                                                              final[face.number, "back"][2]]))
            for face in faces if face.side == "front" and (only is None or face.number == only)]


def _with_prose_columns(faces: list[_FaceToFit], typo: Typography, body_sizes: Callable
                        ) -> tuple[dict[_FaceToFit, float], list[tuple[int, str, DeckError]]]:
    """`body_sizes(faces)`, and again for the groups whose prose went to two columns (see
    _two_prose_columns)."""
    sizes, problems = body_sizes(faces)
    # (a face's size counts only when every face fits: each group's ceiling is then final)
    changed = _two_prose_columns(faces, {} if problems else sizes, problems, typo)
    if changed:
        # only the prose faces are set anew, and only at the sizes where the number of prose columns
        # chose how they were set (at the others, two columns would not fit across the face anyway)
        for face in faces:
            if face.side == "front" and _kind(face) in changed:
                _forget(face, typo, lambda measured: measured.prose)
        # and only their groups are fitted again: every other group would come to the same sizes
        again = {_group(typo, face.number, face.side) for face in faces
                 if face.side == "front" and _kind(face) in changed}
        sizes = {face: size for face, size in sizes.items() if _group(typo, face.number, face.side) not in again}
        problems = [problem for problem in problems if _group(typo, *problem[:2]) not in again]
        refitted, new_problems = body_sizes([face for face in faces if _group(typo, face.number, face.side) in again])
        sizes.update(refitted)
        problems += new_problems
    return sizes, problems


PROSE_MARGIN = 0.5  # pt above type.body_min: closer to it, prose is set in two columns instead of one


def _two_prose_columns(faces: list[_FaceToFit], sizes: dict, problems: list, typo: Typography) -> set[str]:
    """Fronts (and the intro's front) are prose, set in one readable column; where that column
    would set them at less than body_min + PROSE_MARGIN, or not at all, they get two. The kinds of
    face ("front", "intro") that changed, so they must be fitted again."""
    floor = typo.layout.type.body_min + PROSE_MARGIN - 1e-9
    failed = {(number, side) for number, side, _ in problems}
    changed = set()
    for face in faces:
        kind = _kind(face)
        if face.side == "front" and typo.prose_columns[kind] == 1 and (
                (face.number, face.side) in failed or (face in sizes and sizes[face] < floor)):
            typo.prose_columns[kind] = 2
            changed.add(kind)
    return changed


def _kind(face: _FaceToFit) -> str:
    return "intro" if face.number == INTRO else "front"


def _group(typo: Typography, number: int, side: str) -> tuple:
    """Faces in one group share a body size and a spread (see fit_deck)."""
    mode = typo.layout.type.fit
    if number == INTRO:
        return ("intro", side) if mode == "sides" else ("intro",)
    return {"deck": ("deck",), "sides": ("sides", side), "card": ("card", number)}[mode]


def _faces_needed(faces: list[_FaceToFit], typo: Typography, only: int | None) -> list[_FaceToFit]:
    """All faces, or those of card `only` and every face that shares a group with them: they decide
    its size."""
    if only is None:
        return faces
    groups = {_group(typo, only, "front"), _group(typo, only, "back")}
    return [face for face in faces if _group(typo, face.number, face.side) in groups]


def _body_sizes(faces: list[_FaceToFit], typo: Typography, progress=None, meanwhile: Callable[[], object] = lambda: None
                ) -> tuple[dict[_FaceToFit, float], list[tuple[int, str, DeckError]]]:
    """The body size of each face that fits; and the faces that do not, each with its error.

    Groups are fitted apart from each other: in a large deck, some of them by a helper process on
    another core (cores.py), which sends back what it measured and the lines it set, as if they
    had been set here; if the helper fails, its groups are fitted here. A helper done before this
    process is then given the later faces of this process's groups (_Shared). `meanwhile()` is work
    of this process's own, done first (once the helper is at work, if there is one).
    """
    theirs = _helper_share(faces, typo)
    if not theirs:
        meanwhile()
        return _sizes_in_turn(faces, typo, progress)
    helped = set(theirs)
    mine = _in_turn([face for face in faces if face not in helped])
    with Helper(lambda send, hear: _help_fitting(theirs, mine, typo, send, hear), answers=True) as helper:
        meanwhile()
        shared = _Shared(helper, mine)
        sizes, problems = _sizes_in_turn(mine, typo, progress, len(faces), shared)
        found = shared.theirs if shared.received else helper.receive()
        shared.measured_again(typo)
    if found is None:
        their_sizes, their_problems = _sizes_in_turn(theirs, typo)
    else:
        their_sizes, their_problems = _adopted(found, theirs, typo)
    if progress:
        progress("fitting", len(faces), len(faces))
    return {**sizes, **their_sizes}, problems + their_problems


SMALLEST_SHARE = 0.25  # of the deck's weight: a helper with less to do does not pay for its start


def _helper_share(faces: list[_FaceToFit], typo: Typography) -> list[_FaceToFit]:
    """The faces a helper process fits: whole groups none of whose faces was found to fit yet (fitted
    again, such a group is mostly answered from what was measured), as near half the weight as they
    come (the heaviest group first, each to the lighter side); none for a small deck or a single
    group."""
    if not helps(len({face.number for face in faces} - {INTRO})):
        return []
    weights: dict[tuple, int] = {}
    measured = set()
    for face in faces:
        group = _group(typo, face.number, face.side)
        weights[group] = weights.get(group, 0) + face.weight
        if any(found.needed <= found.available for found in face.measure.measured.values()):
            measured.add(group)
    for group in measured:
        weights[group] = 0  # fitted here, at little cost
    load, helped = [0, 0], set()
    for group in sorted(weights, key=lambda group: (-weights[group], group)):
        side = 0 if load[0] <= load[1] or group in measured else 1
        load[side] += weights[group]
        if side:
            helped.add(group)
    if load[1] < SMALLEST_SHARE * sum(load):
        return []
    return [face for face in faces if _group(typo, face.number, face.side) in helped]


SHARED_FROM = 16  # faces: fewer of this process's faces left, and they are not shared with the helper


def _in_turn(faces: list[_FaceToFit]) -> list[_FaceToFit]:
    """The order _sizes_in_turn fits faces in: the wordiest first."""
    return sorted(faces, key=lambda face: -face.weight)


class _Shared:
    """This process's faces (in turn), the later of them fitted by the helper once it is done with
    its own groups: it says so by sending what it fitted, and is told where to start and the
    ceilings it starts under (those of this process at that face, as fitting here would find them).
    This process fits the faces before that one; when it gets there, it takes the helper's answer
    if its ceilings are still the ones the helper was given (then the helper did exactly what it
    would have done), else it fits the rest itself. Either way the sizes are those of one process."""

    def __init__(self, helper: Helper, faces: list[_FaceToFit]):
        self.helper, self.faces = helper, faces
        self.theirs, self.received = None, False  # what the helper fitted of its own groups
        self.start, self.ceiling = len(faces), None  # the helper's first face here, and its ceilings
        self.again: list[int] = []  # faces fitted here before, that the helper measures at the ceiling
        self.held = False  # the helper's answer for faces[start:] was taken
        self.left = [0] * (len(faces) + 1)  # the weight of faces[index:]
        for index in range(len(faces) - 1, -1, -1):
            self.left[index] = self.left[index + 1] + faces[index].weight

    def answer(self, index: int, ceiling: dict, fitted: dict) -> dict | None:
        """Before fitting faces[index] under `ceiling` (`fitted`: the faces fitted so far, by group):
        the helper's answer for faces[index:], when it has one that holds; else None (fit the face
        here)."""
        if not self.received:
            if len(self.faces) - index >= SHARED_FROM and self.helper.waiting():
                self.theirs, self.received = self.helper.receive(), True
                if self.theirs is not None:  # (None: the helper failed; its groups are fitted here)
                    self._share(index, ceiling, fitted)
            return None
        if index != self.start:
            return None
        found = self.helper.receive()
        self.held = found is not None and ceiling == self.ceiling
        return found if self.held else None

    def _share(self, index: int, ceiling: dict, fitted: dict) -> None:
        """The helper is told to fit faces[start:], where start leaves it HELPER_PART of what is left
        to do here: those faces, and measuring the faces fitted here under a higher ceiling at the
        one they now share (as _spreads would, here, at the end)."""
        position = {face: number for number, face in enumerate(self.faces)}
        self.again = [position[face] for group, faces in fitted.items() for face in faces
                      if ceiling[group] not in face.measure.measured]
        again = sum(self.faces[number].weight for number in self.again)
        theirs = max((self.left[index] + again) * HELPER_PART - again, 0)  # (0: it measures, and fits none)
        self.start = next(start for start in range(index + 1, len(self.faces) + 1) if self.left[start] <= theirs)
        self.ceiling = dict(ceiling)
        self.helper.tell((self.start, self.ceiling, self.again))

    def measured_again(self, typo: Typography) -> None:
        """What the helper measured of the faces in `again`, taken (once its answer was)."""
        if self.held and self.again:
            found = self.helper.receive()
            if found is not None:
                _adopted(found, self.faces, typo)


HELPER_PART = 0.45  # of what is left to fit when the helper is done with its own groups: it knows fewer words


def _help_fitting(theirs: list[_FaceToFit], mine: list[_FaceToFit], typo: Typography, send, hear) -> None:
    """The fitting helper's work: its own groups (`theirs`) fitted and sent; then, when told where
    to start, the parent's later faces (`mine`) under the ceilings it is given, and the parent's
    faces in `again` measured at the ceiling of their group that those leave (_Shared)."""
    send(_elsewhere(typo, lambda: _fitted(theirs, typo)))
    told = hear()
    if told is None:
        return
    start, ceiling, again = told
    found = _elsewhere(typo, lambda: _fitted(mine[start:], typo, ceiling))
    send(found)
    for index, body, *_ in found["faces"]:
        face = mine[start + index]
        group = _group(typo, face.number, face.side)
        ceiling[group] = min(ceiling.get(group, body), body)
    measured = [(index, ceiling[_group(typo, mine[index].number, mine[index].side)]) for index in again]
    send(_elsewhere(typo, lambda: _measured(mine, measured, typo)))


def _elsewhere(typo: Typography, work: Callable[[], tuple[list, list]]) -> dict:
    """In the helper: what `work` fitted or measured, for _adopted: each face's size, what it measured
    and the lines it set there (`work`'s faces), the faces that do not fit (its problems), the
    typesetter's count of paragraphs broken, and the lines it let go of (for the deck's cache,
    typecache.py)."""
    setter = typo.setter
    fresh, let_go, given = setter.fresh, [], setter.let_go
    if given is not None:
        setter.let_go = lambda where, text, packed: (let_go.append((where, text, packed)), given(where, text, packed))
    try:
        faces, problems = work()
    finally:
        setter.let_go = given
    return {"faces": faces, "problems": problems, "fresh": setter.fresh - fresh, "let_go": let_go}


def _fitted(faces: list[_FaceToFit], typo: Typography, ceiling: dict | None = None) -> tuple[list, list]:
    """`faces` fitted (under `ceiling`, as far as it goes), for _elsewhere."""
    sizes, problems = _sizes_in_turn(faces, typo, ceiling=ceiling)
    for face in sizes:
        face.measure(sizes[face], typo)  # as _spreads asks
        _release(face, typo, keep=lambda body, face=face: body == sizes[face])
    # the faces that fit, even when others do not: fitted again (prose in two columns), they are reused
    return [(index, sizes[face], face.measure.measured, typo.setter.owned_lines((face.measure.compose, sizes[face])))
            for index, face in enumerate(faces) if face in sizes], problems


def _measured(faces: list[_FaceToFit], at: list[tuple[int, float]], typo: Typography) -> tuple[list, list]:
    """faces[index] measured at each (index, body) of `at`, for _elsewhere."""
    found = []
    for index, body in at:
        face = faces[index]
        face.measure(body, typo)
        found.append((index, body, {body: face.measure.measured[body]},
                      typo.setter.owned_lines((face.measure.compose, body))))
        _release(face, typo)
    return found, []


def _adopted(found: dict, faces: list[_FaceToFit], typo: Typography
             ) -> tuple[dict[_FaceToFit, float], list[tuple[int, str, DeckError]]]:
    """What the helper fitted, taken as if fitted here: the sizes of the faces that fit, and the
    problems of those that do not."""
    setter = typo.setter
    sizes = {}
    for index, body, measured, lines in found["faces"]:
        face = faces[index]
        face.measure.measured.update(measured)  # every size it tried: fitted again, it is asked again
        setter.adopt((face.measure.compose, body), lines)
        sizes[face] = body
    setter.fresh += found["fresh"]
    if setter.let_go is not None:
        for where, text, packed in found["let_go"]:
            setter.let_go(where, text, packed)
    return sizes, found["problems"]


def _sizes_in_turn(faces: list[_FaceToFit], typo: Typography, progress=None, total: int | None = None,
                   shared: _Shared | None = None, ceiling: dict | None = None
                   ) -> tuple[dict[_FaceToFit, float], list[tuple[int, str, DeckError]]]:
    """_body_sizes in this process: the sizes of the faces that fit, and the problems of those that
    do not. The faces of a group are fitted in turn under a ceiling that only comes down; the
    wordiest faces go first, so the ceiling falls early and most faces cost one layout pass.
    `shared`: the later faces may be fitted by the helper; `ceiling`: each group's to start under."""
    scale = typo.layout.type
    ceiling = dict(ceiling or {})
    fitted: dict[tuple, list[_FaceToFit]] = {}
    problems = []
    in_turn = _in_turn(faces)
    for done, face in enumerate(in_turn, 1):
        if progress:
            progress("fitting", done, total or len(faces))
        found = shared.answer(done - 1, ceiling, fitted) if shared is not None else None
        if found is not None:  # the helper fitted the rest, as it would have been fitted here
            rest = in_turn[done - 1:]
            their_sizes, their_problems = _adopted(found, rest, typo)
            problems += their_problems
            for other in rest:
                if other in their_sizes:
                    group = _group(typo, other.number, other.side)
                    fitted.setdefault(group, []).append(other)
                    if their_sizes[other] < ceiling.get(group, math.inf):
                        ceiling[group] = their_sizes[other]
            for group, size in ceiling.items():
                for other in fitted.get(group, ()):
                    _release(other, typo, keep=lambda body: body <= size)
            break
        group = _group(typo, face.number, face.side)
        # prose in one column is tried only down to where two columns take over (_two_prose_columns)
        prose = face.side == "front" and typo.prose_columns[_kind(face)] == 1
        smallest = scale.body_min + PROSE_MARGIN if prose else scale.body_min
        largest = ceiling.get(group, scale.body_max)
        size = largest_fitting(lambda body: _needed_and_available(face, body, typo), smallest, largest) \
            if largest >= smallest - 1e-9 else None
        if size is None:
            # (prose that one column cannot hold gets two, and is fitted again: nothing to say yet)
            problems.append((face.number, face.side, None if prose else _too_long(face, typo, scale.body_min)))
            _release(face, typo)
            continue
        fitted.setdefault(group, []).append(face)
        if size < ceiling.get(group, math.inf):
            ceiling[group] = size
            # the group is set at this size or smaller: what its faces set larger is no longer needed
            for other in fitted[group]:
                _release(other, typo, keep=lambda body: body <= size)
        else:
            _release(face, typo, keep=lambda body: body <= ceiling[group])
    else:
        if shared is not None:  # (given none of these faces to fit, only faces to measure: its empty answer)
            shared.answer(len(in_turn), ceiling, fitted)
    placed = {face for group in fitted.values() for face in group}
    return {face: ceiling[_group(typo, face.number, face.side)] for face in faces if face in placed}, problems


def _needed_and_available(face: _FaceToFit, body: float, typo: Typography) -> tuple[float, float]:
    try:
        measured = face.measure(body, typo)
    except TooNarrow:
        return math.inf, 0.0
    return measured.needed, measured.available


MAX_SPREAD = 1.25  # section gaps grow at most this much: beyond it the hierarchy of spaces falls apart
SPREAD_STEP = 0.05


def _spreads(faces: list[_FaceToFit], sizes: dict[_FaceToFit, float], typo: Typography) -> dict[_FaceToFit, float]:
    """How far each face's section gaps may grow: the least of its group."""
    least: dict[tuple, float] = {}
    for face in faces:
        room = face.measure(sizes[face], typo).room_to_spread
        # whole steps of SPREAD_STEP: a face with no room to spare (spread 1) is the face already
        # set, not a new setting
        spread = min(MAX_SPREAD, 1 + math.floor(room / SPREAD_STEP) * SPREAD_STEP)
        group = _group(typo, face.number, face.side)
        least[group] = min(least.get(group, spread), spread)
    return {face: least[_group(typo, face.number, face.side)] for face in faces}


def _final(measure, body: float, spread: float, typo: Typography) -> Face:
    plain = measure.faces.pop(body, None)  # set while fitting, the same face (drawn once: let go of)
    if plain is None:
        with typo.setter.owned_by((measure.compose, body)):  # set before, at this size: the lines are remembered
            plain = measure.compose(body, typo)
    wide = respread(plain, spread)
    return wide if wide.overflow <= 0 else plain


def respread(face: Face, spread: float) -> Face:
    """The face with its stretchable gaps `spread` times as wide: lines, rules and links move down by
    what stretched above them. Set once, spread as often as needed."""
    if spread == 1.0 or not any(flow.stretch > 0 for flow in face.flows):
        return face
    extra = spread - 1.0
    lines = tuple(Placed(x, y - drop * extra, line, drop) for x, y, line, drop in face.lines)
    rules = tuple(rule._replace(top=rule.top - rule.top_drop * extra, bottom=rule.bottom - rule.bottom_drop * extra)
                  for rule in face.rules)
    links = tuple(link._replace(place=link.place._replace(y=link.place.y - link.drop * extra)) for link in face.links)
    flows = tuple(Flow(flow.height + flow.stretch * extra, flow.stretch) for flow in face.flows)
    return face._replace(lines=lines, rules=rules, links=links, flows=flows)


def largest_fitting(measure: Callable[[float], tuple[float, float]], smallest: float, largest: float,
                    step: float = 0.1) -> float | None:
    """The largest size on a `step` grid in [smallest, largest] at which the text fits.

    `measure(size)` returns (height needed, height available). None when even `smallest` is too big.
    The search keeps the largest size known to fit and the smallest known not to, and measures an
    estimate of the size where the text just fits while it lies between them, until they are one
    step apart: a few layout passes instead of a walk (each pass at a new size also sets every
    title in the band). Set text grows with the square of its size, so each measurement gives an
    estimate; where that falls outside the two, the overflow (needed - available) is taken as
    linear between them (regula falsi); failing that, when the last size only just fit, the next
    one up; else halfway. Before any size fits, the line through the last two overflows, when
    there are two, points further down than the square does from the last one alone.
    """
    def size(index: int) -> float:  # the grid starts at `smallest`, so equal inputs give equal sizes
        return round(smallest + index * step, 4)

    def index(of: float) -> int:  # the grid size at or below
        return max(0, int((of - smallest) / step + 1e-6))

    def root(a: int, b: int) -> int | None:  # where the line through two overflows crosses zero
        over_a, over_b = overflow[a], overflow[b]
        if not (math.isfinite(over_a) and math.isfinite(over_b)) or (b - a) * (over_b - over_a) <= 0:
            return None  # (more overflow at a larger size, or no line to draw)
        return index(size(a) - over_a * (size(b) - size(a)) / (over_b - over_a))

    failed = index(largest)  # the smallest size known not to fit (as a grid index)
    needed, available = measure(size(failed))
    if needed <= available:
        return size(failed)
    overflow = {failed: needed - available}  # grid index -> needed - available there
    fitting, tried, before = None, failed, None  # the largest known to fit; the last two measured
    while fitting is None or failed - fitting > 1:
        if fitting is None and failed == 0:
            return None
        estimate = index(size(tried) * (max(available, 0.0) / needed) ** 0.5)
        if fitting is None:  # at least one step down
            line = root(tried, before) if before is not None else None
            tried, before = min(estimate if line is None else line, failed - 1), tried
        else:
            line = root(fitting, failed)
            if fitting < estimate < failed:
                chosen = estimate
            elif line is not None and fitting < line < failed:
                chosen = line
            elif estimate <= fitting and tried == fitting:  # it only just fits: the next size up
                chosen = fitting + 1
            else:
                chosen = (fitting + failed) // 2
            tried, before = chosen, tried
        needed, available = measure(size(tried))
        overflow[tried] = needed - available
        if needed <= available:
            fitting = tried
        else:
            failed = tried
    return size(fitting)


def _too_long(face: _FaceToFit, typo: Typography, body: float) -> DeckError:
    """A TooLong, or the DeckError of a card so small that not one letter fits across it."""
    name = "the intro card" if face.number == INTRO else f"card {face.number} ({face.title})"
    try:
        composed = face.measure.compose(body, typo)
    except TooNarrow:
        return DeckError(f"{name}, {face.side}: the card is too small: at {body:g} pt not even one letter fits "
                         "across the text; choose a larger card (card.size) or a smaller card.safe_margin",
                         typo.layout.path)
    place = _longest_place(face.place, face.side) if isinstance(face.place, Card) else face.place
    line, column = (place.line, place.column) if place else (None, None)
    return TooLong(f"{name}, {face.side}: {mm_text(composed.overflow)} too long at {body:g} pt; "
                   f"{TOO_LONG_ADVICE}", face.path, line, column, card=face.number)


class TooLong(DeckError):
    """A face too long for its card at the smallest size: a DeckError that knows its card (`card`,
    INTRO for the intro card), for whoever can show where it runs over (deck card N --show-overflow,
    the studio). (A keyword with a default: an error a helper process found is unpickled as
    TooLong(message), its card restored after.)"""

    def __init__(self, message: str, path=None, line=None, column=None, card: int | None = None):
        super().__init__(message, path, line, column)
        self.card = card


TOO_LONG_ADVICE = "choose a larger card, a smaller minimum size (type.body_min), or shorten the text"


def overflowing(deck: Deck, layout: Layout, number: int) -> list[Face]:
    """Card `number`'s faces (0: the intro card's) set at the layout's smallest body size, whether
    they fit or not, fronts in two columns where one cannot hold them: a proof of what runs over,
    for someone deciding what to cut (deck card N --show-overflow). Never a print file."""
    with paused():
        typo = typography(layout, deck)
        check_deck(deck, layout, typo.fonts)
        body = layout.type.body_min
        faces = []
        for face in _faces_to_fit(deck):
            if face.number != number:
                continue
            try:
                composed = face.measure.compose(body, typo)
                if face.side == "front" and composed.overflow > 0 and typo.prose_columns[_kind(face)] == 1:
                    typo.prose_columns[_kind(face)] = 2
                    composed = face.measure.compose(body, typo)
            except TooNarrow:
                raise _too_long(face, typo, body) from None
            faces.append(composed)
        return faces


