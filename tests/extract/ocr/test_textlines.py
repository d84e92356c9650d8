"""Line splitting, crop cleaning and the leading-sign glyph check on synthetic crops."""

from __future__ import annotations

from itertools import pairwise

import cv2
import numpy as np
import pytest

from declform.extract.ocr.cleaning import clean_crop, remove_light_layer, remove_rules, speck_mask
from declform.extract.ocr.textlines import (
    components,
    crop_line,
    ink_mask,
    percentile,
    rule_mask,
    split_lines,
)
from tests.extract.ocr.render import SANS, SERIF, render
from tests.paths import EXTRACT_FIXTURES

CROPS = EXTRACT_FIXTURES / "crops"


@pytest.mark.parametrize("font", [SANS, SERIF])
@pytest.mark.parametrize("count", [1, 2, 4])
def test_each_printed_line_is_one_box_top_to_bottom(font: object, count: int) -> None:
    lines = ["保障禁毒工作正常开展", "进行法制宣传教育活动", "提升群众满意度", "告"][:count]
    crop = render(lines, font=font)  # type: ignore[arg-type]
    boxes = split_lines(crop)
    assert len(boxes) == count
    assert all(a.y1 <= b.y0 for a, b in pairwise(boxes))
    pitch = round(44 * 1.5)
    for index, box in enumerate(boxes):
        # each box sits on its own line and is cut to that line's ink
        assert 30 + index * pitch - 2 <= box.y0 and box.y1 <= 30 + index * pitch + 50
        assert box.x0 >= 28


def test_lines_set_tight_are_cut_apart_at_the_gap() -> None:
    crop = render(["保障禁毒工作正常开展", "进行法制宣传教育活动", "提升群众满意度"], leading=1.02)
    crop = cv2.GaussianBlur(crop, (0, 0), 1.5)  # blur closes the thin white gaps
    assert len(split_lines(crop)) == 3


def test_characters_made_of_separate_strokes_stay_one_line() -> None:
    for text in ("二", "三级", "≥95%", "告", "≤三级"):
        assert len(split_lines(render([text], font=SERIF))) == 1, text


def test_a_blank_or_flat_crop_has_no_lines() -> None:
    assert split_lines(np.full((80, 300), 255, dtype=np.uint8)) == []
    assert split_lines(np.full((80, 300), 128, dtype=np.uint8)) == []
    assert split_lines(np.zeros((0, 0), dtype=np.uint8)) == []


def test_ruling_stubs_along_the_edges_are_not_text() -> None:
    crop = render(["150.00"]).copy()
    crop[:3, :] = 0  # the cell's top rule
    crop[:, -2:] = 0  # its right rule
    skewed = crop.copy()
    cv2.line(skewed, (0, skewed.shape[0] - 2), (skewed.shape[1], skewed.shape[0] - 6), 0, 2)
    for image in (crop, skewed):
        boxes = split_lines(image)
        assert len(boxes) == 1
        assert boxes[0].x1 < image.shape[1] - 20 and boxes[0].y0 > 10
        assert not ink_mask(remove_rules(image))[:3, :].any()


def test_crop_line_pads_the_line_with_paper() -> None:
    crop = render(["项目名称", "实施单位"])
    box = split_lines(crop)[1]
    line = crop_line(crop, box, pad_ratio=0.25)
    pad = round(box.height * 0.25)
    assert line.shape[0] == box.height + 2 + 2 * pad
    assert (line[:pad] == 255).all() and (line[-pad:] == 255).all()


def _with_grey_ring(crop: np.ndarray) -> np.ndarray:
    sealed = crop.copy()
    height, width = crop.shape
    ring = np.full_like(crop, 255)
    cv2.circle(ring, (width // 2, height + 60), 150, 150, 8)
    cv2.circle(ring, (width // 2 - 40, -40), 90, 150, 8)
    return np.asarray(np.minimum(sealed, ring))


def test_a_seal_in_grey_is_painted_out_and_the_print_kept() -> None:
    crop = render(["社会宣传的覆盖率"])
    sealed = _with_grey_ring(crop)
    cleaned = remove_light_layer(sealed)
    assert cleaned is not None
    print_ink = ink_mask(crop)
    assert (cleaned[print_ink] < 128).mean() > 0.95  # the print survives
    # the ring is gone but for its pixels right beside the print (kept as the print's rim)
    assert (cleaned[(sealed == 150) & ~print_ink] == 255).mean() > 0.8
    assert remove_light_layer(crop) is None  # plain print has no second layer


def _specked(crop: np.ndarray, seed: int = 3) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """The crop with photocopy specks (2-4 px dots) on its blank paper, far from the text."""
    rng = np.random.default_rng(seed)
    out = crop.copy()
    text = cv2.dilate((crop < 128).astype(np.uint8), np.ones((61, 61), np.uint8)) > 0
    dots: list[tuple[int, int]] = []
    while len(dots) < 12:
        y, x = int(rng.integers(0, crop.shape[0])), int(rng.integers(0, crop.shape[1]))
        if not text[y, x]:
            cv2.circle(out, (x, y), int(rng.integers(1, 3)), 0, -1)
            dots.append((y, x))
    return out, dots


def test_isolated_specks_are_painted_out_but_punctuation_stays() -> None:
    crop = render(["完成85.4亩，提高。"], margin=80)
    specked, dots = _specked(crop)
    specks = speck_mask(ink_mask(specked))
    assert all(specks[y, x] for y, x in dots)
    cleaned = clean_crop(specked)
    assert all(cleaned[y, x] == 255 for y, x in dots)
    # the decimal point, the comma and the full stop are next to their text: kept
    assert np.array_equal(ink_mask(cleaned), ink_mask(crop))


def test_clean_crop_whitens_paper_texture_away_from_print() -> None:
    crop = render(["项目名称"], margin=60).astype(np.int16)
    texture = np.random.default_rng(5).integers(-25, 5, crop.shape)
    grainy = np.clip(crop + np.where(crop > 200, texture, 0), 0, 255).astype(np.uint8)
    cleaned = clean_crop(grainy)
    assert (cleaned[:20, :] == 255).all() and (cleaned[-20:, :] == 255).all()
    # the print keeps its shades, scaled with the paper's grey to white
    printed = crop < 128
    assert (cleaned[printed] < 140).all()
    assert (np.abs(cleaned[crop < 64].astype(int) - grainy[crop < 64]) <= 4).all()


def test_clean_crop_lifts_grey_paper_around_the_print_so_a_wrapped_line_stays_apart() -> None:
    # a photo's grey paper (~185) left as a halo round every glyph on the whitened crop
    # joined "部门(单位名" and its wrapped "称)" into one line
    crop = render(["部门(单位名", "称)"], leading=1.2)
    crop = cv2.resize(crop, None, fx=0.45, fy=0.45, interpolation=cv2.INTER_AREA)
    grey_paper = cv2.GaussianBlur(crop, (0, 0), 1.2).astype(np.float32) * (185 / 255)
    cleaned = clean_crop(grey_paper.astype(np.uint8))
    assert len(split_lines(cleaned)) == 2
    text = cleaned[ink_mask(cleaned)]
    assert np.median(cleaned[~ink_mask(cleaned)]) == 255 and text.min() < 100


def test_a_ruling_worn_into_dashes_along_an_edge_is_not_text() -> None:
    crop = render(["2026年年底"]).copy()
    for x0 in range(0, crop.shape[1], 40):  # a top rule with most of it worn away
        crop[:2, x0 : x0 + 12] = 0
    cleaned = clean_crop(crop)
    assert (cleaned[:2, :] == 255).all()
    assert np.array_equal(cleaned[10:] < 128, crop[10:] < 128)
    # a character's stroke near the side of a tight crop is not a worn ruling
    tight = render(["保障禁毒工作"], margin=4)
    assert np.array_equal(clean_crop(tight) < 128, tight < 128)


def _bent_rulings(crop: np.ndarray) -> np.ndarray:
    """The crop with the cell's top and bottom rulings bent into it, thin, as a fax or a
    photocopy of a warped page leaves them: one enters through the left side and bends
    back up, the other runs down to the crop's bottom on the right."""
    out = crop.copy()
    height, width = out.shape
    top = np.array([(0, 12), (width // 3, 22), (width * 2 // 3, 6)], dtype=np.int32)
    bottom = np.array([(width // 4, height - 10), (width, height - 1)], dtype=np.int32)
    cv2.polylines(out, [top, bottom], isClosed=False, color=0, thickness=2)
    return out


def test_a_ruling_bent_into_the_crop_is_painted_out_and_the_text_kept() -> None:
    crop = render(["614.40"], margin=34)
    bent = _bent_rulings(crop)
    cleaned = clean_crop(bent)
    assert np.array_equal(cleaned < 128, crop < 128)
    boxes = split_lines(bent)
    assert len(boxes) == 1 and boxes[0].y0 > 25 and boxes[0].y1 < crop.shape[0] - 25


def test_a_ruling_bent_into_a_glyph_keeps_the_glyph() -> None:
    # the bent ruling reaches the text and joins a glyph: the glyph's thick ink is no
    # ruling, only the thin piece on either side of it is
    crop = render(["满意度"], margin=30)
    ruling = np.zeros_like(crop)
    cv2.polylines(ruling, [np.array([(0, 4), (50, 40), (crop.shape[1], 6)])], False, 255, 2)
    bent = np.where(ruling > 0, 0, crop).astype(np.uint8)
    kept = clean_crop(bent) < 128
    near_ruling = cv2.dilate(ruling, np.ones((9, 9), np.uint8)) > 0
    assert kept[(crop < 128) & ~near_ruling].mean() > 0.99
    assert not kept[(ruling > 0) & ~(crop < 128)].any()


def test_an_empty_cell_that_only_bent_rulings_reach_into_has_no_line() -> None:
    empty = np.full((66, 205), 255, dtype=np.uint8)
    bent = _bent_rulings(empty)
    assert split_lines(bent) == []
    assert (clean_crop(bent) == 255).all()


def test_a_ruling_piece_in_a_corner_is_a_ruling_though_short() -> None:
    crop = render(["指标内容"], margin=26).copy()
    width = crop.shape[1]
    # where the top and right rulings meet, a piece under one glyph long
    cv2.line(crop, (width - 1, 0), (width - 24, 18), 0, 3)
    printed = render(["指标内容"], margin=26) < 128
    assert np.array_equal(clean_crop(crop) < 128, printed)


def test_a_toner_cloud_above_the_text_is_no_line_of_its_own() -> None:
    crop = render(["质量指标"], margin=40).copy()
    rng = np.random.default_rng(3)
    for _ in range(60):  # a photocopy's cloud of specks, each a pixel or two, above the text
        y, x = int(rng.integers(4, 22)), int(rng.integers(60, 110))
        crop[y : y + int(rng.integers(1, 3)), x : x + int(rng.integers(1, 3))] = 0
    boxes = split_lines(crop)
    assert len(boxes) == 1 and boxes[0].y0 >= 30
    # a wrapped line of one short glyph is a line all the same
    assert len(split_lines(render(["保障禁毒工作正常开展", "二"], leading=1.4))) == 2


@pytest.mark.parametrize("text", ["1-2月", "一次性项目", "——", "……", "≥1次"])
def test_printed_dashes_ones_and_ellipses_inside_the_cell_are_text(text: str) -> None:
    for margin in (30, 6):
        crop = render([text], margin=margin)
        assert np.array_equal(clean_crop(crop) < 128, crop < 128), (text, margin)
        if margin == 30:  # and rulings bent into the crop beside it leave it as it is
            assert (clean_crop(_bent_rulings(crop))[crop < 128] < 128).all(), text


@pytest.mark.parametrize("font", [SANS, SERIF])
def test_a_short_wrapped_last_line_set_close_and_blurred_is_a_line_of_its_own(
    font: object,
) -> None:
    # a 150 dpi photo's blur joins the digits into wide blobs, which inflate the glyph size
    crop = render(["2026年12月31日", "前"], font=font, leading=1.12)  # type: ignore[arg-type]
    crop = cv2.resize(crop, None, fx=0.45, fy=0.45, interpolation=cv2.INTER_AREA)
    crop = cv2.GaussianBlur(crop, (0, 0), 1.6)
    boxes = split_lines(crop)
    assert len(boxes) == 2
    assert boxes[1].x1 - boxes[1].x0 < 0.3 * (boxes[0].x1 - boxes[0].x0)


def test_two_wrapped_lines_of_a_low_resolution_fax_stay_two_lines() -> None:
    # a 148 dpi fax cell: the first line's glyphs run together into blobs wide enough to make
    # both lines look flat beside them, as if they were the strokes of one 二
    crop = cv2.imread(str(CROPS / "fax_wrapped_two_lines.png"), cv2.IMREAD_GRAYSCALE)
    boxes = split_lines(clean_crop(crop))
    assert len(boxes) == 2  # 拉萨经济技术开发区管理委员会财 / 政局
    assert boxes[1].x1 - boxes[1].x0 < 0.3 * (boxes[0].x1 - boxes[0].x0)
    # the same, rendered: a long line and a two-character wrap at fax resolution
    rendered = render(["拉萨经济技术开发区管理委员会财", "政局"], leading=1.15)
    rendered = cv2.resize(rendered, None, fx=0.4, fy=0.4, interpolation=cv2.INTER_AREA)
    assert len(split_lines(cv2.GaussianBlur(rendered, (0, 0), 1.2))) == 2


def test_a_one_glyph_wrap_under_a_line_run_together_by_a_fax_is_a_line_of_its_own() -> None:
    # a 108 dpi fax cell whose first line's glyphs are all one blob: its width is no glyph's
    crop = cv2.imread(str(CROPS / "fax_wrapped_one_glyph.png"), cv2.IMREAD_GRAYSCALE)
    boxes = split_lines(clean_crop(crop))
    assert len(boxes) == 2  # 按合同或效益执 / 行
    assert boxes[1].x1 - boxes[1].x0 < 0.2 * (boxes[0].x1 - boxes[0].x0)
    rendered = render(["按合同或效益执", "行"], leading=1.2)
    rendered = cv2.resize(rendered, None, fx=0.36, fy=0.36, interpolation=cv2.INTER_AREA)
    rendered = cv2.erode(cv2.GaussianBlur(rendered, (0, 0), 1.0), np.ones((2, 2)))
    assert len(split_lines(rendered)) == 2


def test_lines_that_a_dark_photocopy_turned_into_one_blob_each_stay_two_lines() -> None:
    # every component is a whole line: their widths are no glyph's, their heights are
    crop = cv2.imread(str(CROPS / "photocopy_lines_each_one_blob.png"), cv2.IMREAD_GRAYSCALE)
    boxes = split_lines(clean_crop(crop))
    assert len(boxes) == 2  # 可持续影响指标 / (必填)
    assert all(box.y1 - box.y0 < 0.3 * crop.shape[0] for box in boxes)
    rendered = cv2.erode(render(["社会效益指标", "(必填)"], leading=1.15), np.ones((9, 9)))
    assert len(split_lines(rendered)) == 2


def test_the_two_bars_of_a_lone_er_are_one_line() -> None:
    # two solid flat bars, the only components: one glyph, not two lines
    crop = render(["二"], size=60)
    assert len(split_lines(crop)) == 1
    assert len(split_lines(cv2.erode(crop, np.ones((3, 3))))) == 1


def test_a_bilevel_crop_has_its_ink_found_and_its_lines_split() -> None:
    # a 1-bit scan (fax TIFF, aliased render): Otsu's threshold is the ink value itself
    crop = render(["项目名称", "情报经费"])
    bilevel = np.where(crop < 128, 0, 255).astype(np.uint8)
    assert np.array_equal(ink_mask(bilevel), bilevel == 0)
    assert len(split_lines(bilevel)) == 2


@pytest.mark.parametrize("dtype", [np.uint8, np.int32, np.float64])
def test_percentile_is_numpys_to_the_last_bit(dtype: type) -> None:
    rng = np.random.default_rng(7)
    for size in (1, 2, 3, 10, 57, 400):
        values = (rng.random(size) * 250).astype(dtype)
        for q in (0, 2, 33.3, 50, 75, 90, 100):
            assert percentile(values, q) == float(np.percentile(values, q))


def test_components_handed_in_give_the_same_masks() -> None:
    crop = np.full((60, 300), 255, np.uint8)
    crop[:3, :] = 0  # a ruling stub along the top
    crop[20:45, 20:200:30] = 0  # strokes
    crop[50, 280] = 0  # a speck
    mask = ink_mask(crop)
    found = components(mask)
    assert np.array_equal(rule_mask(mask, found), rule_mask(mask))
    assert np.array_equal(speck_mask(mask, found), speck_mask(mask))
