"""What an OFD page draws, as the vector grid reader takes it: glyphs with their text and box,
ruling segments, and the images placed on it — all in PDF points from the page's top-left.

OFD coordinates are millimetres, y growing downwards (as pdfplumber's `top`). A graphic object
places its own drawing through its CTM and then at its Boundary's origin; containers
(PageBlock, a CompositeObject's graphic unit) nest those transforms. A TextCode gives the first
glyph's baseline origin (X, Y) and the advances to the next glyphs (DeltaX, DeltaY, where
"g N d" repeats d N times). A path (AbbreviatedData) is a string of S/M (move), L (line),
Q/B/A (curves: they move the pen and draw no ruling) and C (close, as Z elsewhere).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from declform.extract.sources.ofd_package import child, children, local, numbers, parse_box

Affine = tuple[float, float, float, float, float, float]  # x' = a x + c y + e, y' = b x + d y + f
MM_TO_POINTS = 72 / 25.4
_ASCENT, _DESCENT = 0.88, 0.12  # a CJK font's em box around the baseline, in font sizes
_AXIS_TOLERANCE = 0.5  # points: a segment this close to level or plumb is a ruling
_MAX_NESTING = 16
_PATH_OPERANDS = {"S": 2, "M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0, "Z": 0}


@dataclass(frozen=True)
class PlacedImage:
    resource: str  # the MultiMedia id
    box: tuple[float, float, float, float]  # x0, top, x1, bottom in points


@dataclass
class PageDrawing:
    """Collected while walking a page (and its templates); frozen once read."""

    glyphs: list[dict[str, Any]] = field(default_factory=list)  # text, x0, x1, top, bottom
    edges: list[dict[str, Any]] = field(default_factory=list)  # pdfplumber's edge dicts
    images: list[PlacedImage] = field(default_factory=list)
    glyph_only: int = 0  # text objects whose characters are glyph ids or private-use codes


def compose(outer: Affine, inner: Affine) -> Affine:
    """The transform applying `inner` first, then `outer`."""
    a1, b1, c1, d1, e1, f1 = outer
    a2, b2, c2, d2, e2, f2 = inner
    return (
        a1 * a2 + c1 * b2, b1 * a2 + d1 * b2,
        a1 * c2 + c1 * d2, b1 * c2 + d1 * d2,
        a1 * e2 + c1 * f2 + e1, b1 * e2 + d1 * f2 + f1,
    )  # fmt: skip


def apply(matrix: Affine, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def _bounds(matrix: Affine, box: tuple[float, float, float, float]) -> tuple[float, ...]:
    x0, y0, x1, y1 = box
    points = [apply(matrix, x, y) for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def object_transform(element: etree._Element) -> Affine:
    """Object space → parent space: the CTM, then the move to the Boundary's origin."""
    box = parse_box(element.get("Boundary")) or (0.0, 0.0, 0.0, 0.0)
    ctm = numbers(element.get("CTM"))
    a, b, c, d, e, f = ctm if len(ctm) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (a, b, c, d, e + box[0], f + box[1])


def deltas(text: str | None, limit: int) -> list[float]:
    """DeltaX/DeltaY with its "g N d" runs spelled out, at most `limit` of them (a run's N
    is the file's word: "g 999999999 1" must not fill the memory)."""
    tokens = (text or "").split()
    out: list[float] = []
    i = 0
    try:
        while i < len(tokens) and len(out) < limit:
            if tokens[i] == "g" and i + 2 < len(tokens):
                out.extend([float(tokens[i + 2])] * min(int(tokens[i + 1]), limit - len(out)))
                i += 3
            else:
                out.append(float(tokens[i]))
                i += 1
    except ValueError:
        return out
    return out


def _visible(element: etree._Element, name: str, default: bool) -> bool:
    value = element.get(name)
    return default if value is None else value.strip().lower() == "true"


def _private(char: str) -> bool:
    """A private-use code: a producer's own glyph number, meaningless without its font."""
    return 0xE000 <= ord(char) <= 0xF8FF


def _number(text: str | None, default: float) -> float:
    try:
        return float(text) if text else default
    except ValueError:
        return default


def _text_object(element: etree._Element, matrix: Affine, out: PageDrawing) -> None:
    """Each character a glyph box; characters missing behind glyph ids (a CGTransform over
    blank or private-use codes) are counted, never guessed."""
    codes = list(children(element, "TextCode"))
    text = "".join(code.text or "" for code in codes)
    readable = any(ch.strip() and not _private(ch) for ch in text)
    if (not readable and child(element, "CGTransform") is not None) or any(map(_private, text)):
        out.glyph_only += 1
    size = _number(element.get("Size"), 0.0) or 3.5
    x = y = 0.0
    for code in codes:
        x = _number(code.get("X"), x)  # a TextCode without X or Y goes on from the last
        y = _number(code.get("Y"), y)
        chars = code.text or ""
        dx, dy = deltas(code.get("DeltaX"), len(chars)), deltas(code.get("DeltaY"), len(chars))
        for i, char in enumerate(chars):
            wide = not char.isascii()
            advance = dx[i] if i < len(dx) else size * (1.0 if wide else 0.5)
            if not _private(char):
                box = (x, y - _ASCENT * size, x + advance, y + _DESCENT * size)
                x0, top, x1, bottom = _bounds(matrix, box)
                out.glyphs.append({"text": char, "x0": x0, "x1": x1, "top": top, "bottom": bottom})
            x += advance
            y += dy[i] if i < len(dy) else 0.0


def _edge(start: tuple[float, float], end: tuple[float, float]) -> dict[str, Any] | None:
    (xa, ya), (xb, yb) = start, end
    x0, x1, top, bottom = min(xa, xb), max(xa, xb), min(ya, yb), max(ya, yb)
    if bottom - top <= _AXIS_TOLERANCE < x1 - x0:
        mid = (top + bottom) / 2
        return {"x0": x0, "x1": x1, "top": mid, "bottom": mid, "width": x1 - x0,
                "height": 0.0, "orientation": "h", "object_type": "line"}  # fmt: skip
    if x1 - x0 <= _AXIS_TOLERANCE < bottom - top:
        mid = (x0 + x1) / 2
        return {"x0": mid, "x1": mid, "top": top, "bottom": bottom, "width": 0.0,
                "height": bottom - top, "orientation": "v", "object_type": "line"}  # fmt: skip
    return None


def path_segments(data: str) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The straight segments an AbbreviatedData string draws (curves only move the pen)."""
    tokens = data.split()
    segments = []
    pen = start = (0.0, 0.0)
    i = 0
    while i < len(tokens):
        op = tokens[i].upper()
        count = _PATH_OPERANDS.get(op)
        if count is None:  # an unknown or damaged token: skip it, keep what was drawn
            i += 1
            continue
        values = numbers(" ".join(tokens[i + 1 : i + 1 + count]))
        i += 1 + count
        if len(values) != count:
            break
        if op in ("C", "Z"):
            segments.append((pen, start))
            pen = start
        elif op in ("S", "M"):
            pen = start = (values[0], values[1])
        elif op == "L":
            segments.append((pen, (values[0], values[1])))
            pen = (values[0], values[1])
        else:
            pen = (values[-2], values[-1])
    return segments


def _path_object(element: etree._Element, matrix: Affine, out: PageDrawing) -> None:
    if not (_visible(element, "Stroke", True) or _visible(element, "Fill", False)):
        return
    data = child(element, "AbbreviatedData")
    for start, end in path_segments(data.text or "" if data is not None else ""):
        edge = _edge(apply(matrix, *start), apply(matrix, *end))
        if edge is not None:
            out.edges.append(edge)


def walk(
    objects: Iterable[etree._Element],
    matrix: Affine,
    units: Mapping[str, etree._Element],
    out: PageDrawing,
    depth: int = 0,
) -> None:
    """Collect what `objects` draw, placed by `matrix` (their parent space → points)."""
    for element in objects:
        name = local(element)
        placed = compose(matrix, object_transform(element))
        if name == "TextObject":
            _text_object(element, placed, out)
        elif name == "PathObject":
            _path_object(element, placed, out)
        elif name == "ImageObject":
            # an image fills the unit square of its own space
            box = _bounds(placed, (0.0, 0.0, 1.0, 1.0))
            resource = element.get("ResourceID", "")
            out.images.append(PlacedImage(resource, (box[0], box[1], box[2], box[3])))
        elif depth >= _MAX_NESTING:
            continue
        elif name == "PageBlock":
            walk(element, matrix, units, out, depth + 1)
        elif name == "CompositeObject":
            content = child(units.get(element.get("ResourceID", "")), "Content")
            if content is not None:
                walk(content, placed, units, out, depth + 1)


def page_drawing(
    pages: Iterable[etree._Element],
    origin_mm: tuple[float, float],
    units: Mapping[str, etree._Element],
) -> PageDrawing:
    """Everything drawn by a page's Content.xml roots (its templates' first), in points."""
    scale = MM_TO_POINTS
    root: Affine = (scale, 0.0, 0.0, scale, -origin_mm[0] * scale, -origin_mm[1] * scale)
    out = PageDrawing()
    for page in pages:
        for layer in children(child(page, "Content"), "Layer"):
            walk(layer, root, units, out)
    return out
