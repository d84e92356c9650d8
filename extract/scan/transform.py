"""The page transform the scan path applied, kept as data and replayed without measuring.

`upright_page` measures a scanned page's quarter turn, perspective and skew and applies them;
`page_transform` keeps what it applied (saved in the record as `page_transforms`), and
`replay_transform` applies the same steps, through the same functions, to the page's print
layer again, so the review cuts its crops from exactly the image the reader looked at: no
orientation, perspective or skew detection, no OCR engine.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from declform.extract.scan.ink import separate_ink
from declform.extract.scan.orientation import rotate_upright
from declform.extract.scan.perspective import warp_perspective
from declform.extract.scan.skew import rotate_by
from declform.output.errors import InputError
from declform.output.record import PageTransform

Grey = NDArray[np.uint8]


def page_transform(
    page: int,
    rotation: int,
    homography: NDArray[np.float64] | None,
    skew: float,
    upright: Grey,
) -> PageTransform:
    """What `upright_page` did to page `page`, `upright` being the image it gave."""
    height, width = upright.shape[:2]
    return PageTransform(
        page=page,
        rotation=rotation,
        skew=float(skew),
        homography=None if homography is None else tuple(float(v) for v in homography.ravel()),
        size=(int(width), int(height)),
    )


def replay_transform(print_layer: Grey, transform: PageTransform) -> Grey:
    """The print layer of a source page turned, warped and deskewed as `transform` says."""
    image = rotate_upright(print_layer, transform.rotation)
    if transform.homography is not None:
        matrix = np.asarray(transform.homography, dtype=np.float64).reshape(3, 3)
        image = warp_perspective(image, matrix)
    if transform.skew:
        image = rotate_by(image, transform.skew)
    if transform.size is not None and (image.shape[1], image.shape[0]) != transform.size:
        width, height = transform.size
        raise InputError(
            f"page {transform.page} comes out {image.shape[1]}×{image.shape[0]} px, "
            f"not the {width}×{height} px it was read at"
        )
    return image


def _quarter_turn(rotation: int, width: int, height: int) -> NDArray[np.float64]:
    """Pixel (x, y) of a width × height image → its place after `rotate_upright(rotation)`."""
    turns = {
        0: ((1, 0, 0), (0, 1, 0)),
        90: ((0, -1, height - 1), (1, 0, 0)),
        180: ((-1, 0, width - 1), (0, -1, height - 1)),
        270: ((0, 1, 0), (-1, 0, width - 1)),
    }
    return np.array([*turns[rotation % 360], (0, 0, 1)], dtype=np.float64)


def transform_matrix(transform: PageTransform) -> NDArray[np.float64]:
    """The 3×3 map from source page pixels to the pixels of the image the reader looked at
    (the frame of the record's cell boxes); its inverse takes a cell box back to the source.
    Needs the transform's `size`."""
    if transform.size is None:
        raise ValueError("a page transform without its size cannot be mapped")
    width, height = transform.size
    turned = transform.rotation % 180 == 90
    matrix = _quarter_turn(transform.rotation, *((height, width) if turned else (width, height)))
    if transform.homography is not None:
        matrix = np.asarray(transform.homography, dtype=np.float64).reshape(3, 3) @ matrix
    if transform.skew:
        skew = cv2.getRotationMatrix2D((width / 2, height / 2), transform.skew, 1.0)
        matrix = np.vstack([skew, (0.0, 0.0, 1.0)]) @ matrix
    return matrix


def replay_page(source: NDArray[np.uint8], transform: PageTransform) -> Grey:
    """The image the reader looked at, rebuilt from the source page image (BGR or grey):
    its print layer (`separate_ink`, which measures no geometry) with `transform` applied."""
    return replay_transform(separate_ink(source)[0], transform)
