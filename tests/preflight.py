"""A PDF/X preflight with pikepdf, for the tests: the machine-checkable rules of ISO 15930-4
(PDF/X-1a:2003) and ISO 15930-7 (PDF/X-4) that deck's files must meet.

preflight(path, level) returns a list of problems, empty when the file passes. It checks the
document level (header version, Info keys, trailer /ID, no encryption, one GTS_PDFX output intent
with a registered condition or an embedded CMYK printer profile, XMP with pdfxid for X-4), every
page (TrimBox inside BleedBox inside MediaBox, no annotation on the printed area) and every content
stream, Form XObject and image it reaches (no RGB operators or colour spaces, separations with a
CMYK alternate, no soft masks or partial transparency, every font embedded).
"""
from __future__ import annotations

import re
from pathlib import Path

import pikepdf

VERSIONS = {"x-1a": "1.4", "x-4": "1.6"}
NAMES = {"x-1a": "PDF/X-1a:2003", "x-4": "PDF/X-4"}
PROCESS = {"/DeviceCMYK", "/DeviceGray"}


def preflight(path: Path, level: str) -> list[str]:
    problems: list[str] = []
    with pikepdf.open(path) as pdf:
        _document(pdf, level, problems)
        for number, page in enumerate(pdf.pages, 1):
            _page(page, number, problems)
            _content(page.obj, page.obj.get("/Resources", pikepdf.Dictionary()), f"page {number}", problems, set())
    return problems


def _document(pdf: pikepdf.Pdf, level: str, problems: list[str]) -> None:
    if pdf.pdf_version > VERSIONS[level]:
        problems.append(f"header version {pdf.pdf_version} above {VERSIONS[level]}")
    if pdf.is_encrypted:
        problems.append("encrypted")
    identifier = pdf.trailer.get("/ID")
    if identifier is None or len(identifier) != 2:
        problems.append("no /ID in the trailer")
    info = pdf.trailer.get("/Info", pikepdf.Dictionary())
    for key in ("/Title", "/CreationDate", "/ModDate"):
        if key not in info:
            problems.append(f"Info has no {key}")
    if str(info.get("/GTS_PDFXVersion", "")) != NAMES[level] and level == "x-1a":
        problems.append(f"Info /GTS_PDFXVersion is {info.get('/GTS_PDFXVersion')!r}, not {NAMES[level]}")
    if info.get("/Trapped") not in (pikepdf.Name("/True"), pikepdf.Name("/False")):
        problems.append(f"Info /Trapped is {info.get('/Trapped')!r}, not /True or /False")
    _output_intent(pdf, level, problems)
    if level == "x-4":
        _xmp(pdf, problems)


def _output_intent(pdf: pikepdf.Pdf, level: str, problems: list[str]) -> None:
    intents = [intent for intent in pdf.Root.get("/OutputIntents", [])
               if intent.get("/S") == pikepdf.Name.GTS_PDFX]
    if len(intents) != 1:
        problems.append(f"{len(intents)} /GTS_PDFX output intents, not 1")
        return
    intent = intents[0]
    if not str(intent.get("/OutputConditionIdentifier", "")):
        problems.append("the output intent has no OutputConditionIdentifier")
    profile = intent.get("/DestOutputProfile")
    if profile is None:
        if level == "x-4":
            problems.append("PDF/X-4: the output intent embeds no profile")
        elif str(intent.get("/RegistryName", "")) != "http://www.color.org":
            problems.append("no profile embedded and no registry named for the condition")
        if "/Info" not in intent:
            problems.append("the output intent has no /Info")
    else:
        header = profile.read_bytes()[:128]
        if header[12:16] != b"prtr" or header[16:20] != b"CMYK" or profile.get("/N") != 4:
            problems.append("the embedded profile is not a CMYK output profile")


def _xmp(pdf: pikepdf.Pdf, problems: list[str]) -> None:
    if "/Metadata" not in pdf.Root:
        problems.append("PDF/X-4: no XMP metadata")
        return
    meta = pdf.open_metadata()
    expected = {"pdfxid:GTS_PDFXVersion": "PDF/X-4", "pdf:Trapped": "False",
                "dc:title": str(pdf.trailer.Info.Title)}
    for key, value in expected.items():
        if meta.get(key) != value:
            problems.append(f"XMP {key} is {meta.get(key)!r}, not {value!r}")
    for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmpMM:DocumentID", "xmpMM:VersionID", "xmpMM:RenditionClass"):
        if not meta.get(key):
            problems.append(f"XMP has no {key}")
    for key, info in (("xmp:CreateDate", "/CreationDate"), ("xmp:ModifyDate", "/ModDate")):
        date = re.fullmatch(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:Z|[+-]00'?00'?)?", str(pdf.trailer.Info[info]))
        if date is None or meta.get(key) != "{}-{}-{}T{}:{}:{}+00:00".format(*date.groups()):
            problems.append(f"XMP {key} {meta.get(key)!r} is not the Info {info} {str(pdf.trailer.Info[info])!r}")


def _page(page: pikepdf.Page, number: int, problems: list[str]) -> None:
    media = [float(v) for v in page.obj.MediaBox]
    if "/TrimBox" not in page.obj and "/ArtBox" not in page.obj:
        problems.append(f"page {number}: no TrimBox")
        return
    trim = [float(v) for v in page.obj.get("/TrimBox", page.obj.get("/ArtBox"))]
    bleed = [float(v) for v in page.obj.get("/BleedBox", page.obj.MediaBox)]
    if not (_inside(trim, bleed) and _inside(bleed, media)):
        problems.append(f"page {number}: the boxes do not nest (trim {trim}, bleed {bleed}, media {media})")
    for annotation in page.obj.get("/Annots", []):
        rect = [float(v) for v in annotation.Rect]
        if annotation.get("/Subtype") not in (pikepdf.Name.TrapNet, pikepdf.Name.PrinterMark) and \
                _overlaps(rect, bleed):
            problems.append(f"page {number}: a {annotation.get('/Subtype')} annotation on the printed area")


def _inside(inner: list[float], outer: list[float], tolerance: float = 1e-3) -> bool:
    return (inner[0] >= outer[0] - tolerance and inner[1] >= outer[1] - tolerance
            and inner[2] <= outer[2] + tolerance and inner[3] <= outer[3] + tolerance)


def _overlaps(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _content(holder, resources, where: str, problems: list[str], seen: set) -> None:
    """One content stream (a page's or a form's) with its resources, then the forms it draws."""
    _resources(resources, where, problems)
    for operands, operator in pikepdf.parse_content_stream(holder):
        name = str(operator)
        if name in ("rg", "RG"):
            problems.append(f"{where}: RGB colour operator {name}")
        elif name in ("cs", "CS"):
            _colour_space(_resolve(operands[0], resources), where, problems)
        elif name == "INLINE IMAGE":
            _image(operands[0].obj, where, problems)
    for name, xobject in resources.get("/XObject", {}).items():
        if xobject.objgen in seen:
            continue
        seen.add(xobject.objgen)
        if xobject.get("/Subtype") == pikepdf.Name.Form:
            if "/Group" in xobject and xobject.Group.get("/S") == pikepdf.Name.Transparency:
                problems.append(f"{where}: form {name} is a transparency group")
            _content(xobject, xobject.get("/Resources", resources), f"{where}, form {name}", problems, seen)
        else:
            _image(xobject, f"{where}, image {name}", problems)


def _resolve(operand, resources):
    """A colour space operand: a device name as it is, a resource name looked up."""
    if isinstance(operand, pikepdf.Name) and str(operand) not in PROCESS | {"/Pattern"}:
        return resources.get("/ColorSpace", {}).get(str(operand), operand)
    return operand


def _colour_space(space, where: str, problems: list[str]) -> None:
    if isinstance(space, pikepdf.Name):
        if str(space) not in PROCESS | {"/Pattern"}:
            problems.append(f"{where}: colour space {space}")
        return
    family = str(space[0])
    if family in ("/Separation", "/DeviceN"):
        alternate = space[2]
        if not (isinstance(alternate, pikepdf.Name) and str(alternate) in PROCESS):
            problems.append(f"{where}: {family} {space[1]} with alternate {alternate}")
    elif family == "/Indexed":
        _colour_space(space[1], where, problems)
    else:
        problems.append(f"{where}: colour space {family}")


def _resources(resources, where: str, problems: list[str]) -> None:
    for name, space in resources.get("/ColorSpace", {}).items():
        _colour_space(space, f"{where}, colour space {name}", problems)
    for name, state in resources.get("/ExtGState", {}).items():
        if state.get("/SMask", pikepdf.Name("/None")) != pikepdf.Name("/None"):
            problems.append(f"{where}: graphics state {name} has a soft mask")
        if float(state.get("/CA", 1)) != 1 or float(state.get("/ca", 1)) != 1:
            problems.append(f"{where}: graphics state {name} is partly transparent")
        if state.get("/BM", pikepdf.Name.Normal) not in (pikepdf.Name.Normal, pikepdf.Name.Compatible):
            problems.append(f"{where}: graphics state {name} has blend mode {state.BM}")
        if "/TR" in state or "/TR2" in state:
            problems.append(f"{where}: graphics state {name} has a transfer function")
    for name, font in resources.get("/Font", {}).items():
        _font(font, f"{where}, font {name}", problems)


def _font(font, where: str, problems: list[str]) -> None:
    if font.get("/Subtype") == pikepdf.Name.Type3:
        return
    descriptor = font.get("/FontDescriptor")
    if font.get("/Subtype") == pikepdf.Name.Type0:
        descriptor = font.DescendantFonts[0].get("/FontDescriptor")
    if descriptor is None or not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
        problems.append(f"{where}: {font.get('/BaseFont')} is not embedded")


def _image(image, where: str, problems: list[str]) -> None:
    if "/SMask" in image:
        problems.append(f"{where}: soft mask")
    if image.get("/ImageMask", False):
        return
    space = image.get("/ColorSpace", image.get("/CS"))
    if space is None:
        problems.append(f"{where}: no colour space")
    else:
        _colour_space(space, where, problems)
