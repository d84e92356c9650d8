"""The page transform a scan was read through: saved as data, replayed without measuring."""

from __future__ import annotations

import json

import numpy as np
import pytest

from declform.extract.batch.page_codec import page_read_from_json, page_read_to_json
from declform.extract.ocr import OcrReading
from declform.extract.pipeline import PageRead
from declform.extract.scan.orientation import rotate_upright
from declform.extract.scan.page import ScannedPage, scan_page
from declform.extract.scan.transform import replay_page, replay_transform, transform_matrix
from declform.extract.sources.images import PageImage
from declform.output.errors import InputError
from declform.output.record import FormRecord, PageTransform, Source
from declform.output.validate import validate_record
from tests.extract.scan.askew import DPI, SKEW_DEG, turned_and_skewed_scan
from tests.fakes import FakeEngine


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[np.ndarray, ScannedPage]:
    source = turned_and_skewed_scan(tmp_path_factory.mktemp("scan"))
    page = scan_page(PageImage(1, source, DPI), FakeEngine(default=OcrReading("x", 0.9)))
    return source, page


def test_the_scan_keeps_what_it_did_to_the_page(scanned: tuple[np.ndarray, ScannedPage]) -> None:
    source, page = scanned
    transform = page.transform
    assert transform.page == 1 and transform.rotation == 90
    # the table's frame is found askew: its warp straightens the page, or deskew does
    assert transform.homography is not None or abs(abs(transform.skew) - SKEW_DEG) < 0.3
    height, width = page.image.shape
    assert transform.size == (width, height) == (source.shape[0], source.shape[1])


def test_the_saved_transform_rebuilds_the_image_the_reader_used(
    scanned: tuple[np.ndarray, ScannedPage],
) -> None:
    source, page = scanned
    rebuilt = replay_page(source, page.transform)
    assert np.array_equal(rebuilt, page.image)
    cells = [cell for grid in page.grids for cell in grid.cells]
    assert len(cells) > 20
    for cell in cells:
        x0, y0, x1, y1 = (round(v) for v in cell.bbox.as_tuple())
        assert np.array_equal(rebuilt[y0:y1, x0:x1], page.image[y0:y1, x0:x1])


def test_the_transform_survives_the_record_and_the_batch_journal(
    scanned: tuple[np.ndarray, ScannedPage],
) -> None:
    _, page = scanned
    read = PageRead(1, page.grids, page.warnings, transform=page.transform)
    assert page_read_from_json(page_read_to_json(read)).transform == page.transform
    record = FormRecord(Source("a.png", "0" * 64, (1,)), "project", page_transforms=(page.transform,))
    data = json.loads(json.dumps(record.to_dict()))
    validate_record(data)
    assert FormRecord.from_dict(data).page_transforms == (page.transform,)


def test_a_source_of_another_size_is_refused_not_cut_in_the_wrong_places() -> None:
    grey = np.full((40, 30), 255, np.uint8)
    assert replay_transform(grey, PageTransform(1, 90, 0.0, None, (40, 30))).shape == (30, 40)
    with pytest.raises(InputError, match="comes out 30×40 px, not the 40×30 px"):
        replay_transform(grey, PageTransform(1, 0, 0.0, None, (40, 30)))


def test_a_perspective_warp_is_replayed() -> None:
    grey = np.full((60, 80), 255, np.uint8)
    grey[20:40, 30:50] = 0
    shift = (1.0, 0.0, 5.0, 0.0, 1.0, -3.0, 0.0, 0.0, 1.0)
    moved = replay_transform(grey, PageTransform(1, 0, 0.0, shift, (80, 60)))
    assert moved[17:37, 35:55].max() == 0 and moved[40:, :].min() == 255


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_the_transform_s_matrix_maps_a_source_pixel_where_the_replay_puts_it(rotation: int) -> None:
    source = np.full((300, 200), 255, np.uint8)
    source[40:46, 150:156] = 0  # a dot at (152.5, 42.5)
    homography = (1.02, 0.01, -4.0, -0.015, 0.99, 6.0, 1e-5, 0.0, 1.0)
    turned = rotate_upright(source, rotation)
    size = (turned.shape[1], turned.shape[0])
    transform = PageTransform(1, rotation, 2.0, homography, size)
    image = replay_transform(source, transform)
    ys, xs = np.nonzero(image < 128)
    x, y, w = transform_matrix(transform) @ np.array([152.5, 42.5, 1.0])
    assert abs(x / w - xs.mean()) < 1.0 and abs(y / w - ys.mean()) < 1.0
