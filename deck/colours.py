"""Colour text from a layout -> Colour values; contrast (WCAG 2), tints and a palette that grows.

Accepted: hex RGB ("#00616e" or "#06e"), CSS colour names ("teal"), and CMYK percentages
("cmyk(0, 60, 100, 0)"). Contrast follows WCAG 2.x: relative luminance of sRGB, ratio
(L1 + 0.05) / (L2 + 0.05). A CMYK colour is judged by its naive RGB equivalent, which is close
enough to warn about a pale band but is not a proof from a press profile.
"""

import colorsys
import functools
import heapq
from typing import NamedTuple

from .regex import Pattern

WHITE_TEXT_ON_BAND = 4.5  # WCAG AA for normal text: the card titles and labels on the band
ACCENT_ON_PAPER = 3.0     # WCAG AA for large or bold text: the headings in the accent colour
TEXT_ON_PAPER = 4.5

NUMBER = r"[0-9]+(?:\.[0-9]+)?"
_RGB = Pattern(rf"rgba?\(\s*({NUMBER})\s*,\s*({NUMBER})\s*,\s*({NUMBER})\s*\)")
_CMYK = Pattern(rf"cmyk\(\s*({NUMBER})\s*,\s*({NUMBER})\s*,\s*({NUMBER})\s*,\s*({NUMBER})\s*\)")
_HEX = Pattern(r"#(?:[0-9a-f]{3}|[0-9a-f]{6})")


class Colour(NamedTuple):
    """An RGB (0..1 each) or CMYK (0..1 each) colour, and how the layout wrote it. Two colours are
    equal when their model and values are, however they were written."""

    model: str
    values: tuple[float, ...]
    name: str = ""  # as written, for messages

    def __eq__(self, other) -> bool:
        return isinstance(other, Colour) and self.model == other.model and self.values == other.values

    def __ne__(self, other) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash((self.model, self.values))

    @property
    def label(self) -> str:
        return self.name or hex_of(self)


def css_names() -> dict[str, str]:
    """The 148 CSS colour names -> '#rrggbb' (from Pillow, which deck already uses for images)."""
    from PIL import ImageColor

    return ImageColor.colormap


def parse_colour(text: str) -> Colour:
    """'#00616e', '#06e', 'teal' or 'cmyk(0, 60, 100, 0)' -> Colour; ValueError with a reason."""
    written = str(text).strip()
    value = written.lower()
    if _HEX.fullmatch(value):
        digits = value[1:] if len(value) == 7 else "".join(c * 2 for c in value[1:])
        return Colour("rgb", tuple(int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)), written)
    match = _CMYK.fullmatch(value)
    if match:
        parts = tuple(float(part) for part in match.groups())
        if all(0 <= part <= 100 for part in parts):
            return Colour("cmyk", tuple(part / 100 for part in parts), written)
        raise ValueError(f"'{text}': CMYK percentages go from 0 to 100")
    names = css_names()
    if value in names:
        known = names[value]  # Pillow replaces a name's '#rrggbb' by its (r, g, b) once it has used it
        rgb = parse_colour(known).values if isinstance(known, str) else tuple(v / 255 for v in known[:3])
        return Colour("rgb", rgb, written)
    rgb = _RGB.fullmatch(value)
    if rgb:  # CSS's rgb(): written as the hex it means (percentages and alpha are not taken)
        parts = [float(part) for part in rgb.groups()]
        if all(0 <= part <= 255 for part in parts):
            written_hex = "#" + "".join(f"{round(part):02x}" for part in parts)
            raise ValueError(f"'{text}': deck reads rgb() colours written as hex; write \"{written_hex}\"")
    if "," in value and not value.startswith(("cmyk", "rgb")):
        raise ValueError(f"'{text}' looks like a list written without brackets; write it in brackets, "
                         f"each colour in quotes: [{', '.join(_quoted(part) for part in written.split(','))}]")
    from .yamlcheck import closest

    hint = closest(value, list(names)) if value.isalpha() else None
    guess = f"did you mean '{hint}'? " if hint else ""
    raise ValueError(f"'{text}' is not a colour; {guess}write hex RGB such as \"#1f6f8b\", a CSS colour name "
                     "such as teal, or CMYK percentages such as \"cmyk(0, 60, 100, 0)\"")


def _quoted(part: str) -> str:
    return f'"{part.strip()}"'


def schema_pattern() -> str:
    """The JSON Schema pattern of every colour parse_colour accepts (names in any letter case)."""
    from .schema_patterns import any_case

    percent = r"\s*0*(?:100(?:\.0+)?|[0-9]{1,2}(?:\.[0-9]+)?)\s*"
    cmyk = any_case("cmyk") + r"\(" + ",".join([percent] * 4) + r"\)"
    names = "|".join(any_case(name) for name in css_names())
    return rf"^\s*(?:#(?:[0-9a-fA-F]{{3}}|[0-9a-fA-F]{{6}})|{cmyk}|{names})\s*$"


# -- measuring -----------------------------------------------------------------------------------

def rgb_of(colour: Colour) -> tuple[float, float, float]:
    """RGB 0..1; CMYK by the naive formula (no press profile)."""
    if colour.model == "rgb":
        return colour.values
    c, m, y, k = colour.values
    return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))


def hex_of(colour: Colour) -> str:
    if colour.model == "cmyk":
        return "cmyk(" + ", ".join(f"{v * 100:g}" for v in colour.values) + ")"
    return "#" + "".join(f"{round(v * 255):02x}" for v in colour.values)


def _linear(v: float) -> float:
    """An sRGB component (0..1) -> linear light."""
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def luminance(colour: Colour) -> float:
    """WCAG relative luminance."""
    r, g, b = (_linear(v) for v in rgb_of(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: Colour, other: Colour) -> float:
    """WCAG contrast ratio, 1 to 21."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def tint(colour: Colour, amount: float) -> Colour:
    """`colour` moved `amount` (0..1) of the way to white (paper), in its own colour model."""
    if colour.model == "rgb":
        return Colour("rgb", tuple(round(v + (1 - v) * amount, 4) for v in colour.values))
    return Colour("cmyk", tuple(round(v * (1 - amount), 4) for v in colour.values))


def shade(colour: Colour, amount: float) -> Colour:
    """`colour` moved `amount` (0..1) of the way to black."""
    if colour.model == "rgb":
        return Colour("rgb", tuple(round(v * (1 - amount), 4) for v in colour.values))
    c, m, y, k = colour.values
    return Colour("cmyk", (c, m, y, round(k + (1 - k) * amount, 4)))


def _lab(colour: Colour) -> tuple[float, float, float]:
    """CIE L*a*b* (D65), for telling how far apart two colours look."""
    r, g, b = (_linear(v) for v in rgb_of(colour))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116
    return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))


def distance(one: Colour, other: Colour) -> float:
    """CIE76 colour difference: about 2 is just noticeable, above 20 clearly different colours."""
    return _apart(_lab(one), _lab(other))


# -- a palette that grows ------------------------------------------------------------------------

def extended(bands: tuple[Colour, ...], count: int, paper: Colour) -> tuple[Colour, ...]:
    """`bands` followed by as many new colours as `count` needs, each as far as possible from every
    colour before it and dark enough for paper-coloured text on it (4.5:1). Deterministic; the new
    colours share the model of the last band colour."""
    return _growing(bands, paper).up_to(count)


@functools.lru_cache(maxsize=8)
def _growing(bands: tuple[Colour, ...], paper: Colour) -> "_Grown":
    return _Grown(bands, paper)


KEPT_FROM = 64  # colours: a palette grown this far is kept in deck's cache (a thousand cards: 22 ms a run)


class _Grown:
    """A _Palette for `bands` on `paper`, made only when more colours are asked for than deck's cache
    kept from an earlier run (the colours it grew, up to where they ran out, or as far as asked)."""

    def __init__(self, bands: tuple[Colour, ...], paper: Colour):
        self.bands, self.paper, self.palette = bands, paper, None
        self.colours, self.exhausted = _kept_palette(bands, paper)

    def up_to(self, count: int) -> tuple[Colour, ...]:
        colours = self._grown(count)
        return tuple(colours[i % len(colours)] for i in range(count))

    def colour(self, index: int) -> Colour:
        colours = self._grown(index + 1)
        return colours[index % len(colours)]

    def _grown(self, count: int) -> list[Colour]:
        if len(self.colours) >= count or self.exhausted:
            return self.colours
        if self.palette is None:
            candidates = _candidates(self.paper, self.bands[-1].model if self.bands else "rgb")
            self.palette = _Palette(self.bands, candidates, _tone_weights(self.bands, candidates))
        # past KEPT_FROM, grown as far as the colours go and kept once: card numbers ask for one more
        # colour at a time, and each would be another entry written
        self.palette._grow(count if count <= KEPT_FROM else len(self.palette.candidates) + len(self.bands))
        self.colours, self.exhausted = self.palette.colours, self.palette.exhausted
        if count > KEPT_FROM:
            _keep_palette(self.bands, self.paper, self.colours, self.exhausted)
        return self.colours


def _palette_entry(bands: tuple[Colour, ...], paper: Colour) -> tuple[str, bytes]:
    from .cache import code_stamp

    return f"palette-{code_stamp()}", repr([(c.model, c.values) for c in (paper, *bands)]).encode()


def _kept_palette(bands: tuple[Colour, ...], paper: Colour) -> tuple[list[Colour], bool]:
    """The bands and the colours an earlier run added to them (and whether they ran out), else the bands."""
    from .cache import recall_for

    kind, made_of = _palette_entry(bands, paper)
    kept = recall_for(kind, "palette " + made_of.decode(), made_of, _valid_palette)
    if kept is None:
        return list(bands), False
    added, exhausted = kept
    return list(bands) + [Colour(model, values) for model, values in added], exhausted


def _valid_palette(value) -> bool:
    return (type(value) is tuple and len(value) == 2 and type(value[0]) is list and type(value[1]) is bool
            and all(type(c) is tuple and len(c) == 2 and c[0] in ("rgb", "cmyk") and type(c[1]) is tuple
                    and all(type(v) is float for v in c[1]) for c in value[0]))


def _keep_palette(bands: tuple[Colour, ...], paper: Colour, colours: list[Colour], exhausted: bool) -> None:
    from .cache import keep_for

    kind, made_of = _palette_entry(bands, paper)
    keep_for(kind, "palette " + made_of.decode(), made_of,
             ([(c.model, tuple(float(v) for v in c.values)) for c in colours[len(bands):]], exhausted))


class _Palette:
    """A palette that grows one colour at a time, each new colour the candidate farthest from every
    colour chosen so far (the first of equals). How far a candidate lies from the chosen colours only
    shrinks as colours are added, so each candidate's distance is brought up to date only when it
    heads the queue (a lazy farthest-point search): a candidate found still the farthest once it is
    up to date is the farthest of all. A deck of a thousand cards adds 550 colours from some 700
    candidates: a few thousand distances instead of 400,000."""

    def __init__(self, bands: tuple[Colour, ...], candidates: tuple[Colour, ...], weights: tuple[float, ...] = ()):
        self.colours = list(bands)
        self.candidates = candidates
        self.exhausted = False
        self.labs = [_lab(c) for c in candidates]
        # how far each candidate's distance counts: a colour in the brand's own tone counts whole, one
        # outside it less, so that it is chosen only when the brand's tone has no distinct colour left
        self.weights = weights or (1.0,) * len(candidates)
        self.chosen_labs: list[tuple[float, float, float]] = []  # of the colours added (not the bands)
        chosen = [_lab(old) for old in bands]
        # (minus the weighted squared distance to the nearest chosen colour as last worked out, index,
        # how many added colours that took in): heapq gives the farthest first, the first index of equals
        self.queue = [(-min((_apart(lab, old) ** 2 for old in chosen), default=float("inf")) * self.weights[index],
                       index, 0) for index, lab in enumerate(self.labs)]
        heapq.heapify(self.queue)

    def _grow(self, count: int) -> None:
        queue, labs, added = self.queue, self.labs, self.chosen_labs
        while len(self.colours) < count and not self.exhausted:
            if not queue:
                self.exhausted = True  # every candidate is used: from here it repeats
                break
            near, index, seen = queue[0]
            weight = self.weights[index]
            if seen < len(added):  # colours added since: bring it up to date and look again
                l, a, b = labs[index]
                nearest = -near / weight
                for l0, a0, b0 in added[seen:]:
                    far = (l - l0) * (l - l0) + (a - a0) * (a - a0) + (b - b0) * (b - b0)
                    if far < nearest:
                        nearest = far
                heapq.heapreplace(queue, (-nearest * weight, index, len(added)))
                continue
            if -near / weight < JUST_NOTICEABLE ** 2:
                self.exhausted = True  # every colour that still looks different is used: from here it repeats
                break
            heapq.heappop(queue)
            self.colours.append(self.candidates[index])
            added.append(labs[index])


JUST_NOTICEABLE = 2.3  # CIE76: closer than this, two colours look the same


def _apart(one: tuple[float, float, float], other: tuple[float, float, float]) -> float:
    return ((one[0] - other[0]) ** 2 + (one[1] - other[1]) ** 2 + (one[2] - other[2]) ** 2) ** 0.5


LIGHTNESSES = (0.22, 0.28, 0.34, 0.40)
SATURATIONS = (0.45, 0.65, 0.85)
OUT_OF_TONE = 0.25  # a candidate outside the brand's tone counts its squared distance a quarter (half as far)


def _tone_weights(bands: tuple[Colour, ...], candidates: tuple[Colour, ...]) -> tuple[float, ...]:
    """Each candidate's weight: whole for the lightness and saturation (of the candidates' steps)
    nearest the middle of the brand's own band colours, OUT_OF_TONE for the others. The added colours
    were pure blue, green and magenta beside a brand's muted teal and wine red."""
    if not bands:
        return ()
    tones = [colorsys.rgb_to_hls(*rgb_of(colour)) for colour in bands]
    lightness = sorted(tone[1] for tone in tones)[len(tones) // 2]
    saturation = sorted(tone[2] for tone in tones)[len(tones) // 2]
    near_l = min(LIGHTNESSES, key=lambda step: abs(step - lightness))
    near_s = min(SATURATIONS, key=lambda step: abs(step - saturation))
    weights = []
    for colour in candidates:
        _, l, s = colorsys.rgb_to_hls(*rgb_of(colour))
        weights.append(1.0 if abs(l - near_l) < 0.03 and abs(s - near_s) < 0.1 else OUT_OF_TONE)
    return tuple(weights)


@functools.lru_cache(maxsize=8)
def _candidates(paper: Colour, model: str) -> tuple[Colour, ...]:
    found = []
    for hue in range(0, 360, 6):
        for lightness in LIGHTNESSES:
            for saturation in SATURATIONS:
                r, g, b = colorsys.hls_to_rgb(hue / 360, lightness, saturation)
                colour = Colour("rgb", (round(r, 4), round(g, 4), round(b, 4)))
                if contrast(colour, paper) >= WHITE_TEXT_ON_BAND:
                    found.append(colour if model == "rgb" else _naive_cmyk(colour))
    return tuple(found)


def _naive_cmyk(colour: Colour) -> Colour:
    r, g, b = colour.values
    k = 1 - max(r, g, b)
    if k >= 1:
        return Colour("cmyk", (0.0, 0.0, 0.0, 1.0))
    return Colour("cmyk", tuple(round((1 - v - k) / (1 - k), 4) for v in (r, g, b)) + (round(k, 4),))


# -- the palette with its meaning -----------------------------------------------------------------

class Palette(NamedTuple):
    """The colours with their meaning."""

    bands: tuple[Colour, ...]  # one colour: every card; more: one per card, extended when short
    intro: Colour
    accent: Colour | None      # None: each card's band colour
    text: Colour
    muted: Colour
    paper: Colour

    def band(self, number: int) -> Colour:
        """The band colour of card `number` (1-based)."""
        if len(self.bands) == 1:
            return self.bands[0]
        if number <= len(self.bands):
            return self.bands[number - 1]
        return _growing(self.bands, self.paper).colour(number - 1)

    def accent_on(self, band: Colour) -> Colour:
        return band if self.accent is None else self.accent

    def added(self, cards: int) -> tuple[Colour, ...]:
        """The colours deck adds for `cards` cards (none for a one-colour palette)."""
        if len(self.bands) == 1 or cards <= len(self.bands):
            return ()
        return extended(self.bands, cards, self.paper)[len(self.bands):]


def contrast_warnings(palette: Palette, path) -> tuple[str, ...]:
    """Every pairing of the palette that falls below WCAG's contrast for its use, with the ratio."""
    paper = palette.paper
    # (a card's band colour also sets its challenge questions and the overview's titles on the paper:
    # the same ratio, as contrast is symmetric)
    checks = [(f"colours.bands[{index}]" if len(palette.bands) > 1 else "colours.bands", band,
               WHITE_TEXT_ON_BAND, "the text on the band (and the card's questions, set in its band colour)")
              for index, band in enumerate(palette.bands, 1)]
    checks.append(("colours.intro", palette.intro, WHITE_TEXT_ON_BAND, "the text on the band"))
    if palette.accent is not None:
        checks.append(("colours.accent", palette.accent, ACCENT_ON_PAPER, "headings on the paper"))
    checks += [("colours.text", palette.text, TEXT_ON_PAPER, "text on the paper"),
               ("colours.muted", palette.muted, TEXT_ON_PAPER, "sources and footer on the paper")]
    warnings = []
    for key, colour, least, use in checks:  # each key once: no warning repeats
        ratio = contrast(colour, paper)
        if ratio < least:
            warnings.append(f"{path}: {key} {colour.label} and the paper {paper.label} have a contrast of "
                            f"{ratio:.1f}:1, below the {least:g}:1 that {use} needs to be read easily; "
                            "choose a darker colour")
    return tuple(warnings)
