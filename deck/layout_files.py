"""The files a layout names (fonts, logo) -> checked references, confined to the layout's folder.

A layout may only use files inside its own folder (or deck's bundled fonts), judged by the real
path after every link is followed: a layout can never make deck read, and embed in a PDF sent to
others, a file from elsewhere, whoever wrote it and however the folder was unpacked.
"""
from __future__ import annotations

import functools
from pathlib import Path

from .errors import DeckError, DeckErrors
from .fonts import STYLES, FontRef, _set_in, prepared
from .logos import read_logo
from .resources import bundled
from .yamlread import Problems


def anchor_files(values: dict, places: dict, path: Path, problems: Problems) -> None:
    """Font and logo names in one layout file -> FontRefs and a LogoFile, in place; `places` holds
    where each name stood ('fonts.bold' -> a node or Spot), for the messages."""
    fonts = values.get("fonts") or {}
    named = [style for style in STYLES if style in fonts]
    for style in named:
        place = places.get(f"fonts.{style}")
        found = _file(fonts[style], path.parent, place, f"fonts.{style}", problems, "font",
                      also=bundled("fonts"))
        fonts[style] = None if found is None else _ref(found, path, place)
    if "regular" in named and fonts["regular"] is not None:
        _imply(fonts)
    logo = values.get("logo")
    if logo and "file" in logo:
        place = places.get("logo.file")
        found = _file(logo["file"], path.parent, place, "logo.file", problems, "image")
        if found is not None:
            try:
                logo["file"] = read_logo(found)
            except ValueError as error:
                problems.add(place, f"'logo.file': {error}")
    _output_profile(values, places, path, problems)


def _output_profile(values: dict, places: dict, path: Path, problems: Problems) -> None:
    """print.output_profile -> the checked path of a CMYK printer profile."""
    from .pdfx import output_profile_problem

    printing = values.get("print") or {}
    if printing.get("output_profile"):
        place = places.get("print.output_profile")
        found = _file(printing["output_profile"], path.parent, place, "print.output_profile", problems,
                      "ICC profile")
        problem = found and output_profile_problem(found)
        if problem:
            problems.add(place, f"'print.output_profile': {problem}")
        printing["output_profile"] = found


def _ref(found: Path, layout: Path, place) -> FontRef:
    mark = place.start_mark if place is not None else None
    return FontRef(found, layout, mark.line + 1 if mark else None, mark.column + 1 if mark else None)


def _imply(fonts: dict) -> None:
    """A layout that names its regular font names the family: the styles it leaves out come from the
    regular file (bold_italic from the italic one, if named), which must be able to make them."""
    regular, italic = fonts["regular"], fonts.get("italic")
    wanted = {"bold": (regular, ("bold",)), "italic": (regular, ("italic",)),
              "bold_italic": (italic, ("bold",)) if "italic" in fonts else (regular, ("bold", "italic"))}
    for style, (source, makes) in wanted.items():
        if style not in fonts and source is not None:
            fonts[style] = FontRef(source.path, source.layout, source.line, source.column, makes)


def _file(name: str, folder: Path, place, label: str, problems: Problems, kind: str,
          also: Path | None = None) -> Path | None:
    """The file `name` in `folder` (or in `also`), its real path inside that folder; else a problem."""
    relative = Path(name)
    if relative.is_absolute() or ".." in relative.parts:
        problems.add(place, f"'{label}': {name} lies outside the layout's folder; put the file next to the "
                            "layout (or in a folder beside it) and name it relative to the layout")
        return None
    # (where to look, the folder it must stay in): a font also in the brand's own fonts folder, which
    # deck new-layout makes for them (a name without 'fonts/' finds it), and among deck's own fonts
    roots = [(folder, folder)]
    if kind == "font":
        roots.append((folder / "fonts", folder))
    if also is not None:
        roots.append((also, also))
    for root, confined in roots:
        candidate = root / relative
        if candidate.is_symlink() or candidate.exists():
            return _inside(candidate, confined, name, place, label, problems, kind)
    known = sorted({p.name for root, _ in roots if root.is_dir() for p in root.glob("*") if p.is_file()})
    from .yamlcheck import closest

    hint = closest(name, known)
    where = "next to the layout, in its fonts folder or among deck's own fonts" if kind == "font" \
        else "next to the layout"
    problems.add(place, f"'{label}': there is no {'font file' if kind == 'font' else kind} {name} {where}; "
                        + (f"did you mean {hint}?" if hint else "check the file name"))
    return None


def _inside(candidate: Path, root: Path, name: str, place, label: str, problems: Problems, kind: str):
    real = candidate.resolve()
    if not real.is_relative_to(root.resolve()):
        problems.add(place, f"'{label}': {name} is a link to a file outside the layout's folder; copy the "
                            "file itself into the folder")
        return None
    if real.is_dir():
        problems.add(place, f"'{label}': {name} is a folder, not {'a font file' if kind == 'font' else 'an image'}; "
                            "name the file inside it, for example " + f"{name}/{_example(real, kind)}")
        return None
    if not real.is_file():
        problems.add(place, f"'{label}': {name} is not a regular file; name a {kind} file")
        return None
    return real


def _example(folder: Path, kind: str) -> str:
    files = sorted(p.name for p in folder.iterdir() if p.is_file())
    return files[0] if files else ("Font-Regular.ttf" if kind == "font" else "logo.svg")


@functools.lru_cache(maxsize=1)
def default_fonts() -> dict[str, FontRef]:
    from .layouts import _defaults

    names = _defaults()["values"]
    return {style: FontRef((bundled("fonts") / names[f"fonts.{style}"]).resolve()) for style in STYLES}


def prepared_fonts(fonts: dict):
    """The merged fonts section -> Fonts of TrueType files; every problem at its place in the layout."""
    from .layouts import Fonts

    ready, errors, failed = {}, [], set()
    for style in STYLES:
        ref = fonts[style]
        if ref.implied and ref.path in failed:
            continue  # its own style already says what is wrong with the file
        try:
            ready[style] = prepared(ref, style, fonts["weight"], fonts["bold_weight"])
        except DeckError as error:
            if ref.implied and style not in _set_in():
                # (a style no text is set in, the bold italic, left out and not to be made from the file
                # it would come from: that file stands in for it, as nothing is printed in it)
                ready[style] = prepared(ref._replace(makes=()), style, fonts["weight"], fonts["bold_weight"])
                continue
            errors.append(error)
            if not ref.implied:
                failed.add(ref.path)  # (a style it cannot make is said at each such style: all at once)
    if errors:
        raise DeckErrors(errors)
    return Fonts(**ready)
