"""The files a print shop gets, checked as its preflight would: PDF/X keys, colour, fonts, boxes,
identifiers, marks; through the command line and in the PDF (pikepdf, Ghostscript, qpdf)."""
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
import yaml
from click.testing import CliRunner

from deck import default_content
from deck.cli import main
from deck.separation import deck_profile
from deck.units import MM, PAPER
from helpers import deck, layout_file
from preflight import preflight


def run(*args) -> str:
    result = CliRunner().invoke(main, [str(arg) for arg in args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    """The print-shop layout's duplex sheets and its single faces."""
    folder = tmp_path_factory.mktemp("shop")
    run("build", "--layout", "print-shop-a3", "-o", folder / "sheets.pdf")
    run("build", "--layout", "print-shop-a3", "--mode", "single", "-o", folder / "single.pdf")
    return folder


@pytest.fixture(scope="module")
def with_urls(tmp_path_factory):
    """The bundled deck with two urls on card 1."""
    folder = tmp_path_factory.mktemp("urls") / "content"
    shutil.copytree(default_content(), folder)
    path = next((folder / "cards").glob("01*.yaml"))
    card = yaml.safe_load(path.read_text(encoding="utf-8"))
    card["sources"][0]["url"] = "https://example.org/visie"
    card["sources"][2]["url"] = "https://example.org/modellen"
    path.write_text(yaml.safe_dump(card, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", ["sheets.pdf", "single.pdf"])
def test_print_shop_files_pass_a_pdf_x_1a_preflight(shop, name):
    assert preflight(shop / name, "x-1a") == []
    with pikepdf.open(shop / name) as pdf:
        assert pdf.pdf_version == "1.4"
        assert str(pdf.trailer.Info.GTS_PDFXVersion) == "PDF/X-1a:2003"
        assert pdf.trailer.Info.Trapped == pikepdf.Name("/False")
        (intent,) = pdf.Root.OutputIntents
        assert (str(intent.OutputConditionIdentifier), str(intent.RegistryName)) == ("FOGRA39", "http://www.color.org")
        assert "/DestOutputProfile" not in intent
        assert "/Duplex" not in pdf.Root.get("/ViewerPreferences", {})


def test_the_preflight_can_fail_an_office_pdf(tmp_path):
    run("build", "-o", tmp_path / "office.pdf")
    problems = preflight(tmp_path / "office.pdf", "x-1a")
    assert "header version 1.7 above 1.4" in problems
    assert "0 /GTS_PDFX output intents, not 1" in problems
    assert any("RGB colour operator rg" in problem for problem in problems)


@pytest.mark.parametrize("name", ["sheets.pdf", "single.pdf"])
def test_ghostscript_renders_print_files_silently_and_qpdf_finds_nothing(shop, name):
    rendered = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=nullpage", str(shop / name)],
                              capture_output=True, text=True, timeout=120)
    assert (rendered.returncode, rendered.stdout, rendered.stderr) == (0, "", "")
    checked = subprocess.run(["qpdf", "--check", str(shop / name)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_imposed_pdf_x_sheets_are_trimmed_as_the_sheet(shop):
    with pikepdf.open(shop / "sheets.pdf") as pdf:
        sheet = [0, 0, PAPER["a3"].height, PAPER["a3"].width]
        for page in pdf.pages:
            for box in ("/MediaBox", "/BleedBox", "/TrimBox"):
                assert [float(v) for v in page.obj[box]] == pytest.approx(sheet, abs=1e-3)


def test_single_faces_are_trimmed_as_one_card(shop):
    with pikepdf.open(shop / "single.pdf") as pdf:
        for page in pdf.pages:
            assert [float(v) for v in page.obj.TrimBox] == pytest.approx([3 * MM, 3 * MM, 151 * MM, 213 * MM], abs=1e-3)
            assert [float(v) for v in page.obj.BleedBox] == pytest.approx([0, 0, 154 * MM, 216 * MM], abs=1e-3)


def stroke_colours(page) -> list[str]:
    """The colour set before each stroke operator, as 'space value'."""
    colours, current = [], None
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name == "CS":
            current = str(operands[0])
        elif name == "K":
            current = "/DeviceCMYK " + " ".join(f"{float(v):g}" for v in operands)
        elif name == "S":
            colours.append(current)
    return colours


def test_crop_marks_and_fold_lines_are_in_the_registration_colour(shop, tmp_path):
    run("build", "--layout", "print-shop-a3", "--mode", "fold", "-o", tmp_path / "fold.pdf")
    for path in (shop / "sheets.pdf", tmp_path / "fold.pdf"):
        with pikepdf.open(path) as pdf:
            page = pdf.pages[0]
            marks = stroke_colours(page)
            assert len(marks) >= 8 and set(marks) == {"/All"}
            space = page.Resources.ColorSpace.All
            assert [str(space[0]), str(space[1]), str(space[2])] == ["/Separation", "/All", "/DeviceCMYK"]


def test_pdf_x_4_embeds_the_layouts_output_profile(tmp_path, with_urls):
    shutil.copyfile(deck_profile(), tmp_path / "press.icc")
    layout = tmp_path / "x4.yaml"
    layout.write_text("extends: example-brand\nprint:\n  pdfx: x-4\n  output_profile: press.icc\n", encoding="utf-8")
    run("build", "--content", with_urls, "--layout", layout, "--sheet", "a3", "-o", tmp_path / "x4.pdf")
    assert preflight(tmp_path / "x4.pdf", "x-4") == []
    with pikepdf.open(tmp_path / "x4.pdf") as pdf:
        assert pdf.pdf_version == "1.6"
        (intent,) = pdf.Root.OutputIntents
        assert intent.DestOutputProfile.read_bytes() == deck_profile().read_bytes()
        assert str(intent.Info) == "deck FOGRA39 coated, 300% ink"
        meta = pdf.open_metadata()
        assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert meta["xmpMM:DocumentID"] == "uuid:" + _uuid(bytes(pdf.trailer.ID[0]).hex())
        assert pdf.Root.ViewerPreferences.PrintScaling == pikepdf.Name("/None")
        assert "/Duplex" not in pdf.Root.ViewerPreferences


def test_source_date_epoch_dates_a_pdf_x_4_file_the_same_in_info_and_xmp(tmp_path, monkeypatch):
    """reportlab dates a file by SOURCE_DATE_EPOCH where it is set (a reproducible build's date); the
    XMP packet must say the same date, or a PDF/X-4 preflight fails."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    shutil.copyfile(deck_profile(), tmp_path / "press.icc")
    layout = tmp_path / "x4.yaml"
    layout.write_text("extends: default\nprint:\n  pdfx: x-4\n  output_profile: press.icc\n", encoding="utf-8")
    run("card", "3", "--layout", layout, "-o", tmp_path / "x4.pdf")
    assert preflight(tmp_path / "x4.pdf", "x-4") == []
    with pikepdf.open(tmp_path / "x4.pdf") as pdf:
        assert str(pdf.trailer.Info.CreationDate) == "D:20231114221320+00'00'"
        assert pdf.open_metadata()["xmp:CreateDate"] == "2023-11-14T22:13:20+00:00"


FLAT_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50" viewBox="0 0 200 50">'
            '<rect width="50" height="50" fill="#00616e"/><circle cx="25" cy="25" r="12" fill="#f28c28" '
            'stroke="#222222"/>{extra}</svg>')


def test_an_svg_logo_is_printed_in_cmyk_in_a_pdf_x_1a_file(tmp_path):
    """The SVG's flat fills and strokes (and the renderer's starting black) go through the same
    separation as the layout's colours: the file passes the preflight, RGB nowhere."""
    (tmp_path / "logo.svg").write_text(FLAT_SVG.format(extra=""), encoding="utf-8")
    layout = layout_file(tmp_path, "print:\n  pdfx: x-1a\nlogo:\n  file: logo.svg\n")
    run("card", "1", "--layout", layout, "-o", tmp_path / "card.pdf")
    assert preflight(tmp_path / "card.pdf", "x-1a") == []


@pytest.mark.parametrize("extra, what", [
    ('<circle cx="100" cy="25" r="10" fill="#b03a2e" fill-opacity="0.5"/>', "transparency"),
    ('<defs><linearGradient id="g"><stop offset="0" stop-color="#00616e"/><stop offset="1" stop-color="#fff"/>'
     '</linearGradient></defs><rect x="120" width="60" height="50" fill="url(#g)"/>', "a gradient"),
])
def test_an_svg_logo_a_pdf_x_1a_file_cannot_hold_is_refused(tmp_path, extra, what):
    (tmp_path / "logo.svg").write_text(FLAT_SVG.format(extra=extra), encoding="utf-8")
    layout = layout_file(tmp_path, "print:\n  pdfx: x-1a\nlogo:\n  file: logo.svg\n")
    result = deck("card", "1", "--layout", layout, "-o", tmp_path / "card.pdf")
    assert result.exit_code == 1 and not (tmp_path / "card.pdf").exists()
    assert f"the logo logo.svg has {what}, which a PDF/X file for print (x-1a) cannot hold" in result.stderr


def _uuid(digest: str) -> str:
    return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:]}"


def test_pdf_x_4_without_a_profile_is_an_error_that_says_what_to_add(tmp_path):
    result = deck("check", "--layout", layout_file(tmp_path, "print:\n  pdfx: x-4\n"))
    assert result.exit_code == 1
    assert "'print.output_profile: their-profile.icc'" in result.output and "Traceback" not in result.output


def test_an_output_profile_that_is_not_a_cmyk_printer_profile_is_refused(tmp_path):
    from PIL import ImageCms

    (tmp_path / "screen.icc").write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    layout = layout_file(tmp_path, "print:\n  pdfx: x-4\n  output_profile: screen.icc\n")
    result = deck("check", "--layout", layout)
    assert result.exit_code == 1
    assert f"{layout}:4:19: 'print.output_profile': screen.icc is an ICC profile for mntr RGB, not a CMYK " \
           "printer (output) profile" in result.output


def test_an_unknown_printing_condition_lists_the_known_ones(tmp_path):
    layout = layout_file(tmp_path, "print:\n  output_condition: fogra99\n")
    result = deck("check", "--layout", layout)
    assert result.exit_code == 1
    assert f"{layout}:3:21: 'print.output_condition': 'fogra99' is not one of fogra39, fogra51, fogra52, " \
           "cgats tr 001" in result.output


def test_a_printing_condition_other_than_fogra39_needs_its_own_profile(tmp_path):
    """print.output_condition: FOGRA52 changed only the name in the file: the colours were still
    separated for coated paper (FOGRA39, deck's own profile), and a preflight cannot tell."""
    layout = layout_file(tmp_path, "print:\n  pdfx: x-1a\n  output_condition: fogra52\n")
    result = deck("check", "--layout", layout)
    assert result.exit_code == 1
    assert f"error: {layout}: 'print.output_condition: FOGRA52' needs the colours separated for it: name the " \
           "print shop's ICC profile for FOGRA52 in 'print.output_profile', write the colours as cmyk(...) " \
           "yourself, or leave output_condition at FOGRA39" in result.stderr
    own = tmp_path / "own.yaml"
    own.write_text("extends: print-shop-a3\nprint:\n  output_condition: fogra52\n", encoding="utf-8")
    result = deck("check", "--layout", own)
    assert result.exit_code == 0, result.output  # its colours are CMYK already: nothing to separate


def test_a_profile_made_for_another_condition_than_the_layout_names_is_a_warning(tmp_path):
    shutil.copy(Path(__file__).resolve().parents[1] / "profiles" / "deck-fogra39.icc", tmp_path / "shop.icc")
    layout = layout_file(tmp_path, "print:\n  pdfx: x-1a\n  output_condition: fogra52\n  output_profile: shop.icc\n")
    result = deck("check", "--layout", layout)
    assert f"warning: {layout}: the output profile shop.icc is made for FOGRA39 (deck FOGRA39 coated, 300% ink), " \
           "but print.output_condition says FOGRA52" in result.stderr
    fine = layout_file(tmp_path, "print:\n  pdfx: x-1a\n  output_profile: shop.icc\n")
    assert "is made for" not in deck("check", "--layout", fine).stderr


def subset_fonts(path: Path) -> dict[str, bytes]:
    """BaseFont -> the subset's ToUnicode map, which says which character each code draws."""
    with pikepdf.open(path) as pdf:
        fonts = {}
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                fonts[str(font.BaseFont)] = font.ToUnicode.read_bytes()
        return fonts


def test_subset_tags_name_their_glyphs_so_files_never_share_a_tag_for_different_subsets(tmp_path):
    for number in (3, 4, 3):
        run("card", number, "-o", tmp_path / f"{number}.pdf")
    three, four = subset_fonts(tmp_path / "3.pdf"), subset_fonts(tmp_path / "4.pdf")
    assert all(re.fullmatch(r"/[A-Z]{6}\+Lato-\w+", name) for name in [*three, *four])
    assert not any(name.startswith("/AAAAAA+") for name in [*three, *four])
    for name in set(three) & set(four):  # a tag in both files is the same subset in both
        assert three[name].replace(b" ", b"") == four[name].replace(b" ", b"")
    assert len(set(three) - set(four)) >= 2  # the regular and italic text differ, so do their tags
    assert subset_fonts(tmp_path / "3.pdf") == three


def test_different_files_have_different_ids_and_a_rebuild_is_byte_identical(tmp_path):
    for name, number in (("a", 3), ("b", 4), ("c", 3)):
        run("card", number, "--layout", "print-shop-a3", "-o", tmp_path / f"{name}.pdf")
    ids = {}
    for name in "abc":
        with pikepdf.open(tmp_path / f"{name}.pdf") as pdf:
            first, second = (bytes(part) for part in pdf.trailer.ID)
            assert first == second and len(first) == 16
            ids[name] = first
    assert ids["a"] != ids["b"]  # same title, same metadata: reportlab alone gave them one /ID
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "c.pdf").read_bytes()


def test_a_deck_with_urls_has_only_embedded_fonts(tmp_path, with_urls):
    for args in (["card", "1", "--no-bleed"], ["build", "--layout", "print-shop-a3"]):
        path = tmp_path / f"{args[0]}.pdf"
        run(*args, "--content", with_urls, "-o", path)
        listed = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, timeout=60).stdout
        rows = listed.splitlines()[2:]
        assert rows and all(row.split()[-5:-3] == ["yes", "yes"] for row in rows), listed
        assert "Helvetica" not in listed


def test_a_screen_pdf_links_every_url_on_its_title_and_on_its_qr_code(tmp_path, with_urls):
    run("card", "1", "--no-bleed", "--content", with_urls, "-o", tmp_path / "mail.pdf")
    with pikepdf.open(tmp_path / "mail.pdf") as pdf:
        assert "/OutputIntents" not in pdf.Root
        front, back = pdf.pages
        assert "/Annots" not in front.obj
        links = [(str(link.A.URI), [float(v) for v in link.Rect]) for link in back.obj.Annots]
    urls = {"https://example.org/visie", "https://example.org/modellen"}
    assert sorted(url for url, _ in links) == sorted([*urls, *urls])  # one on the title, one on the code
    for url in urls:
        (code, title) = sorted((rect for link_url, rect in links if link_url == url),
                               key=lambda rect: abs((rect[2] - rect[0]) - (rect[3] - rect[1])))
        assert code[2] - code[0] == pytest.approx(code[3] - code[1])  # the square code
        assert title[2] - title[0] > 2 * (title[3] - title[1])  # a line (or two) of title text
        for left, bottom, right, top in (code, title):
            assert 0 < left < right < 148 * MM and 0 < bottom < top < 210 * MM


def test_print_files_carry_no_links(tmp_path, with_urls):
    run("card", "1", "--content", with_urls, "--layout", "print-shop-a3", "-o", tmp_path / "print.pdf")
    assert preflight(tmp_path / "print.pdf", "x-1a") == []
    with pikepdf.open(tmp_path / "print.pdf") as pdf:
        assert all("/Annots" not in page.obj for page in pdf.pages)
