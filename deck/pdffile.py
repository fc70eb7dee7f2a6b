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

from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import (PDFBase85Encode, PDFCrossReferenceTable, PDFIndirectObject, PDFObject,
                                      PDFObjectReference, PDFPage, PDFStream, PDFTrailer, PDFZCompress, pdfdocEnc,
                                      xObjectName)

from .pdfx import Identifying

_SPOOLS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # a document -> its spool file


def binary_streams() -> None:
    """Write streams (faces, pages, images, fonts) deflated only, as binary: what PDF tools expect,
    and a fifth smaller than reportlab's default, which wraps them in ASCII base85 too. reportlab
    reads the setting as it makes each stream: call it before drawing."""
    rl_config.useA85 = 0


def spool(canvas, name: str) -> None:
    """Format the form XObject `name`, just drawn, and keep it on disk until the file is written. A
    form's object refers to nothing that is numbered later, so it formats now as it would at the end;
    one that uses a form not drawn yet stays in memory, formatted with the file."""
    doc = canvas._doc
    internal = xObjectName(name)
    try:
        formatted = doc.idToObject[internal].format(doc)
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
    formatted = page.format(doc)
    name = page.__InternalName__
    doc.idToObject[name] = _SpooledPage(_spooled(doc, formatted), _spooled(doc, contents.format(doc)))
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
        parent = document.Reference(document.Pages).format(document)
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
    """reportlab's PDFFile, handing each piece on instead of keeping it: add() returns its offset."""

    def __init__(self, write, version):
        self.write, self.offset = write, 0
        self.add(pdfdocEnc("%%PDF-%s.%s" % version)
                 + b"\n%\223\214\213\236 ReportLab Generated PDF document (opensource)\n")

    def add(self, piece) -> int:
        piece = pdfdocEnc(piece)
        offset = self.offset
        self.offset += len(piece)
        self.write(piece)
        return offset


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
        formatted = PDFIndirectObject(name, obj).format(doc)
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
    xref = PDFCrossReferenceTable()
    xref.addsection(0, ids)
    start = file.add(xref.format(doc))
    trailer = PDFTrailer(startxref=start, Size=len(doc.numberToId) + 1, Root=doc.Reference(doc.Catalog),
                         Info=doc.Reference(doc.info), Encrypt=encrypt, ID=doc.ID())
    file.add(trailer.format(doc))
