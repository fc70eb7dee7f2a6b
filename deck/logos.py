"""A logo file as a brand department delivers it -> a checked LogoFile, and the logo drawn on a face.

PNG and JPEG are placed as images (reportlab stores an image once, keyed by its content); an image in
a mode reportlab does not draw faithfully (16-bit, palette, grey with alpha, one bit) is converted
to 8-bit first. SVG is read with svglib into a reportlab drawing and PDF (its first page) with pypdf;
either is drawn once per PDF as a Form XObject that every face refers to, so the logo stays vector.

Why pypdf for PDF logos: reportlab cannot import a PDF page itself, pdfrw (the classic companion
for it) has not been maintained since 2017, and pypdf is already one of deck's dependencies. The
page's content stream and resources are copied into reportlab's own PDF objects as they are:
nothing is re-encoded or rasterised.
"""

import functools
import hashlib
import re
import warnings
from pathlib import Path
from typing import NamedTuple

MAX_LOGO_PIXELS = 40_000_000  # a logo needs a few million at most; more is a mistake or a bomb
MAX_LOGO_BYTES = 20_000_000
LOGO_DPI = 300
_FAITHFUL_MODES = ("RGB", "RGBA", "L", "CMYK")  # drawn by reportlab as they are


class LogoFile(NamedTuple):
    """A checked logo: its kind, and its natural size (pixels for images, points for vector files)."""

    path: Path
    kind: str  # png, jpeg, svg or pdf
    width: float
    height: float

    @property
    def pixels(self) -> tuple[int, int] | None:
        return (int(self.width), int(self.height)) if self.kind in ("png", "jpeg") else None


def read_logo(path: Path) -> LogoFile:
    """Check a logo file; ValueError with a reason the user can act on."""
    from .errors import DeckError
    from .files import read_input

    try:
        data = read_input(path, MAX_LOGO_BYTES, "logo")
    except DeckError as error:
        raise ValueError(f"{path.name}: {error.message}") from None
    if data.startswith(b"%PDF-"):
        logo = _pdf(path, data)
    elif _looks_like_svg(data):
        logo = _svg(path, data)
    else:
        return _image(path)
    return _sized(logo)


LARGEST = 14_400.0  # points: 200 inches, the largest page a PDF has
WIDEST = 50  # a logo fifty times wider than high (or higher than wide) is a line, not a logo


def _sized(logo: LogoFile) -> LogoFile:
    """A vector logo whose own size is one a drawing program writes: a number (not nan or inf),
    at most a PDF page's largest, and not a line (a size one program wrote wrong)."""
    width, height = logo.width, logo.height
    sized = 0.01 <= width <= LARGEST and 0.01 <= height <= LARGEST  # (false for nan too)
    if not sized or max(width / height, height / width) > WIDEST:
        raise ValueError(f"{logo.path.name} says its size is {width:g} × {height:g} points, which is no logo's size; "
                         "export it again from your drawing program, with its width and height set")
    return logo


# -- images ----------------------------------------------------------------------------------------

def _image(path: Path) -> LogoFile:
    """Header first (refusing decompression bombs), then the whole image, so a damaged file is found now."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                kind, size = image.format, image.size
                if kind in ("PNG", "JPEG") and size[0] * size[1] <= MAX_LOGO_PIXELS:
                    _faithful(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValueError(_TOO_MANY_PIXELS.format(name=path.name)) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        if isinstance(error, ValueError) and str(error).startswith(path.name):
            raise
        raise ValueError(f"{path.name} is not an image I can read; use an SVG, PDF, PNG or JPEG file") from None
    if kind not in ("PNG", "JPEG"):
        raise ValueError(f"{path.name} is a {kind} image; use an SVG, PDF, PNG or JPEG file")
    if size[0] * size[1] > MAX_LOGO_PIXELS:
        raise ValueError(_TOO_MANY_PIXELS.format(name=path.name))
    return LogoFile(path, kind.lower(), float(size[0]), float(size[1]))


_TOO_MANY_PIXELS = (f"{{name}} has more than {MAX_LOGO_PIXELS // 1_000_000} million pixels, too many for a "
                    "logo (it may be a decompression bomb); scale it down")


def _faithful(image):
    """The image in a mode reportlab draws as it is: 16-bit grey scaled down to 8 bits (not clipped
    to white), palette and grey-with-alpha images to RGBA, one-bit to grey."""
    image.load()
    mode = image.mode
    if mode in _FAITHFUL_MODES:
        return image
    if mode.startswith("I;16") or mode == "I":
        top = 65535 if mode.startswith("I;16") or image.getextrema()[1] > 255 else 255
        return image.convert("I").point(lambda value: value * (255 / top)).convert("L")
    if mode in ("P", "PA", "LA", "La", "RGBa"):
        return image.convert("RGBA")
    if mode in ("1", "YCbCr", "RGBX", "LAB", "HSV"):
        return image.convert("L" if mode == "1" else "RGB")
    raise ValueError(f"{image.filename and Path(image.filename).name} is an image in a mode deck cannot print "
                     f"faithfully ({mode}); save it as an 8-bit RGB or greyscale PNG")


@functools.lru_cache(maxsize=8)
def _drawable(path: Path, stamp: tuple[int, int]):
    """What reportlab's drawImage gets: the file itself when it draws it faithfully, else the
    converted image (`stamp`, the file's mtime and size, renews the cache when the file changes).
    Always as an ImageReader: reportlab names the image by its pixels then, not by the file's path,
    so the PDF does not change with the folder deck or the logo is installed in."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    with Image.open(path) as image:
        if image.mode in _FAITHFUL_MODES:
            return ImageReader(str(path))
        return ImageReader(_faithful(image).copy())


# -- vector logos ----------------------------------------------------------------------------------

def _looks_like_svg(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<svg") or (head.startswith((b"<?xml", b"<!")) and b"<svg" in data[:4096])


def _svg(path: Path, data: bytes) -> LogoFile:
    drawing = _svg_drawing(path, _stamp(path))
    return LogoFile(path, "svg", float(drawing.width), float(drawing.height))


# an element's or group's opacity, as an attribute or in a style (not fill-, stroke- or stop-opacity)
_OPACITY = re.compile(r"""(?<![-\w])opacity\s*(?:=\s*["']|:)\s*([0-9]*\.?[0-9]+)""")


@functools.lru_cache(maxsize=8)
def _svg_drawing(path: Path, stamp: tuple[int, int]):
    from reportlab.graphics.shapes import Group, String
    from svglib.svglib import svg2rlg

    data = path.read_bytes()
    text = data.decode("utf-8", "replace")
    _well_formed(path, data)
    linked = [href for href in re.findall(r"""href\s*=\s*["']([^"']*)["']""", text)
              if not href.startswith(("#", "data:"))]
    if linked:
        raise ValueError(f"{path.name} refers to another file ({linked[0]}); save the logo with everything "
                         "embedded in the one SVG file")
    see_through = [value for value in _OPACITY.findall(text) if float(value) < 1]
    if see_through:  # (svglib draws fill-opacity and stroke-opacity, but not opacity: it would print solid)
        raise ValueError(f"{path.name} makes a shape or group see-through with opacity ({see_through[0]}), which "
                         "would print solid; give its shapes fill-opacity (and stroke-opacity) instead, or use a "
                         "PNG logo")
    import logging

    logging.getLogger("svglib").setLevel(logging.CRITICAL)  # its complaints become our one message below
    try:
        drawing = svg2rlg(str(path))
    except Exception:  # lxml and svglib raise many kinds for a broken file
        drawing = None
    if drawing is None or not drawing.width or not drawing.height:
        raise ValueError(f"{path.name} is not an SVG drawing I can read (or has no width and height); "
                         "export the logo again as SVG, or as PDF")

    def texts(node) -> bool:
        return isinstance(node, String) or (isinstance(node, Group) and any(texts(c) for c in node.contents))
    if any(texts(node) for node in drawing.contents):
        raise ValueError(f"{path.name} holds text in a font, which would print in another font; convert the "
                         "text to outlines (paths) in your drawing program, or use the PDF logo")
    return drawing


def _well_formed(path: Path, data: bytes) -> None:
    """An SVG file cut short (a copy broken off) is refused: svglib draws what it could read, and
    the logo would print with parts missing. (With lxml, which svglib reads SVG with: no module more
    for a build; entities are not expanded, so no entity 'bomb' blows up.)"""
    from lxml import etree

    try:
        etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError as error:
        raise ValueError(f"{path.name} is cut short or damaged ({error}); export the logo again as SVG, "
                         "or as PDF") from None


def _pdf(path: Path, data: bytes) -> LogoFile:
    page = _pdf_page(path, _stamp(path))
    box = page.cropbox
    return LogoFile(path, "pdf", float(box.width), float(box.height))


@functools.lru_cache(maxsize=8)
def _pdf_page(path: Path, stamp: tuple[int, int]):
    import logging

    import pypdf
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # its complaints about a damaged file: ours below
    try:
        reader = pypdf.PdfReader(path)
        if reader.is_encrypted:
            raise ValueError(f"{path.name} is a protected PDF; save the logo as a PDF without a password")
        if not reader.pages:
            raise ValueError(f"{path.name} has no pages")
        page = reader.pages[0]
        if page.get("/Rotate", 0) % 360:
            raise ValueError(f"{path.name} has a rotated page; save the logo unrotated")
        if page.cropbox.width <= 0 or page.cropbox.height <= 0:
            raise ValueError(f"{path.name} has an empty page")
        _embedded_fonts_only(page.get("/Resources"), path, set())
        _sound(page.get("/Resources"), path)
        contents = page.get_contents()
        if contents is None or not contents.get_data().strip():  # (pypdf reads damaged data as nothing)
            raise ValueError(f"{path.name} draws nothing: its page is empty, or its drawing is damaged; export the "
                             "logo again")
    except (PyPdfError, KeyError, TypeError, AttributeError, IndexError, OSError, ValueError) as error:
        if isinstance(error, ValueError) and str(error).startswith(path.name):  # (our own words, above)
            raise
        raise ValueError(f"{path.name} is a damaged PDF ({error}); export the logo again") from None
    return page


def _sound(value, path: Path) -> None:
    """A logo whose objects refer back to themselves (a form that draws itself) cannot be copied
    into the card's PDF (_copy), nor drawn by a printer's RIP; nor can one whose streams (an image,
    a form's drawing) do not decode (damaged compressed data would go into every card as it is):
    said when the layout is read."""
    from pypdf import generic

    stack = [(value, frozenset())]
    done: set[int] = set()
    while stack:
        value, within = stack.pop()
        if isinstance(value, generic.IndirectObject):
            if value.idnum in within:
                raise ValueError(f"{path.name} has a part that refers to itself; export the logo again")
            if value.idnum in done:
                continue
            done.add(value.idnum)
            within = within | {value.idnum}
            value = value.get_object()
        if isinstance(value, generic.StreamObject) and value.get("/Subtype") != "/Image":
            # a form's drawing (an image is copied as it is, in filters pypdf may not decode: JBIG2)
            try:
                value.get_data()
            except Exception as error:  # (pypdf raises many kinds for data that does not decode)
                raise ValueError(f"{path.name} is a damaged PDF ({error}); export the logo again") from None
        if isinstance(value, generic.DictionaryObject):
            stack += [(item, within) for item in value.values()]  # (as _copy copies them: /Parent too)
        elif isinstance(value, generic.ArrayObject):
            stack += [(item, within) for item in value]


def _embedded_fonts_only(resources, path: Path, seen: set) -> None:
    """A font the logo uses but does not carry would print in whatever font the printer has."""
    if resources is None:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        descendants = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
        for part in descendants:
            descriptor = part.get("/FontDescriptor")
            carried = font.get("/Subtype") == "/Type3" or (
                descriptor is not None and any(k in descriptor.get_object() for k in
                                               ("/FontFile", "/FontFile2", "/FontFile3")))
            if not carried:
                raise ValueError(f"{path.name} uses the font {font.get('/BaseFont', '?')} without embedding it; "
                                 "export the logo with fonts embedded or text converted to outlines")
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.idnum in seen if hasattr(xobject, "idnum") else False:
            continue
        if hasattr(xobject, "idnum"):
            seen.add(xobject.idnum)
        _embedded_fonts_only(xobject.get_object().get("/Resources"), path, seen)


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_mtime_ns, status.st_size


# -- drawing ---------------------------------------------------------------------------------------

def draw_logo(canvas, logo: LogoFile, x: float, y: float, width: float, height: float, cmyk=None) -> None:
    """The logo in the box (x, y, width, height) on `canvas`; vector logos as one shared form.
    `cmyk`: a function RGB Colour -> CMYK Colour, for print: an SVG's fills and strokes go through it."""
    if logo.kind in ("png", "jpeg"):
        canvas.drawImage(_drawable(logo.path, _stamp(logo.path)), x, y, width, height, mask="auto")
        return
    name = _form_name(logo.path, _stamp(logo.path))
    if not canvas.hasForm(name):
        if logo.kind == "svg":
            drawing = _svg_drawing(logo.path, _stamp(logo.path))
            _svg_form(canvas, name, drawing if cmyk is None else _in_cmyk(drawing, cmyk))
        else:
            try:
                _pdf_form(canvas, name, _pdf_page(logo.path, _stamp(logo.path)))
            except ValueError as error:  # (what _copy cannot copy, past read_logo's look)
                from .errors import DeckError

                said = str(error)
                raise DeckError(said if "export the logo again" in said else f"{said}; export the logo again",
                                logo.path) from None
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width / logo.width, height / logo.height)
    canvas.doForm(name)
    canvas.restoreState()


@functools.lru_cache(maxsize=8)
def _form_name(path: Path, stamp: tuple[int, int]) -> str:
    """The name of a vector logo's form, from its bytes: read and hashed once, not on every face."""
    return "logo" + hashlib.sha1(path.read_bytes()).hexdigest()[:16]


def svg_effects(path: Path) -> list[str]:
    """What the SVG logo at `path` holds besides flat colours: 'a gradient', 'transparency'."""
    found: dict[str, None] = {}  # (in the order met)
    for node in _nodes(_svg_drawing(path, _stamp(path))):
        if "Gradient" in type(node).__name__:
            found["a gradient"] = None
        colours = [getattr(node, attribute, None) for attribute in ("fillColor", "strokeColor")]
        opacities = [getattr(node, attribute, None) for attribute in ("fillOpacity", "strokeOpacity")]
        if any(colour is not None and getattr(colour, "alpha", 1) < 1 for colour in colours) \
                or any(opacity is not None and opacity < 1 for opacity in opacities):
            found["transparency"] = None
    return list(found)


def _nodes(node):
    """The node and every node drawn inside it."""
    yield node
    for child in getattr(node, "contents", None) or ():
        yield from _nodes(child)


def _in_cmyk(drawing, cmyk):
    """A copy of the drawing with every flat fill and stroke in CMYK (through `cmyk`)."""
    import copy

    from reportlab.lib.colors import CMYKColor

    from .colours import Colour

    converted = copy.deepcopy(drawing)
    # the renderer starts from black, set in RGB unless the drawing says otherwise (the attributes its
    # state tracker reads, which the Drawing class does not declare)
    black = CMYKColor(0, 0, 0, 1)
    converted.__dict__.update(initialFillColor=black, initialStrokeColor=black)

    for node in _nodes(converted):
        for attribute in ("fillColor", "strokeColor"):
            colour = getattr(node, attribute, None)
            if colour is not None and not isinstance(colour, CMYKColor):
                printed = cmyk(Colour("rgb", (colour.red, colour.green, colour.blue)))
                setattr(node, attribute, CMYKColor(*printed.values))
    return converted


def _svg_form(canvas, name: str, drawing) -> None:
    from reportlab.graphics import renderPDF

    # reportlab's renderer starts every drawing by selecting a font (Helvetica unless told): the
    # canvas's own font is one of the layout's, embedded, so the PDF names no other
    drawing.initialFontName = canvas._fontname
    canvas.beginForm(name, 0, 0, drawing.width, drawing.height)
    renderPDF.draw(drawing, canvas, 0, 0)
    shadings, colour_spaces = dict(canvas._shadingUsed), dict(canvas._colorsUsed)  # (endForm forgets them)
    canvas.endForm()
    _complete_resources(canvas._doc, name, shadings, colour_spaces)


def _complete_resources(document, name: str, shadings: dict, colour_spaces: dict) -> None:
    """Give a form the resources its drawing uses. reportlab's forms list fonts and other forms only,
    so an SVG's gradient (a shading) or transparency (a graphics state) was drawn with names the
    form did not define: a viewer printed the gradient black and the transparent shape opaque. The
    form gets them as reportlab's pages get them."""
    from reportlab.pdfbase import pdfdoc

    form = document.idToObject[pdfdoc.xObjectName(name)]
    resources = pdfdoc.PDFResourceDictionary()
    resources.basicFonts()
    resources.basicProcs()
    if form.XObjects:
        resources.XObject = form.XObjects
    if getattr(form, "ExtGState", None):
        resources.ExtGState = form.ExtGState
    resources.setShading(shadings)
    resources.setColorSpace(colour_spaces)
    form.Resources = resources


def _pdf_form(canvas, name: str, page) -> None:
    """The page as a Form XObject in reportlab's document, its box moved to the origin."""
    from reportlab.pdfbase import pdfdoc

    box = page.cropbox
    document = canvas._doc  # reportlab has no public call for a form made of existing PDF objects
    copied: dict[int, object] = {}
    resources = page.get("/Resources")
    dictionary = pdfdoc.PDFDictionary({
        "Type": pdfdoc.PDFName("XObject"), "Subtype": pdfdoc.PDFName("Form"), "FormType": 1,
        "BBox": pdfdoc.PDFArray([float(box.left), float(box.bottom), float(box.right), float(box.top)]),
        "Matrix": pdfdoc.PDFArray([1, 0, 0, 1, -float(box.left), -float(box.bottom)]),
        "Resources": _copy(resources.get_object(), document, copied) if resources is not None
        else pdfdoc.PDFDictionary()})
    form = pdfdoc.PDFStream(dictionary, page.get_contents().get_data())
    document.Reference(form, document.getXObjectName(name))
    document.addForm(name, form)


def _copy(value, document, copied: dict):
    """A pypdf object -> the same object in reportlab's document (indirect ones copied once)."""
    from pypdf import generic
    from reportlab.pdfbase import pdfdoc

    if isinstance(value, generic.IndirectObject):
        key = value.idnum
        if key not in copied:
            copied[key] = None  # a cycle refers back to an object being copied: PDF allows it, we do not
            copied[key] = document.Reference(_copy(value.get_object(), document, copied))
        if copied[key] is None:
            raise ValueError("the PDF logo refers to itself")
        return copied[key]
    if isinstance(value, generic.StreamObject):
        entries = {k: v for k, v in value.items() if k != "/Length"}
        raw = value._data if isinstance(value, generic.EncodedStreamObject) else value.get_data()
        return pdfdoc.PDFStream(_dictionary(entries, document, copied), raw)
    if isinstance(value, generic.DictionaryObject):
        return _dictionary(value, document, copied)
    if isinstance(value, generic.ArrayObject):
        return pdfdoc.PDFArray([_copy(item, document, copied) for item in value])
    if isinstance(value, generic.NameObject):
        return pdfdoc.PDFName(str(value)[1:])
    if isinstance(value, generic.BooleanObject):
        return pdfdoc.PDFtrue if value else pdfdoc.PDFfalse
    if isinstance(value, generic.NullObject):
        return pdfdoc.PDFnull
    if isinstance(value, (generic.TextStringObject, generic.ByteStringObject)):
        raw = value.original_bytes if isinstance(value, generic.TextStringObject) else bytes(value)
        return pdfdoc.PDFString(raw, enc="raw")
    if isinstance(value, generic.FloatObject):
        return float(value)
    if isinstance(value, generic.NumberObject):
        return int(value)
    raise ValueError(f"a PDF object deck cannot copy ({type(value).__name__})")


def _dictionary(entries, document, copied: dict):
    from reportlab.pdfbase import pdfdoc

    return pdfdoc.PDFDictionary({str(key)[1:]: _copy(item, document, copied) for key, item in entries.items()})
