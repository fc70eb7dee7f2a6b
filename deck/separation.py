"""RGB -> CMYK for a press, once, when a layout is read; the registration colour of the marks.

In:  a Layout whose `print:` section asks for CMYK (`cmyk: true`, or any PDF/X).
Out: the same Layout with every colour in CMYK and a warning naming each colour it converted; at
     drawing time the logo as a CMYK image, any transparency flattened onto the card's background.

Neutral greys become black ink only (#5d5d5d -> 0/0/0/64): text in rich black smears and shows
every misregistration; the text colour, when it is a grey near black (#222222), becomes solid black
(0/0/0/100), as small text in a tint of black prints screened, its edges frayed. Other colours go
through an ICC output profile: the print shop's when the layout names one, else deck's own, built
with ArgyllCMS from the FOGRA39 characterisation data (offset, coated paper; profiles/README.md),
limited to 300 % total ink.
"""
from __future__ import annotations

import functools
from pathlib import Path

from .colours import Colour
from .layouts import Layout
from .errors import DeckError
from .pdfx import needs_own_profile, profile_condition_mismatch
from .resources import bundled
from .units import Rect

INK_LIMIT = 3.0        # total ink, 300 %: what sheet-fed offset on coated paper takes
SOLID_TEXT = 0.8       # a grey text colour this dark becomes solid black: a 87 % tint of black screens small text
GREY_TOLERANCE = 0.02  # channels this close together are a grey (a 'warm' #1d1d1b included)
RELATIVE_COLORIMETRIC = 1  # ICC intent for brand colours: keep what the press can print, clip the rest
PERCEPTUAL = 0             # ICC intent for pictures: compress the whole gamut


def deck_profile() -> Path:
    return bundled("profiles") / "deck-fogra39.icc"


def separated(layout: Layout) -> Layout:
    """`layout` in CMYK if its print settings ask for it, with warnings saying what changed."""
    if not layout.print.separated:
        return layout
    profile = layout.print.output_profile or deck_profile()
    converted: dict[str, str] = {}

    def convert(role: str, colour: Colour | None) -> Colour | None:
        if colour is None or colour.model == "cmyk":
            return colour
        cmyk = to_cmyk(colour, profile)
        if role == "text" and cmyk.values[:3] == (0.0, 0.0, 0.0) and cmyk.values[3] >= SOLID_TEXT:
            cmyk = Colour("cmyk", (0.0, 0.0, 0.0, 1.0))  # a near-black body text prints in solid black
        converted.setdefault(f"{colour.label} -> {_percentages(cmyk)}", role)
        return cmyk

    palette = layout.palette
    palette = palette._replace(text=convert("text", palette.text), muted=convert("muted", palette.muted),
                               paper=convert("background", palette.paper), intro=convert("intro", palette.intro),
                               accent=convert("accent", palette.accent),
                               bands=tuple(convert(f"band {number}", band)
                                           for number, band in enumerate(palette.bands, 1)))
    logo = layout.logo.file if layout.logo is not None else None
    if converted or (logo is not None and logo.kind in ("png", "jpeg", "svg")):
        problem = needs_own_profile(layout.print)
        if problem:
            raise DeckError(problem, layout.path)
    warnings = list(layout.warnings)
    mismatch = layout.print.output_profile and profile_condition_mismatch(profile, layout.print.output_condition)
    if mismatch:
        warnings.append(f"{layout.path}: {mismatch}")
    if converted:
        listed = "; ".join(f"{role} {change}" for change, role in converted.items())
        warnings.append(f"{layout.path}: for print, the RGB colours were converted to CMYK (C/M/Y/K %, "
                        f"{profile.name}): {listed}. Write cmyk(...) colours in the layout to choose them yourself.")
    if logo is not None and logo.kind in ("png", "jpeg") and _has_alpha(logo.path):
        warnings.append(f"{layout.path}: the logo {logo.path.name} has transparent parts; for print they are "
                        "flattened onto the card's background colour. Use a logo without transparency to "
                        "avoid this.")
    if logo is not None and logo.kind == "svg":
        _check_svg_for_print(layout, logo)
    if logo is not None and logo.kind == "pdf":
        warnings.append(f"{layout.path}: the logo {logo.path.name} is drawn as it is: deck does not convert the "
                        "colours of a PDF logo, so an RGB or transparent one makes the file fail a PDF/X check. "
                        "Ask for a CMYK PDF logo without transparency, or use an SVG or PNG logo.")
    return layout._replace(palette=palette, warnings=tuple(warnings))


def _check_svg_for_print(layout: Layout, logo) -> None:
    """An SVG logo's flat colours are converted to CMYK when it is drawn (draw_printed_logo); a
    gradient (drawn in RGB) or transparency cannot go into a PDF/X-1a file, nor a gradient into
    PDF/X-4: refused, with what to do."""
    from .errors import DeckError
    from .logos import svg_effects

    effects = svg_effects(logo.path)
    allowed = {"none": effects, "x-4": ["transparency"]}.get(layout.print.pdfx, [])
    refused = [effect for effect in effects if effect not in allowed]
    if refused:
        raise DeckError(f"the logo {logo.path.name} has {' and '.join(refused)}, which a PDF/X file for print "
                        f"({layout.print.pdfx}) cannot hold as deck draws it; flatten it in your drawing program "
                        "(flat colours, no transparency), or use a PNG logo", layout.path)


def to_cmyk(colour: Colour, profile: Path) -> Colour:
    """One RGB colour -> CMYK: greys as black ink only, other colours through `profile`."""
    values = colour.values
    if max(values) - min(values) <= GREY_TOLERANCE:
        return Colour("cmyk", (0.0, 0.0, 0.0, round(1 - sum(values) / 3, 2)))
    from PIL import Image, ImageCms

    pixel = Image.new("RGB", (1, 1), tuple(round(v * 255) for v in values))
    cmyk = ImageCms.applyTransform(pixel, _transform(str(profile), RELATIVE_COLORIMETRIC)).getpixel((0, 0))
    return Colour("cmyk", limit_ink(tuple(round(v / 255, 2) for v in cmyk)))


def limit_ink(cmyk: tuple[float, ...], limit: float = INK_LIMIT) -> tuple[float, ...]:
    """CMYK with cyan, magenta and yellow scaled down until the total is at most `limit`; black,
    which carries the contrast, is kept."""
    cyan, magenta, yellow, black = cmyk
    colour = cyan + magenta + yellow
    if colour + black <= limit + 1e-9:
        return cmyk
    scale = max(0.0, limit - black) / colour
    return (round(cyan * scale, 4), round(magenta * scale, 4), round(yellow * scale, 4), black)


@functools.lru_cache(maxsize=None)
def _transform(profile: str, intent: int):
    from PIL import ImageCms

    return ImageCms.buildTransform(ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(profile),
                                   "RGB", "CMYK", renderingIntent=intent)


def draw_printed_logo(canvas, layout: Layout, place: Rect) -> None:
    """The layout's logo in `place`, as logos.py draws it; for print, a PNG or JPEG logo is drawn
    converted to CMYK (once, then reused), its transparency flattened onto the background."""
    from .logos import draw_logo

    logo = layout.logo.file
    profile = layout.print.output_profile or deck_profile()
    if not layout.print.separated or logo.kind not in ("png", "jpeg"):
        cmyk = (lambda colour: to_cmyk(colour, profile)) if layout.print.separated and logo.kind == "svg" else None
        draw_logo(canvas, logo, place.x, place.y, place.width, place.height, cmyk=cmyk)
        return
    canvas.drawImage(_cmyk_logo(logo.path, layout.palette.paper, profile), place.x, place.y, place.width,
                     place.height)


@functools.lru_cache(maxsize=8)
def _cmyk_logo(path: Path, background: Colour, profile: Path):
    """The logo as a CMYK image for reportlab, any alpha flattened onto `background` (CMYK)."""
    from PIL import Image, ImageCms
    from reportlab.lib.utils import ImageReader

    image = _opaque_or_alpha(path)
    if image.mode == "CMYK":
        return ImageReader(image)
    if image.mode in ("L", "LA"):
        black = image.getchannel("L").point(lambda value: 255 - value)
        empty = Image.new("L", image.size, 0)
        cmyk = Image.merge("CMYK", (empty, empty, empty, black))
    else:
        cmyk = ImageCms.applyTransform(image.convert("RGB"), _transform(str(profile), PERCEPTUAL))
    if "A" in image.getbands():
        under = Image.new("CMYK", image.size, tuple(round(value * 255) for value in background.values))
        cmyk = Image.composite(cmyk, under, image.getchannel("A"))
    return ImageReader(cmyk)


def _opaque_or_alpha(path: Path):
    """The image as L, LA, RGB, RGBA or CMYK: a palette or a transparent colour becomes alpha."""
    from PIL import Image

    from .logos import _faithful

    with Image.open(path) as image:
        image.load()
    if image.mode.startswith("I;16") or image.mode == "I":
        image = _faithful(image)  # 16-bit grey scaled down to 8 bits: a plain convert clips it to white
    grey = image.mode in ("1", "L", "LA")
    if image.mode in ("L", "LA", "RGB", "RGBA", "CMYK") and "transparency" not in image.info:
        return image
    if "transparency" in image.info or "A" in image.getbands():
        return image.convert("LA" if grey else "RGBA")
    return image.convert("L" if grey else "RGB")


def _has_alpha(path: Path) -> bool:
    from PIL import Image

    with Image.open(path) as image:  # the header tells; no need to decode the pixels
        return "A" in image.getbands() or "transparency" in image.info


@functools.lru_cache(maxsize=1)
def registration():
    """The colour of crop marks and fold lines: /Separation /All, which prints on every plate
    (its CMYK alternate, 100 % of each ink, is what a composite printer uses). One object, made
    once: every sheet sets it."""
    from reportlab.lib.colors import CMYKColorSep

    return CMYKColorSep(1, 1, 1, 1, spotName="All")


def _percentages(colour: Colour) -> str:
    return "/".join(f"{round(value * 100):g}" for value in colour.values)
