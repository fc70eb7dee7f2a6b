"""Copyfitting on two cores (copyfit._body_sizes with cores.Helper): a large deck's groups of faces
(all fronts, all backs) are fitted in two processes, and the helper, done with its groups, fits
the parent's later faces (copyfit._Shared); the PDF is byte for byte the PDF fitted in one; the
lines the helper set are kept for the next run and let go of as cards are drawn; a face that does
not fit is reported as it would be without a helper."""
import pytest
import yaml

import deck
from helpers import interrupted_build_leaves_nothing
import deck.copyfit as copyfit
import deck.cores as cores
import deck.typeset
from deck.content import load_deck
from deck.errors import DeckErrors
from deck.layouts import load_layout


@pytest.fixture
def helped(monkeypatch):
    """Counts the fit's helpers that sent back their groups (each may then send more: the parent's
    later faces, _Shared); the helper runs on any machine."""
    counted = {"sent": 0}

    class Counted(copyfit.Helper):
        def receive(self):
            found = super().receive()
            if found is not None and not getattr(self, "counted", False):
                self.counted = True
                counted["sent"] += 1
            return found
    monkeypatch.setattr(copyfit, "Helper", Counted)
    monkeypatch.setattr(cores, "spare_core", lambda: True)
    return counted


def _alone(monkeypatch):
    monkeypatch.setattr(copyfit, "helps", lambda cards: False)


@pytest.mark.parametrize("layout", [None, "example-brand"])
def test_a_deck_fitted_on_two_cores_is_the_deck_fitted_on_one(large_deck, tmp_path, helped, monkeypatch, layout):
    monkeypatch.setenv("DECK_CACHE", "off")
    two = deck.build(large_deck, layout, tmp_path / "two.pdf").read_bytes()
    assert helped["sent"] == 1
    _alone(monkeypatch)
    assert deck.build(large_deck, layout, tmp_path / "one.pdf").read_bytes() == two


def test_the_helpers_lines_are_kept_for_the_next_run(large_deck, tmp_path, helped, monkeypatch):
    """After a build fitted on two cores, a build on one breaks no paragraph: it finds them all,
    the helper's among them, in the deck's cache."""
    monkeypatch.setenv("DECK_CACHE", str(tmp_path / "cache"))
    first = deck.build(large_deck, None, tmp_path / "first.pdf").read_bytes()
    assert helped["sent"] == 1
    _alone(monkeypatch)
    broken = []
    original, plain = deck.typeset.break_paragraph, deck.typeset.set_plain
    monkeypatch.setattr(deck.typeset, "break_paragraph", lambda *args, **kwargs: broken.append(1) or original(*args, **kwargs))
    monkeypatch.setattr(deck.typeset, "set_plain", lambda *args: broken.append(1) or plain(*args))
    assert deck.build(large_deck, None, tmp_path / "second.pdf").read_bytes() == first
    assert broken == []


def test_a_rebuild_on_two_cores_leaves_the_deck_cache_as_it_was(large_deck, tmp_path, helped, monkeypatch):
    """The lines the helper takes from the deck's cache count as taken here: a build with nothing
    new to keep does not write the entry again."""
    import deck.typecache as typecache

    monkeypatch.setenv("DECK_CACHE", str(tmp_path / "cache"))
    deck.build(large_deck, None, tmp_path / "first.pdf")
    written = []
    original = typecache._write
    monkeypatch.setattr(typecache, "_write", lambda entry, breaks: written.append(entry) or original(entry, breaks))
    deck.build(large_deck, None, tmp_path / "second.pdf")
    assert helped["sent"] == 2 and written == []


def _fitted_and_drawn(folder, monkeypatch, alone: bool):
    """Every card fitted, then set for drawing and let go of, as a build does; the lines the
    typesetter still holds afterwards."""
    if alone:
        _alone(monkeypatch)
    cards = copyfit.fit_deck(load_deck(folder), load_layout("default"))
    setter = cards[0].release.args[0].setter
    for card in cards:
        card.front, card.back
        card.release()
    return sorted((where[0], text) for where, table in setter.breaks.items() for text in table)


def test_the_helpers_lines_are_let_go_of_as_cards_are_drawn(large_deck, helped, monkeypatch):
    monkeypatch.setenv("DECK_CACHE", "off")
    two = _fitted_and_drawn(large_deck, monkeypatch, alone=False)
    assert helped["sent"] == 1
    assert two == _fitted_and_drawn(large_deck, monkeypatch, alone=True)


def test_a_back_too_long_is_reported_as_without_a_helper(large_deck, tmp_path, helped, monkeypatch):
    monkeypatch.setenv("DECK_CACHE", "off")
    folder = tmp_path / "long"
    import shutil
    shutil.copytree(large_deck, folder)
    path = next((folder / "cards").glob("17-*.yaml"))
    card = yaml.safe_load(path.read_text(encoding="utf-8"))
    card["suggestions"] = card["suggestions"] * 3
    path.write_text(yaml.safe_dump(card, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DeckErrors) as two:
        deck.build(folder, None, tmp_path / "two.pdf")
    assert helped["sent"] == 1
    _alone(monkeypatch)
    with pytest.raises(DeckErrors) as one:
        deck.build(folder, None, tmp_path / "one.pdf")
    assert [str(error) for error in two.value.errors] == [str(error) for error in one.value.errors]
    assert "card 17" in str(two.value.errors[0]) and "back" in str(two.value.errors[0])


def test_an_interrupted_fit_leaves_no_helper_behind(large_deck, tmp_path, helped, monkeypatch):
    import os

    original = copyfit._needed_and_available
    parent, calls = os.getpid(), []

    def interrupted(face, body, typo):
        if os.getpid() == parent:
            calls.append(face)
            if len(calls) == 20:  # the helper is at work by now
                raise KeyboardInterrupt
        return original(face, body, typo)
    monkeypatch.setattr(copyfit, "_needed_and_available", interrupted)
    target = tmp_path / "deck.pdf"
    interrupted_build_leaves_nothing(lambda: deck.build(large_deck, None, target), target)


def test_prose_in_one_column_is_not_tried_below_where_two_columns_take_over(monkeypatch):
    """A front (or the intro's front) in one column at less than body_min + PROSE_MARGIN is set in
    two columns and fitted again: the sizes below that are never worth a layout pass in one column."""
    from deck import default_content

    layout = load_layout("default")
    floor = layout.type.body_min + copyfit.PROSE_MARGIN
    tried = []
    original = copyfit._needed_and_available

    def watched(face, body, typo):
        if face.side == "front":
            tried.append((face.number, body, typo.prose_columns[copyfit._kind(face)]))
        return original(face, body, typo)
    monkeypatch.setattr(copyfit, "_needed_and_available", watched)
    copyfit.fit_deck(load_deck(default_content()), layout)
    assert any(columns == 2 for *_, columns in tried)  # the intro's front went to two columns
    assert all(body >= floor - 1e-9 for _, body, columns in tried if columns == 1)


def test_two_prose_columns_reuse_only_what_one_column_set_as_two_would(monkeypatch):
    """The intro's front goes to two columns: the sizes at which two columns do not fit across the
    face (so one column was set either way) are not set again, and what was measured there is what
    two columns measure; every other size is set anew."""
    from deck import default_content
    from deck.typography import typography

    deck_, layout = load_deck(default_content()), load_layout("default")
    composed, memos = [], []
    compose, memo = copyfit.compose_intro_front, copyfit._memo

    def counted(deck, body, typo):
        composed.append((body, typo.prose_columns["intro"]))
        return compose(deck, body, typo)

    def kept(function, *keep):
        measure = memo(function, *keep)
        memos.append(measure)
        return measure
    monkeypatch.setattr(copyfit, "compose_intro_front", counted)
    monkeypatch.setattr(copyfit, "_memo", kept)
    copyfit.fit_deck(deck_, layout)
    bodies = [body for body, _ in composed]
    assert {columns for _, columns in composed} == {1, 2}
    assert len(bodies) == len(set(bodies))  # no size set twice
    measured = memos[0].measured  # the intro's front (_faces_to_fit's first face)
    reused = [body for body, columns in composed if columns == 1 and body in measured]
    assert reused and all(not measured[body].prose for body in reused)
    two = typography(layout, deck_)
    two.prose_columns["intro"] = 2
    for body in reused:
        face = compose(deck_, body, two)
        assert (face.needed, face.available) == (measured[body].needed, measured[body].available)


def test_what_the_helper_fitted_is_kept_when_one_of_its_faces_goes_to_two_columns(large_deck, tmp_path, helped,
                                                                                   monkeypatch):
    """The intro's front does not hold in one column: it is fitted again in two. The faces the helper
    fitted beside it are taken as they are, not fitted again here (they were: the helper's whole
    answer was dropped for its one problem)."""
    import os

    monkeypatch.setenv("DECK_CACHE", "off")
    parent, here = os.getpid(), []
    original, back = copyfit._needed_and_available, copyfit.compose_back

    def watched(face, body, typo):
        if os.getpid() == parent:
            here.append((face.number, face.side, typo.prose_columns["intro"]))
        return original(face, body, typo)

    def composed_back(card, deck, body, typo):  # set here, not answered from what was measured
        if os.getpid() == parent:
            here.append((card.number, "back set", typo.prose_columns["intro"]))
        return back(card, deck, body, typo)
    monkeypatch.setattr(copyfit, "_needed_and_available", watched)
    monkeypatch.setattr(copyfit, "compose_back", composed_back)
    # the helper fits the backs and the intro's front, which goes to two columns
    share = copyfit._helper_share
    monkeypatch.setattr(copyfit, "_helper_share", lambda faces, typo: [
        face for face in faces if face.side == "back" or face.number == 0] if share(faces, typo) else [])
    import shutil

    folder = tmp_path / "deck"
    shutil.copytree(large_deck, folder)
    settings = yaml.safe_load((folder / "deck.yaml").read_text(encoding="utf-8"))
    settings["intro"] = settings["intro"] * 2  # more than one column holds
    (folder / "deck.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    cards = copyfit.fit_deck(load_deck(folder), load_layout("default"))
    assert helped["sent"] == 1 and len(cards) == 49
    assert any(columns == 2 for *_, columns in here)  # the intro's front, fitted again here
    assert not [number for number, side, _ in here if side == "back set"]


def _shared_at(monkeypatch, at: int) -> list:
    """The parent looks for the helper's groups first before its face `at`, and waits for them
    there, so the helper is given the later faces from there on; the _Shared objects, to look at."""
    import select

    original, seen = copyfit._Shared.answer, []

    def answer(self, index, ceiling, fitted):
        if not self.received:
            if index < at:
                return None
            select.select([self.helper.read_end], [], [], None)
        if self not in seen:
            seen.append(self)
        return original(self, index, ceiling, fitted)
    monkeypatch.setattr(copyfit._Shared, "answer", answer)
    return seen


def _composed_here(monkeypatch) -> list:
    """(card, body) of every back the parent sets."""
    import os

    parent, composed, back = os.getpid(), [], copyfit.compose_back

    def counted(card, deck_, body, typo):
        if os.getpid() == parent:
            composed.append((card.number, body))
        return back(card, deck_, body, typo)
    monkeypatch.setattr(copyfit, "compose_back", counted)
    return composed


def test_the_helper_fits_the_parents_later_faces_as_the_parent_would(large_deck, tmp_path, helped, monkeypatch):
    """Done with its groups (the fronts) while the parent is still at the backs, the helper fits
    the later backs under the parent's ceiling, and measures the backs the parent fitted under a
    higher one at the size they now share: the parent takes both, and sets none of them."""
    monkeypatch.setenv("DECK_CACHE", "off")
    seen, composed = _shared_at(monkeypatch, 20), _composed_here(monkeypatch)
    final = copyfit.fit_deck(load_deck(large_deck), load_layout("default"))[1].back_body
    shared = seen[0]
    assert shared.held and 20 < shared.start < len(shared.faces) and shared.again
    theirs = {shared.faces[index].number for index in [*shared.again, *range(shared.start, len(shared.faces))]}
    assert composed and not [number for number, body in composed if number in theirs and body == final]
    two = deck.build(large_deck, None, tmp_path / "two.pdf").read_bytes()
    assert seen[1].held
    _alone(monkeypatch)
    assert deck.build(large_deck, None, tmp_path / "one.pdf").read_bytes() == two


def test_the_helpers_answer_under_other_ceilings_is_not_taken(large_deck, tmp_path, helped, monkeypatch):
    """Told to start before the parent has a ceiling, the helper fits the later faces under none;
    the parent's ceiling at that face differs, so the parent fits them itself."""
    monkeypatch.setenv("DECK_CACHE", "off")
    seen = _shared_at(monkeypatch, 0)
    two = deck.build(large_deck, None, tmp_path / "two.pdf").read_bytes()
    assert seen[0].ceiling == {} and not seen[0].held
    _alone(monkeypatch)
    assert deck.build(large_deck, None, tmp_path / "one.pdf").read_bytes() == two


def test_a_helper_that_fails_at_the_parents_faces_leaves_them_to_the_parent(large_deck, tmp_path, helped,
                                                                          monkeypatch):
    import os

    monkeypatch.setenv("DECK_CACHE", "off")
    seen, parent, fitted = _shared_at(monkeypatch, 20), os.getpid(), copyfit._fitted

    def failing(faces, typo, ceiling=None):
        if os.getpid() != parent and ceiling is not None:
            raise RuntimeError("the helper fails")
        return fitted(faces, typo, ceiling)
    monkeypatch.setattr(copyfit, "_fitted", failing)
    two = deck.build(large_deck, None, tmp_path / "two.pdf").read_bytes()
    assert seen[0].start < len(seen[0].faces) and not seen[0].held
    _alone(monkeypatch)
    assert deck.build(large_deck, None, tmp_path / "one.pdf").read_bytes() == two


def test_a_helper_given_only_faces_to_measure_measures_them(large_deck, tmp_path, helped, monkeypatch):
    """Where measuring the faces fitted under a higher ceiling is already the helper's share of
    what is left, it fits none of the parent's faces and only measures those."""
    monkeypatch.setenv("DECK_CACHE", "off")
    monkeypatch.setattr(copyfit, "HELPER_PART", 0.0)
    seen, composed = _shared_at(monkeypatch, 20), _composed_here(monkeypatch)
    final = copyfit.fit_deck(load_deck(large_deck), load_layout("default"))[1].back_body
    shared = seen[0]
    assert shared.start == len(shared.faces) and shared.held and shared.again
    theirs = {shared.faces[index].number for index in shared.again}
    assert composed and not [number for number, body in composed if number in theirs and body == final]
    two = deck.build(large_deck, None, tmp_path / "two.pdf").read_bytes()
    _alone(monkeypatch)
    assert deck.build(large_deck, None, tmp_path / "one.pdf").read_bytes() == two


@pytest.mark.parametrize("two_cores", [False, True])
def test_a_face_kept_from_fitting_is_drawn_as_the_face_set_again(large_deck, tmp_path, helped, monkeypatch,
                                                                 two_cores):
    """A face set at its final size while fitting is kept and drawn (copyfit._memo, _final): the PDF
    is byte for byte the PDF of faces set again to be drawn, on one core and on two."""
    monkeypatch.setenv("DECK_CACHE", "off")
    if not two_cores:
        _alone(monkeypatch)
    taken = []
    final = copyfit._final

    def counted(measure, body, spread, typo):
        had = body in measure.faces
        face = final(measure, body, spread, typo)
        taken.append(had and body not in measure.faces)  # the kept face taken
        return face
    monkeypatch.setattr(copyfit, "_final", counted)
    kept = deck.build(large_deck, None, tmp_path / "kept.pdf").read_bytes()
    assert helped["sent"] == (1 if two_cores else 0)
    assert sum(taken) > len(taken) // (4 if two_cores else 1) - 1  # one core: every face; two: those it fitted
    monkeypatch.setattr(copyfit, "KEEP_FACES_UP_TO", 0)
    taken.clear()
    assert deck.build(large_deck, None, tmp_path / "set-again.pdf").read_bytes() == kept
    assert taken and not any(taken)


def test_what_fitting_keeps_of_a_face_is_only_its_final_size_and_only_until_drawn(monkeypatch):
    """After fitting, each face holds the face set at its final size and no other; drawing takes it."""
    from deck import default_content

    deck_, layout = load_deck(default_content()), load_layout("default")
    faces = []
    memo = copyfit._memo

    def kept(function, *keep):
        measure = memo(function, *keep)
        faces.append(measure)
        return measure
    monkeypatch.setattr(copyfit, "_memo", kept)
    cards = copyfit.fit_deck(deck_, layout)
    by_card = {(card.number, side): body for card in cards
               for side, body in (("front", card.front_body), ("back", card.back_body))}
    assert len(faces) == len(by_card) == 2 * len(cards)
    for measure, (key, body) in zip(faces, by_card.items()):
        assert list(measure.faces) == [body], key
    for card in cards:
        card.front, card.back
    assert not any(measure.faces for measure in faces)
