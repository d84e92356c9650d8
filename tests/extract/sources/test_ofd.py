"""OFD documents (extract/sources/ofd*.py): a form published as OFD reads as the same record as
its PDF; templates, nesting and CTMs are honoured; a scanned OFD goes to the scan path; bad
packages fail with a line naming file (and page) and the batch goes on.

The fixtures are written by tests/fixtures/ofd/make.py from the samples' own PDF text and
rulings; the damaged packages are written here with its OfdWriter."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from declform import extract_file
from declform.extract.pipeline import Extractor, PageRead
from declform.extract.sources import ofd, ofd_package
from declform.extract.sources.images import PageImage
from declform.extract.sources.ofd import ofd_page_count, read_ofd_page
from declform.extract.sources.ofd_content import MM_TO_POINTS, deltas, page_drawing, path_segments
from declform.output.codes import WarningCode
from declform.output.errors import InputError
from tests.extract.batch.faults import run
from tests.fixtures.ofd.make import SAMPLES, OfdWriter, text_object
from tests.paths import REPO

FIXTURES = REPO / "tests" / "fixtures" / "ofd"
LASA = "lasa-2023-annual-project"


def _comparable(record: Any) -> dict[str, Any]:
    data: dict[str, Any] = record.to_dict()
    for key in ("source", "cells", "provenance", "line_provenance", "warnings", "page_transforms",
                "extras"):
        data.pop(key, None)
    return data


def _assert_reads_as_pdf(ofd: Path, pdf: Path) -> None:
    from_pdf, from_ofd = extract_file(pdf), extract_file(ofd)
    assert from_ofd.error is None and len(from_ofd.records) == len(from_pdf.records) >= 1
    assert from_ofd.pages == from_pdf.pages
    for printed, published in zip(from_pdf.records, from_ofd.records, strict=True):
        assert _comparable(published) == _comparable(printed)
        assert published.source.path == str(ofd)
        # the same cells, in page pixels at 300 dpi from the page's top-left, as the PDF's
        assert [(c.page, c.text) for c in published.cells] == [
            (c.page, c.text) for c in printed.cells
        ]
        for mine, theirs in zip(published.cells, printed.cells, strict=True):
            assert mine.bbox == pytest.approx(theirs.bbox, abs=0.5)


@pytest.mark.parametrize("sample", SAMPLES)
def test_a_form_published_as_ofd_reads_as_its_pdf(sample: str) -> None:
    stem = Path(sample).stem
    _assert_reads_as_pdf(FIXTURES / f"{stem}.ofd", REPO / "samples" / sample)


@pytest.mark.parametrize(
    ("variant", "sample"),
    [
        # rulings in a template page drawn through a CTM, text in a PageBlock through another
        ("template-ctm", f"{LASA}.pdf"),
        # a TextObject per glyph, every ruling a thin filled rectangle (no stroke)
        ("glyphs-rects", "jingkaiqu-2026-project.pdf"),
    ],
)
def test_the_ways_exporters_draw_a_table_read_the_same(variant: str, sample: str) -> None:
    stem = Path(sample).stem
    _assert_reads_as_pdf(FIXTURES / f"{stem}-{variant}.ofd", REPO / "samples" / sample)


def test_a_page_that_is_only_an_image_goes_to_the_scan_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = FIXTURES / "scanned.ofd"
    page = read_ofd_page(path, 1)
    assert page.grids == () and page.scan is not None
    assert page.scan.image.shape == (283, 200)  # the grey scan as stored, not re-rendered
    assert page.scan.dpi == pytest.approx(200 / (210 / 25.4), abs=0.01)
    scanned: list[PageImage] = []

    def fake_scan(self: Extractor, image: PageImage) -> PageRead:
        scanned.append(image)
        return PageRead(image.page)

    monkeypatch.setattr(Extractor, "_scan", fake_scan)
    Extractor().read_page(path, 1)
    assert [image.page for image in scanned] == [1]


def test_a_scanned_ofd_reads_as_the_scan_it_stores(tmp_path: Path) -> None:
    """The office scan (200 dpi JPEG) placed on an OFD page of its own size: the scan path
    gets the same pixels at the same resolution, so the record is the JPEG's."""
    scan = REPO / "samples" / "scan-stamped-office.jpg"
    width_mm, height_mm = 1654 / 200 * 25.4, 2339 / 200 * 25.4
    writer = OfdWriter((width_mm, height_mm))
    image = writer.add_image("scan.jpg", scan.read_bytes())
    writer.add_page(
        f'<ofd:ImageObject ResourceID="{image}" Boundary="0 0 {width_mm} {height_mm}"'
        f' CTM="{width_mm} 0 0 {height_mm} 0 0"/>'
    )
    from_ofd = extract_file(writer.write(tmp_path / "scan.ofd"))
    from_jpeg = extract_file(scan)
    assert [p.status for p in from_ofd.pages] == ["form"]
    assert [_comparable(r) for r in from_ofd.records] == [_comparable(r) for r in from_jpeg.records]


def test_images_that_do_not_cover_the_page_are_placed_on_white(tmp_path: Path) -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (100, 50), "black").save(buffer, "PNG")
    writer = OfdWriter()
    image = writer.add_image("half.png", buffer.getvalue())
    writer.add_page(
        f'<ofd:ImageObject ResourceID="{image}" Boundary="0 0 105 52.5" CTM="105 0 0 52.5 0 0"/>'
    )
    page = read_ofd_page(writer.write(tmp_path / "part.ofd"), 1)
    assert page.scan is not None
    pixels = page.scan.image
    height, width = pixels.shape[:2]
    assert (width, height) == (200, 283)  # the page at the image's own 24 dpi
    assert pixels[10, 10].max() == 0 and pixels[-10, -10].min() == 255


def test_a_page_of_images_past_the_pixel_ceiling_fails_before_decoding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ofd, "MAX_PIXELS", 50_000)  # the fixture's scan is 200 × 283 px
    result = extract_file(FIXTURES / "scanned.ofd")
    assert [p.status for p in result.pages] == ["failed"]
    assert "scanned.ofd, page 1" in (result.pages[0].reason or "")
    assert "Mpx limit" in (result.pages[0].reason or "")


def _glyph_only(x: float, y: float, text: str = " ") -> str:
    return (
        f'<ofd:TextObject ID="9" Boundary="{x} {y} 20 6" Font="3" Size="4">'
        '<ofd:CGTransform CodePosition="0" CodeCount="2" GlyphCount="2">'
        "<ofd:Glyphs>231 87</ofd:Glyphs></ofd:CGTransform>"
        f'<ofd:TextCode X="0" Y="4" DeltaX="4">{text}</ofd:TextCode></ofd:TextObject>'
    )


def test_text_as_glyph_ids_only_fails_its_page_with_file_and_page(tmp_path: Path) -> None:
    writer = OfdWriter()
    writer.add_page(_glyph_only(20, 20))
    path = writer.write(tmp_path / "glyphs.ofd")
    result = extract_file(path)
    assert [p.status for p in result.pages] == ["failed"]
    reason = result.pages[0].reason or ""
    assert "glyph ids only" in reason and "glyphs.ofd" in reason and "page 1" in reason


@pytest.mark.parametrize("text", [" ", "\ue11e浏览\ueb06"])  # blank, or private-use codes
def test_some_text_as_glyph_ids_only_is_a_warning_on_the_record(text: str, tmp_path: Path) -> None:
    with zipfile.ZipFile(FIXTURES / f"{LASA}.ofd") as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    page = "Doc_0/Pages/Page_0/Content.xml"
    glyphs = _glyph_only(150, 280, text).encode()
    entries[page] = entries[page].replace(b"</ofd:Layer>", glyphs + b"</ofd:Layer>")
    path = OfdWriter().write(tmp_path / "mixed.ofd", entries)
    result = extract_file(path)
    assert len(result.records) == 1
    found = [w for w in result.records[0].warnings if w.code == WarningCode.UNREADABLE_CELL]
    assert [(w.page, "glyph ids only" in w.message) for w in found] == [(1, True)]
    assert not any("\ue11e" in cell.text for cell in result.records[0].cells)


def _entries(changes: dict[str, bytes | None] | None = None) -> dict[str, bytes]:
    """A one-page package's entries with some replaced (None: left out)."""
    writer = OfdWriter()
    writer.add_page(text_object([_char("表", 50.0)], 842.0))
    entries = writer.entries()
    for name, data in (changes or {}).items():
        if data is None:
            entries.pop(name)
        else:
            entries[name] = data
    return entries


def _char(text: str, x0: float) -> dict[str, Any]:
    return {"text": text, "x0": x0, "x1": x0 + 12, "top": 100.0, "bottom": 112.0, "size": 12.0,
            "matrix": (1, 0, 0, 1, x0, 742.0 - 9.6)}  # fmt: skip


@pytest.mark.parametrize(
    ("entries", "says"),
    [
        (None, "not a readable OFD package"),
        (_entries({"Doc_0/Document.xml": None}), "no Doc_0/Document.xml"),
        (_entries({"OFD.xml": b"<OFD><DocBody><Signatures>S.xml</Signatures></DocBody></OFD>"}),
         "signatures only"),
        (_entries({"Encryptions.xml": b"<Encryptions/>"}), "encrypted"),
        (_entries({"Doc_0/Document.xml": b"<Document><Pages/></Document>"}), "no pages"),
        (_entries({"Doc_0/Document.xml": b"\x8f\x01 ciphertext"}), "not well-formed XML"),
    ],
)  # fmt: skip
def test_a_bad_package_fails_with_its_name(
    entries: dict[str, bytes] | None, says: str, tmp_path: Path
) -> None:
    path = tmp_path / "bad.ofd"
    if entries is None:
        path.write_bytes(b"PK\x03\x04 not an archive")
    else:
        OfdWriter().write(path, entries)
    result = extract_file(path)
    assert isinstance(result.error, InputError) and result.records == ()
    assert says in str(result.error) and "bad.ofd" in str(result.error)


@pytest.mark.parametrize(
    ("location", "reads"),
    [
        ("Pages/Page_0/Content.xml", True),  # relative to Document.xml, as the standard says
        ("/Doc_0/Pages/Page_0/Content.xml", True),  # absolute from the package's root
        ("Doc_0/Pages/Page_0/Content.xml", True),  # the root's, without its "/"
        ("../../../etc/passwd", False),  # outside the package
    ],
)
def test_page_locations_resolve_as_producers_write_them(
    location: str, reads: bool, tmp_path: Path
) -> None:
    entries = _entries()
    document = entries["Doc_0/Document.xml"].decode()
    entries["Doc_0/Document.xml"] = document.replace(
        'BaseLoc="Pages/Page_0/Content.xml"', f'BaseLoc="{location}"'
    ).encode()
    result = extract_file(OfdWriter().write(tmp_path / "where.ofd", entries))
    if reads:
        assert [p.status for p in result.pages] == ["not_a_form"]  # one glyph, no table
    else:
        assert "outside the package" in str(result.error)


def test_a_password_protected_package_is_named_encrypted(tmp_path: Path) -> None:
    path = OfdWriter().write(tmp_path / "locked.ofd", _entries())
    data = bytearray(path.read_bytes())
    # set the "encrypted" flag bit a password-protected ZIP carries, in every local and
    # central header (zipfile writes no encrypted entry itself)
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(signature)
        while start >= 0:
            data[start + flag_at] |= 0x1
            start = data.find(signature, start + 4)
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match="encrypted OFD package"):
        ofd_page_count(path)


def test_an_entry_inflating_past_the_ceiling_fails_its_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = OfdWriter()
    writer.add_page(text_object([_char("表", 50.0)], 842.0))
    writer.add_page(" " * 300_000 + text_object([_char("表", 50.0)], 842.0))  # 300 kB of blanks
    path = writer.write(tmp_path / "bomb.ofd")
    monkeypatch.setattr(ofd_package, "MAX_XML_BYTES", 100_000)
    result = extract_file(path)
    assert result.error is None
    assert [p.status for p in result.pages] == ["not_a_form", "failed"]
    assert "inflates beyond" in (result.pages[1].reason or "")


def test_a_missing_page_fails_alone(tmp_path: Path) -> None:
    with zipfile.ZipFile(FIXTURES / f"{LASA}.ofd") as archive:
        entries = {n: archive.read(n) for n in archive.namelist() if "Page_1/" not in n}
    result = extract_file(OfdWriter().write(tmp_path / "torn.ofd", entries))
    assert [p.status for p in result.pages] == ["form", "failed"]
    reason = result.pages[1].reason or ""
    assert "torn.ofd, page 2" in reason and "Page_1/Content.xml" in reason


def test_a_batch_walks_ofd_files_and_goes_on_past_a_broken_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    box = tmp_path / "box"
    box.mkdir()
    (box / "form.ofd").write_bytes((FIXTURES / "department-2023.ofd").read_bytes())
    (box / "broken.ofd").write_bytes(b"PK\x05\x06")
    assert run([box], tmp_path / "out") == 1
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    files = {Path(e["path"]).name: e for e in events if e["event"] == "file"}
    assert files["form.ofd"]["status"] == "done" and files["broken.ofd"]["status"] == "failed"
    assert "not a readable OFD package" in files["broken.ofd"]["error"]


def test_paths_give_their_straight_segments_and_curves_only_move_the_pen() -> None:
    segments = path_segments("M 0 0 L 10 0 B 12 1 13 2 14 5 L 14 9 C S 1 1 M 2 2 L 2 8 Z")
    assert segments == [
        ((0.0, 0.0), (10.0, 0.0)),
        ((14.0, 5.0), (14.0, 9.0)),
        ((14.0, 9.0), (0.0, 0.0)),
        ((2.0, 2.0), (2.0, 8.0)),
        ((2.0, 8.0), (2.0, 2.0)),
    ]


def test_advances_spell_out_their_repeats() -> None:
    assert deltas("3.5 g 3 4 1", 10) == [3.5, 4.0, 4.0, 4.0, 1.0]
    assert deltas("g 999999999 1", 3) == [1.0, 1.0, 1.0]  # never more than the text's length
    assert deltas(None, 5) == []


def test_a_composite_unit_is_drawn_where_its_object_places_it() -> None:
    """A CompositeObject draws its unit's content through its own CTM and Boundary; the
    page's origin (PhysicalBox x, y) is the top-left corner of the points it gives."""
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    unit = etree.fromstring(
        f'<ofd:CompositeGraphicUnit {ns} ID="7" Width="20" Height="10"><ofd:Content>'
        '<ofd:TextObject Boundary="0 0 20 10" Size="4"><ofd:TextCode X="1" Y="5">字</ofd:TextCode>'
        '</ofd:TextObject><ofd:PathObject Boundary="0 0 20 10">'
        "<ofd:AbbreviatedData>M 0 10 L 20 10</ofd:AbbreviatedData></ofd:PathObject>"
        "</ofd:Content></ofd:CompositeGraphicUnit>"
    )
    page = etree.fromstring(
        f'<ofd:Page {ns}><ofd:Content><ofd:Layer><ofd:CompositeObject ResourceID="7"'
        ' Boundary="50 60 40 20" CTM="2 0 0 2 0 0"/></ofd:Layer></ofd:Content></ofd:Page>'
    )
    drawing = page_drawing([page], (10.0, 20.0), {"7": unit})
    # the glyph's baseline origin (1, 5) in the unit → doubled → at (50, 60) → less the origin
    (glyph,) = drawing.glyphs
    assert glyph["text"] == "字"
    assert glyph["x0"] == pytest.approx((50 + 2 * 1 - 10) * MM_TO_POINTS)
    assert glyph["bottom"] == pytest.approx((60 + 2 * (5 + 0.12 * 4) - 20) * MM_TO_POINTS)
    (edge,) = drawing.edges
    assert edge["orientation"] == "h"
    assert (edge["x0"], edge["x1"], edge["top"]) == pytest.approx(
        ((50 - 10) * MM_TO_POINTS, (50 + 40 - 10) * MM_TO_POINTS, (60 + 20 - 20) * MM_TO_POINTS)
    )


def test_glyph_ids_beside_their_characters_are_read_as_the_characters() -> None:
    """Most producers write a CGTransform *and* the characters it draws: that text reads."""
    page = etree.fromstring(
        '<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer>'
        '<ofd:TextObject Boundary="10 10 30 6" Size="4"><ofd:CGTransform CodePosition="0"'
        ' CodeCount="2" GlyphCount="2"><ofd:Glyphs>2591 1553</ofd:Glyphs></ofd:CGTransform>'
        '<ofd:TextCode X="0" Y="4" DeltaX="4">项目</ofd:TextCode></ofd:TextObject>'
        "</ofd:Layer></ofd:Content></ofd:Page>"
    )
    drawing = page_drawing([page], (0.0, 0.0), {})
    assert [g["text"] for g in drawing.glyphs] == ["项", "目"] and drawing.glyph_only == 0
    assert drawing.glyphs[1]["x0"] - drawing.glyphs[0]["x0"] == pytest.approx(4 * MM_TO_POINTS)
