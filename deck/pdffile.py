"""A drawn reportlab canvas -> its PDF file, written to a stream object by object.

reportlab keeps every object of a document until canvas.save(), which formats them all into one list,
joins the list into the whole file and copies that to the stream: at the end of a deck of thousands
of cards the file stands in memory three or four times over, beside the objects it was made from.
Here a form XObject (a card's face) is formatted as soon as it is drawn and kept on disk (spool), a
page as soon as it is shown (spool_page), and write() formats the other objects in the same order
with the same numbers, each going to the stream as soon as it is formatted and then let go; so the
stream receives byte for byte what canvas.save() writes, with the /ID that pdfx.Identifying gives it
on the way, and neither the deck nor the file is ever whole in memory. The stream must be seekable
(a file, or io.BytesIO).
"""
from __future__ import annotations

import tempfile
import weakref
from collections import OrderedDict

from deflate import zlib_compress
from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import (PDFArray, PDFArrayCompact, PDFBase85Encode, PDFCrossReferenceTable,
                                      PDFDictionary, PDFFormXObject, PDFIndirectObject, PDFName, PDFObject,
                                      PDFObjectReference, PDFPage, PDFResourceDictionary, PDFStream, PDFTrailer,
                                      PDFZCompress, pdfdocEnc, xObjectName)

from .pdfx import Identifying

_SPOOLS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # a document -> its spool file
_PAGE_TREES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # a document -> its page tree's reference


DEFLATE_LEVEL = 6  # zlib's default, which reportlab uses


def binary_streams() -> None:
    """Write streams (faces, pages, images, fonts) deflated only, as binary: what PDF tools expect,
    and a fifth smaller than reportlab's default, which wraps them in ASCII base85 too; and deflated
    by libdeflate (see deflated). reportlab reads both as it makes each stream: call it before drawing."""
    rl_config.useA85 = 0
    PDFZCompress.encode = deflated  # the one Flate filter reportlab's streams share (fonts' too)


def deflated(content: bytes | str) -> bytes:
    """A stream's content as /FlateDecode data: zlib's format at level 6, as reportlab writes it
    with zlib, but by libdeflate, which is 2-2.5 times as fast and a little smaller (0.5 % at 1000
    cards). Deflating was a tenth of drawing a large deck. Text is encoded as reportlab's filter
    encodes it (UTF-8)."""
    return bytes(zlib_compress(content.encode("utf8") if isinstance(content, str) else content, DEFLATE_LEVEL))


def spool(canvas, name: str) -> None:
    """Format the form XObject `name`, just drawn, and keep it on disk until the file is written. A
    form's object refers to nothing that is numbered later, so it formats now as it would at the end;
    one that uses a form not drawn yet stays in memory, formatted with the file."""
    doc = canvas._doc
    internal = xObjectName(name)
    try:
        formatted = formatted_object(doc.idToObject[internal], doc)
    except KeyError:  # a forward reference
        return
    doc.idToObject[internal] = _spooled(doc, formatted)


def spool_formatted(canvas, name: str, width: float, height: float, formatted: bytes) -> None:
    """A form XObject `name` formatted elsewhere (by a helper process drawing into a copy of this
    document: forms.py) numbered here as drawing it here would, and kept on disk as spool() keeps it."""
    from reportlab.pdfbase.pdfdoc import PDFFormXObject

    doc = canvas._doc
    doc.addForm(name, PDFFormXObject(0, 0, width, height))
    doc.idToObject[xObjectName(name)] = _spooled(doc, formatted)


# A page's parent (the page tree) and its content stream are numbered when the page is formatted in
# the file; a page formatted ahead holds these marks in their place.
_PARENT, _CONTENTS = b"\x00parent\x00", b"\x00contents\x00"


def spool_page(canvas) -> None:
    """Format the page just shown (canvas.showPage()) and its content stream, and keep both on disk
    until the file is written, when the marks get the numbers canvas.save() would give them."""
    doc = canvas._doc
    page = doc.Pages.pages[-1]
    if not isinstance(page, PDFPage) or page.Override_default_compilation or page.Parent or page.Contents \
            or page.Annots or not page.stream:
        return  # not the usual page: formatted with the file
    contents = PDFStream()  # as PDFPage.check_format makes it
    if page.compression:
        contents.filters = rl_config.useA85 and [PDFBase85Encode, PDFZCompress] or [PDFZCompress]
    contents.content = page.stream
    contents.__Comment__ = "page stream"
    page.Parent, page.Contents = _PARENT, _CONTENTS  # bytes: formatted as they are, never numbered
    formatted = formatted_object(page, doc)
    name = page.__InternalName__
    doc.idToObject[name] = _SpooledPage(_spooled(doc, formatted), _spooled(doc, formatted_object(contents, doc)))
    doc.Pages.pages[-1] = PDFObjectReference(name)


def _spooled(doc, formatted: bytes) -> "_Spooled":
    file = _SPOOLS.get(doc)
    if file is None:
        file = _SPOOLS[doc] = tempfile.TemporaryFile(prefix="deck-")
    file.seek(0, 2)
    spooled = _Spooled(file, file.tell(), len(formatted))
    file.write(formatted)
    return spooled


class _Spooled(PDFObject):
    """An object formatted ahead, on disk: format() reads it back."""

    def __init__(self, file, offset: int, length: int):
        self.file, self.offset, self.length = file, offset, length

    def format(self, document) -> bytes:
        self.file.seek(self.offset)
        return self.file.read(self.length)


class _SpooledPage(PDFObject):
    """A page formatted ahead, and its content stream: format() numbers the page tree (the first
    page does) and the content stream, in the order PDFPage.format does, and fills in the marks."""

    def __init__(self, page: _Spooled, contents: _Spooled):
        self.page, self.contents = page, contents

    def format(self, document) -> bytes:
        parent = _PAGE_TREES.get(document)  # the same reference on every page: formatted once
        if parent is None:
            parent = _PAGE_TREES[document] = document.Reference(document.Pages).format(document)
        contents = document.Reference(self.contents).format(document)
        return self.page.format(document).replace(_PARENT, parent, 1).replace(_CONTENTS, contents, 1)


def write(canvas, stream) -> None:
    """Finish `canvas` (a page still open is shown, as canvas.save() does) and write its document."""
    if len(canvas._code):
        canvas.showPage()
    doc = canvas._doc
    # what PDFDocument.GetPDFData prepares before it formats
    for font in doc.delayedFonts:
        font.addObjects(doc)
    doc.info.invariant = doc.invariant
    doc.info.digest(doc.signature)
    doc.Reference(doc.Catalog)
    doc.Reference(doc.info)
    doc.Outlines.prepare(doc, canvas)
    if doc.Outlines.ready < 0:
        doc.Catalog.Outlines = None
    out = Identifying(stream)
    _format(doc, _File(out.write, doc._pdfVersion))
    out.close()
    spooled = _SPOOLS.pop(doc, None)
    if spooled is not None:
        spooled.close()


class _File:
    """reportlab's PDFFile, handing the pieces on instead of keeping them: add() returns a piece's
    offset. The pieces go on in runs of about a megabyte (flush() hands on the last): a deck has
    thousands of objects, and each write and checksum update has a cost of its own."""

    RUN = 1 << 20

    def __init__(self, write, version):
        self.write, self.offset = write, 0
        self.pending, self.size = [], 0
        self.add(pdfdocEnc("%%PDF-%s.%s" % version)
                 + b"\n%\223\214\213\236 ReportLab Generated PDF document (opensource)\n")

    def add(self, piece) -> int:
        piece = pdfdocEnc(piece)
        offset = self.offset
        self.offset += len(piece)
        self.pending.append(piece)
        self.size += len(piece)
        if self.size >= self.RUN:
            self.flush()
        return offset

    def flush(self) -> None:
        if self.pending:
            self.write(b"".join(self.pending))
            self.pending, self.size = [], 0


def _format(doc, file: _File) -> None:
    """PDFDocument.format (reportlab 4), writing to `file`: the objects in number order (formatting
    one may number new ones), the cross-reference table, the trailer."""
    doc.encrypt.prepare(doc)
    doc.Reference(doc.Catalog)
    doc.Reference(doc.info)
    encrypt_info = doc.encrypt.info()
    encrypt = doc.Reference(encrypt_info) if encrypt_info else None
    pages = {id(page): index for index, page in enumerate(doc.Pages.pages)}
    ids, counter = [], 1
    while counter in doc.numberToId:
        name = doc.numberToId[counter]
        obj = doc.idToObject[name]
        formatted = indirect(name, obj, doc)
        if not rl_config.invariant and rl_config.pdfComments:
            file.add("%% %s: class %s \n" % (ascii(name), obj.__class__.__name__[:50]))
        doc.idToOffset[name] = file.add(formatted)
        ids.append(name)
        counter += 1
        # written: pages, streams and spooled forms are let go (the page tree needs a page's number only)
        if isinstance(obj, (PDFPage, PDFStream, _Spooled, _SpooledPage)):
            doc.idToObject[name] = None
            if id(obj) in pages:
                doc.Pages.pages[pages.pop(id(obj))] = PDFObjectReference(name)
        del obj, formatted
    if counter - 1 != len(doc.numberToId):
        raise ValueError(f"counter {counter} does not match the {len(doc.numberToId)} numbered objects")
    start = file.add(_xref(doc, ids))
    trailer = PDFTrailer(startxref=start, Size=len(doc.numberToId) + 1, Root=doc.Reference(doc.Catalog),
                         Info=doc.Reference(doc.info), Encrypt=encrypt, ID=doc.ID())
    file.add(trailer.format(doc))
    file.flush()


def _xref(doc, ids: list[str]) -> bytes:
    """The cross-reference table of objects 1 to len(ids), `ids` in number order, byte for byte as
    PDFCrossReferenceTable with one section from 0 formats it (a line an object), in one join."""
    numbers, offsets = doc.idToObjectNumberAndVersion, doc.idToOffset
    if any(numbers[name][0] != number for number, name in enumerate(ids, 1)):
        xref = PDFCrossReferenceTable()
        xref.addsection(0, ids)
        return xref.format(doc)
    return b"".join([b"xref\n0 %d\n0000000000 65535 f \n" % (len(ids) + 1),
                     *(b"%0.10d %0.5d n \n" % (offsets[name], numbers[name][1]) for name in ids)])


def indirect(name: str, obj, doc) -> bytes:
    """PDFIndirectObject(name, obj).format(doc): "n 0 obj", the object, "endobj"; for an object
    formatted ahead (spooled), without going through reportlab's formatting again."""
    if type(obj) not in (_Spooled, _SpooledPage) or type(doc.encrypt) is not pdfdoc.NoEncryption:
        return PDFIndirectObject(name, obj).format(doc)
    content = obj.format(doc)
    return b"%d %d obj\n" % doc.idToObjectNumberAndVersion[name] + content \
        + (b"endobj\n" if content.endswith(b"\n") else b"\nendobj\n")


# -- formatting, faster ----------------------------------------------------------------------------
# reportlab formats an object element by element through pdfdoc.format, escaping every name letter by
# letter and encoding every piece through its own codec: for a deck's thousands of pages and forms,
# a tenth of drawing. formatted_object() writes the usual page, form and stream the way their
# format() methods do, byte for byte (tests/test_pdffile.py compares the two on whole decks), and
# hands anything else, and any setting that changes how reportlab formats, back to reportlab.


def formatted_object(obj, doc) -> bytes:
    """obj.format(doc), faster for a PDFPage, a PDFFormXObject or a PDFStream."""
    if rl_config.pdfMultiLine or (rl_config.pdfComments and not rl_config.invariant) \
            or type(doc.encrypt) is not pdfdoc.NoEncryption:
        return obj.format(doc)
    kind = type(obj)
    if kind is PDFPage:
        return _page(obj, doc)
    if kind is PDFFormXObject:
        return _form(obj, doc)
    if kind is PDFStream:
        return _stream(obj, doc)
    return obj.format(doc)


def _page(page: PDFPage, doc) -> bytes:
    """PDFPage.format (PDFCatalog.format after check_format)."""
    page.check_format(doc)
    entries = {}
    for key, default in page.__Defaults__.items():
        value = getattr(page, key, default)
        if value is not None:
            entries[key] = value
    for key in page.__NoDefault__:
        value = getattr(page, key, None)
        if value is not None:
            entries[key] = value
    for key in page.__Refs__:
        if key in entries:
            entries[key] = doc.Reference(entries[key])
    return _dictionary(entries, doc)


def _form(form: PDFFormXObject, doc) -> bytes:
    """PDFFormXObject.format: its attributes made as that method makes them, its stream formatted here."""
    if form.Annots or not form.stream or form.Contents or form.Resources:
        return form.format(doc)  # (an error, a test stream, or made elsewhere: as reportlab does it)
    form.BBox = form.BBox or PDFArray([form.lowerx, form.lowery, form.upperx, form.uppery])
    form.Matrix = form.Matrix or PDFArray([1, 0, 0, 1, 0, 0])
    form.Annots = None
    contents = form.Contents = PDFStream()
    contents.content = form.stream
    contents.__Comment__ = "xobject form stream"
    resources = form.Resources = PDFResourceDictionary()
    resources.basicFonts()
    if form.hasImages:
        resources.allProcs()
    else:
        resources.basicProcs()
    if form.XObjects:
        resources.XObject = form.XObjects
    if form.compression:
        contents.filters = rl_config.useA85 and [PDFBase85Encode, PDFZCompress] or [PDFZCompress]
    entries = contents.dictionary
    entries["Type"] = PDFName("XObject")
    entries["Subtype"] = PDFName("Form")
    entries["FormType"] = 1
    entries["BBox"] = form.BBox
    entries["Matrix"] = form.Matrix
    entries["Resources"] = resources
    return _stream(contents, doc)


def _stream(stream: PDFStream, doc) -> bytes:
    """PDFStream.format: the filters applied, the dictionary formatted, the content after it."""
    if type(stream.dictionary) is not PDFDictionary or stream.dictionary.multiline is not True \
            or isinstance(stream.dictionary.dict, OrderedDict):
        return stream.format(doc)
    entries = dict(stream.dictionary.dict)
    content = stream.content
    if content is None:
        raise ValueError("stream content not set")
    filters = stream.filters if stream.filters is not None else doc.defaultStreamFilters
    if filters is not None and "Filter" not in entries:
        names = []
        for each in reversed(list(filters)):
            content = each.encode(content)
            names.insert(0, PDFName(each.pdfname))
        entries["Filter"] = PDFArray(names)
    content = doc.encrypt.encode(content)
    formatted = _element(content, doc)
    entries["Length"] = len(content)
    return _dictionary(entries, doc) + b"\nstream\n" + formatted + b"endstream\n"


def _dictionary(entries: dict, doc) -> bytes:
    """PDFDictionary(entries).format, neither multiline nor an OrderedDict."""
    items = [_name(key) + b" " + _element(entries[key], doc) for key in sorted(entries)]
    for index in reversed(range(6, len(items), 6)):  # a line break before every sixth entry
        items.insert(index, b"\n ")
    return b"<<\n" + b" ".join(items) + b"\n>>"


def _array(sequence: list, doc) -> bytes:
    """PDFArray(sequence).format, not multiline."""
    if 0 < len(sequence) <= 10 and {type(each) for each in sequence} <= _NUMBERS:
        return b"[ " + fp_str(*sequence).encode("ascii") + b" ]"  # (a box, a matrix: fp_str spaces them)
    items = [_element(each, doc) for each in sequence]
    if len(items) > 10:
        for index in reversed(range(10, len(items), 10)):  # a line break before every tenth element
            items.insert(index, b"\n ")
    return b"[ " + b" ".join(items) + b" ]"


_NUMBERS = frozenset((float, int))  # (not bool: reportlab writes true and false)


def _element(element, doc) -> bytes:
    """pdfdoc.format(element, doc) of an element inside an object."""
    kind = type(element)
    if kind is bytes:
        return element
    if kind is float or kind is int:
        return fp_str(element).encode("ascii")
    if kind is str:
        return element.encode("ascii") if element.isascii() and element.isprintable() else pdfdocEnc(element)
    if kind is PDFObjectReference:
        found = doc.idToObjectNumberAndVersion.get(element.name)
        return b"%d %d R" % found if found is not None else element.format(doc)  # (that raises)
    if kind is PDFDictionary and element.multiline is True and not isinstance(element.dict, OrderedDict):
        return _dictionary(element.dict, doc)
    if (kind is PDFArray or kind is PDFArrayCompact) and element.multiline in (True, False):
        return _array(element.sequence, doc)
    if kind is PDFResourceDictionary:
        return _resources(element, doc)
    return pdfdoc.format(element, doc)


def _resources(resources: PDFResourceDictionary, doc) -> bytes:
    """PDFResourceDictionary.format."""
    entries = {}
    for key in resources.dict_attributes:
        value = getattr(resources, key)
        if isinstance(value, dict):
            if value:
                entries[key] = PDFDictionary(value)
        else:
            entries[key] = value
    procedures = resources.ProcSet
    if isinstance(procedures, (tuple, list)):
        if procedures:
            entries["ProcSet"] = PDFArray(procedures)
    else:
        entries["ProcSet"] = procedures
    return _dictionary(entries, doc)


def end_form(canvas) -> None:
    """canvas.endForm(): the form begun with canvas.beginForm() made of the operators drawn since,
    its operators encoded as PDFFormXObject.setStreamList encodes them (through reportlab's codec,
    a tenth of a millisecond a face), straight to bytes where that gives the same bytes."""
    name, lowerx, lowery, upperx, uppery = canvas._formData
    width, height = canvas._pagesize
    form = PDFFormXObject(lowerx=lowerx, lowery=lowery, upperx=width if upperx is None else upperx,
                          uppery=height if uppery is None else uppery)
    form.compression = canvas._pageCompression
    operators = "\n".join([canvas._preamble] + canvas._code)
    form.stream = operators.encode("ascii") if operators.isascii() and not any(map(operators.__contains__, _UNMAPPED)) \
        else pdfdocEnc(operators)
    canvas._setColorSpace(form)
    canvas._setExtGState(form)
    canvas._setXObjects(form)
    canvas._setAnnotations(form)
    canvas._doc.addForm(name, form)
    canvas._restartAccumulators()


# ASCII that reportlab's codec does not map: it raises, as it would. Looked for one by one (a substring
# search each: 1 µs a face), not with a character class (25 µs a face, 50 ms at 1000 cards)
_UNMAPPED = tuple(map(chr, range(0x18, 0x20)))


def _name(key: str) -> bytes:
    found = _NAMES.get(key)
    if found is None:
        found = _NAMES[key] = pdfdocEnc(PDFName(key))
    return found


_NAMES: dict[str, bytes] = {}  # a dictionary key -> its name as formatted (keys repeat on every object)
