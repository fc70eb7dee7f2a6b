"""A layout's `print:` section -> PDF/X on a reportlab canvas; a PDF as it is written -> its /ID.

In:  the print settings (PDF/X-1a:2003, PDF/X-4 or none; the printing condition; an ICC output
     profile), a canvas whose metadata is set, and at the end the bytes reportlab wrote (identify:
     the whole file; Identifying: piece by piece, as pdffile writes it).
Out: the header version PDF/X allows, the keys it requires (GTS_PDFXVersion and Trapped in Info,
     an OutputIntent /GTS_PDFX, for X-4 XMP metadata with pdfxid and the embedded profile), and for
     every file a trailer /ID derived from its content, so different files differ and a rebuild
     gives the same bytes.

What PDF/X forbids is left to the writer to leave out (sheets.py: viewer hints, links); what it
asks of the content (CMYK only, no transparency) is separation.py's work.
"""

import functools
import hashlib
import re
from pathlib import Path
from typing import NamedTuple

PDFX = ("none", "x-1a", "x-4")
VERSIONS = {"none": (1, 7), "x-1a": (1, 4), "x-4": (1, 6)}  # 1.7 for /Duplex; X-1a allows 1.4, X-4 1.6
NAMES = {"x-1a": "PDF/X-1a:2003", "x-4": "PDF/X-4"}
REGISTRY = "http://www.color.org"
# Characterised printing conditions registered with the ICC: PDF/X-1a names one without embedding it.
OUTPUT_CONDITIONS = {
    "FOGRA39": "Offset printing, ISO 12647-2:2004/Amd 1, coated paper (paper types 1 and 2)",
    "FOGRA51": "Offset printing, ISO 12647-2:2013, premium coated paper (PC1)",
    "FOGRA52": "Offset printing, ISO 12647-2:2013, wood-free uncoated paper (PC5)",
    "CGATS TR 001": "Offset web printing, SWOP, coated paper (ANSI CGATS.6)",
}
# deck writes with reportlab's invariant mode: every file carries one date, 2000-01-01 00:00 UTC, or the
# one SOURCE_DATE_EPOCH gives (reproducible-builds.org), so builds repeat; Info and XMP say the same date.
PLACEHOLDER_UUID = "uuid:00000000-0000-0000-0000-000000000000"
LAST_SOURCE_DATE = 253402300799  # 9999-12-31 23:59:59 UTC: the last date a PDF date can say


def check_source_date() -> None:
    """A DeckError unless SOURCE_DATE_EPOCH is unset or a whole number of seconds since 1970 that a
    PDF date can say (reportlab would stop with a traceback on 'abc' or '1e9')."""
    import os

    from .errors import DeckError

    given = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if given and not (given.isascii() and given.isdigit() and int(given) <= LAST_SOURCE_DATE):
        raise DeckError(f"SOURCE_DATE_EPOCH is {given[:40]!r}; set it to the date your files should carry, as a "
                        "whole number of seconds since 1970 (date +%s), or unset it for 2000-01-01")


class Print(NamedTuple):
    """A layout's `print:` section: PDF/X or not, for which printing condition, CMYK or not."""

    pdfx: str = "none"
    output_condition: str = "FOGRA39"
    output_profile: Path | None = None
    cmyk: bool = False

    @property
    def separated(self) -> bool:
        """True when colours and logo are converted to CMYK (PDF/X always is)."""
        return self.cmyk or self.pdfx != "none"


def print_settings(values: dict, layout: Path) -> Print:
    """The checked `print:` values of a layout chain -> Print; X-4 without a profile is an error."""
    from .errors import DeckError

    condition = {name.lower(): name for name in OUTPUT_CONDITIONS}[values["output_condition"]]
    settings = Print(values["pdfx"], condition, values.get("output_profile"), values["cmyk"])
    if settings.pdfx == "x-4" and settings.output_profile is None:
        raise DeckError("'print.pdfx: x-4' embeds the print shop's ICC output profile: name it with "
                        "'print.output_profile: their-profile.icc', or write 'pdfx: x-1a'", layout)
    return settings


def needs_own_profile(settings: Print) -> str | None:
    """Why colours cannot be separated with deck's own profile for `settings` (it is made for
    FOGRA39: a file would name one paper and be made for another), or None."""
    if settings.output_profile is not None or settings.output_condition == DECK_PROFILE_CONDITION:
        return None
    condition = settings.output_condition
    return (f"'print.output_condition: {condition}' needs the colours separated for it: name the print shop's "
            f"ICC profile for {condition} in 'print.output_profile', write the colours as cmyk(...) yourself, or "
            f"leave output_condition at {DECK_PROFILE_CONDITION}, the coated paper deck's own profile is made for")


DECK_PROFILE_CONDITION = "FOGRA39"  # what deck's own profile (profiles/) separates for


def profile_condition_mismatch(profile: Path, condition: str) -> str | None:
    """A warning when a profile's description names another FOGRA condition than the layout's
    output_condition (a FOGRA39 profile under the name FOGRA52), else None."""
    import re

    try:
        from PIL import ImageCms

        description = ImageCms.getProfileDescription(ImageCms.getOpenProfile(str(profile))) or ""
    except (OSError, ImageCms.PyCMSError):
        return None
    named = re.search(r"fogra\s*(\d+)", description, re.IGNORECASE)
    if named and condition.startswith("FOGRA") and f"FOGRA{named.group(1)}" != condition:
        return (f"the output profile {profile.name} is made for FOGRA{named.group(1)} ({description.strip()}), but "
                f"print.output_condition says {condition}: ask the print shop which is right, and set both alike")
    return None


def output_profile_problem(path: Path) -> str | None:
    """Why `path` cannot be a PDF/X output profile (a CMYK printer profile, ICC version 2 or 4),
    or None when it can."""
    try:
        header = path.read_bytes()[:128]
    except OSError as error:
        return f"cannot read {path.name} ({error.strerror}); check the file name"
    if len(header) < 128 or header[36:40] != b"acsp":
        return f"{path.name} is not an ICC profile; ask the print shop for their .icc output profile"
    if header[12:16] != b"prtr" or header[16:20] != b"CMYK":
        return (f"{path.name} is an ICC profile for {header[12:16].decode('latin-1').strip()} "
                f"{header[16:20].decode('latin-1').strip()}, not a CMYK printer (output) profile; "
                "ask the print shop for the profile of their press")
    if header[8] not in (2, 4):
        return f"{path.name} is an ICC version {header[8]} profile; PDF/X takes versions 2 and 4"
    return None


def pdf_version(settings: Print) -> tuple[int, int]:
    return VERSIONS[settings.pdfx]


def conform(canvas, settings: Print) -> None:
    """Add what PDF/X requires to the document of `canvas`, whose metadata is already set."""
    if settings.pdfx == "none":
        return
    doc = canvas._doc  # reportlab's document: the catalog and Info have no public setters
    doc.info = _info_class()(doc.info, NAMES[settings.pdfx])
    doc.Catalog.__NoDefault__ = [*doc.Catalog.__NoDefault__, "OutputIntents"]  # this catalog only
    doc.Catalog.OutputIntents = _output_intents(doc, settings)
    if settings.pdfx == "x-4":
        doc.Catalog.Metadata = _xmp(doc.info, NAMES[settings.pdfx], _iso_date(doc._timeStamp))


def _output_intents(doc, settings: Print):
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString, PDFZCompress

    condition = settings.output_condition
    intent = PDFDictionary({
        "Type": PDFName("OutputIntent"), "S": PDFName("GTS_PDFX"),
        "OutputConditionIdentifier": PDFString(condition), "RegistryName": PDFString(REGISTRY),
        "OutputCondition": PDFString(OUTPUT_CONDITIONS[condition]), "Info": PDFString(condition),
    })
    if settings.output_profile is not None:
        profile = PDFStream(PDFDictionary({"N": 4}), settings.output_profile.read_bytes(), [PDFZCompress])
        intent["DestOutputProfile"] = doc.Reference(profile, "OutputProfile")
        intent["Info"] = PDFString(_profile_description(settings.output_profile) or condition)
    return PDFArray([doc.Reference(intent, "OutputIntent")])


def _profile_description(path: Path) -> str:
    """The profile's own name (its 'desc' tag), for the output intent's Info."""
    from PIL import ImageCms

    try:
        return ImageCms.getProfileDescription(ImageCms.getOpenProfile(str(path))).strip()
    except (OSError, ImageCms.PyCMSError):
        return ""


@functools.cache
def _info_class():
    """reportlab's Info dictionary with GTS_PDFXVersion, which it has no setter for (made on first
    use: reportlab is imported only when a PDF is written)."""
    from reportlab.pdfbase.pdfdoc import PDFDate, PDFDictionary, PDFInfo, PDFName, PDFString

    class Info(PDFInfo):
        def __init__(self, info: PDFInfo, version: str):
            super().__init__()
            self.__dict__.update(info.__dict__)
            self.version = version

        def format(self, document):
            stamp = PDFDate(ts=document._timeStamp)
            return PDFDictionary({
                "Title": PDFString(self.title), "Author": PDFString(self.author),
                "Subject": PDFString(self.subject), "Keywords": PDFString(self.keywords),
                "Creator": PDFString(self.creator), "Producer": PDFString(self.producer),
                "CreationDate": stamp, "ModDate": stamp,
                "Trapped": PDFName("False"), "GTS_PDFXVersion": PDFString(self.version),
            }).format(document)

    return Info


def _iso_date(stamp) -> str:
    """reportlab's document date (UTC in invariant mode) as XMP writes dates."""
    return "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}+00:00".format(*stamp.YMDhms)


def _xmp(info, version: str, date: str):
    """XMP metadata matching the Info dictionary, uncompressed as the XMP specification prefers; its
    document and instance IDs are filled in by identify() once the file is written."""
    from xml.sax.saxutils import escape  # here: it imports urllib, which no other build needs

    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream

    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(info.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{escape(info.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(info.subject)}</rdf:li></rdf:Alt></dc:description>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmp:CreatorTool>{escape(info.creator)}</xmp:CreatorTool>
   <pdf:Producer>{escape(info.producer)}</pdf:Producer>
   <pdf:Keywords>{escape(info.keywords)}</pdf:Keywords>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>{PLACEHOLDER_UUID}</xmpMM:DocumentID>
   <xmpMM:InstanceID>{PLACEHOLDER_UUID}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdfxid:GTS_PDFXVersion>{version}</pdfxid:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
    return PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
                     packet.encode("utf-8"))


_TRAILER_ID = re.compile(rb"/ID\s*\[<([0-9a-f]{32})><([0-9a-f]{32})>\]")
_XMP_IDS = tuple(b"<%s>%s<" % (key, PLACEHOLDER_UUID.encode()) for key in (b"xmpMM:DocumentID", b"xmpMM:InstanceID"))


def identify(pdf: bytes) -> bytes:
    """`pdf` with its trailer /ID (and any XMP document and instance ID) replaced by a digest of the
    file itself (SHA-256, its first 16 bytes: the length of the MD5 PDF readers are used to, at
    less than half MD5's cost on a processor that computes SHA-256 itself). reportlab derives the
    /ID from the metadata alone, so two different decks with the same title shared one; the
    replacement has the same length, so no offset moves."""
    import io

    stream = io.BytesIO()
    out = Identifying(stream)
    out.write(pdf)
    out.close()
    return stream.getvalue()


class Identifying:
    """A PDF written to a seekable `stream` piece by piece, identified as identify() does the whole
    file: the digest is taken as the pieces pass, and close() writes it over the trailer's /ID (in the
    last piece written) and the XMP IDs (where they passed)."""

    def __init__(self, stream):
        self.stream, self.start = stream, stream.tell()
        self.digest = hashlib.sha256()
        self.written, self.last = 0, (0, b"")
        self.placeholders: dict[bytes, int] = {}  # an XMP ID's pattern -> where its uuid starts

    def write(self, piece: bytes) -> None:
        self.digest.update(piece)
        if len(self.placeholders) < len(_XMP_IDS) and PLACEHOLDER_UUID.encode() in piece:
            for pattern in _XMP_IDS:
                at = piece.find(pattern)
                if pattern not in self.placeholders and at >= 0:
                    self.placeholders[pattern] = self.written + at + pattern.index(b">") + 1
        self.stream.write(piece)
        self.last = (self.written, piece)
        self.written += len(piece)

    def close(self) -> None:
        digest = self.digest.hexdigest()[:32]
        offset, trailer = self.last
        matches = list(_TRAILER_ID.finditer(trailer))
        if not matches:
            raise ValueError("reportlab wrote no /ID in the trailer")
        uuid = f"uuid:{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:]}"
        patches = [(offset + matches[-1].start(1), digest.encode() + b"><" + digest.encode()),
                   *((at, uuid.encode()) for at in self.placeholders.values())]
        for at, patch in patches:
            self.stream.seek(self.start + at)
            self.stream.write(patch)
        self.stream.seek(self.start + self.written)
