"""Degradation by a third-party library made for it: augraphy (photocopy, fax, ink bleed,
folds), beside the corpus's own profiles, so the benchmark is not only our own renderer
judging our own reader.

| profile       | dpi | augraphy augmentations, in order                                   |
|---------------|-----|--------------------------------------------------------------------|
| aug_photocopy | 200 | InkBleed, LowInkRandomLines, Folding, DirtyDrum, BadPhotoCopy      |
| aug_fax       | 200 | InkBleed, Folding, Faxify (1 bit by a drawn threshold method)      |

How augraphy behaves (read in its 8.2.6 source, checked by tests/scripts/corpus/test_variants.py):
- the augmentations are applied one after another, not through `AugraphyPipeline`: the
  pipeline writes every input page into `./augraphy_cache/` (a folder in the working
  directory, up to 30 page PNGs) and spends the time of a PNG encode on it.
- every augmentation draws from the global `random` and `numpy.random` generators (and OpenCV's
  for a few); `AugraphyPipeline(random_seed=...)` seeds them only once, when the pipeline is
  built, and skips a seed of 0. So each page seeds all three itself right before the call, from
  the page's own generator, and puts the caller's global states back afterwards.
- `Folding`'s fold noise is drawn inside a numba `parallel=True` kernel, whose per-thread
  generators the Python seeds do not reach: the folds here have `fold_noise=0` (same bytes
  every run); the folds still bend the rules and text across the crease.
- the defaults are far harsher than a real office copy (BadPhotoCopy's noise blots whole value
  cells, Faxify's halftone leaves text no person could read): the ranges below keep a page a
  person can still read, as a real copy or fax is.
- `BadPhotoCopy` noise types 4, 6, 7 and 8 are not reproducible either: the type is drawn
  here among the others.
- numba compiles its kernels on the first call in a process (a few seconds, cached on disk).
"""

from __future__ import annotations

import contextlib
import io
import random
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

AUGRAPHY_PROFILES = ("aug_photocopy", "aug_fax")
# BadPhotoCopy's noise types 4, 6, 7 and 8 give other bytes on every run with the same seeds
# (their noise is drawn where the Python seeds do not reach) and take 2-3 s a page
REPRODUCIBLE_NOISE_TYPES = (1, 2, 3, 5)
Params = dict[str, Any]


def _augmentations(profile: str) -> list[Any]:
    from augraphy import (
        BadPhotoCopy,
        DirtyDrum,
        Faxify,
        Folding,
        InkBleed,
        LowInkRandomLines,
    )

    folds = Folding(
        fold_count=random.randint(1, 3),
        fold_noise=0.0,  # drawn in a parallel numba kernel: not reproducible (see above)
        gradient_width=(0.05, 0.15),
        gradient_height=(0.005, 0.012),
        backdrop_color=(255, 255, 255),
        p=0.8,
    )
    bleed = InkBleed(intensity_range=(0.3, 0.6), kernel_size=(3, 3), severity=(0.2, 0.35), p=1)
    if profile == "aug_photocopy":
        return [
            bleed,
            LowInkRandomLines(count_range=(3, 8), p=0.7),
            folds,
            DirtyDrum(line_width_range=(1, 3), noise_intensity=0.3, p=0.6),
            BadPhotoCopy(
                noise_type=random.choice(REPRODUCIBLE_NOISE_TYPES),
                noise_iteration=(1, 1),
                noise_size=(1, 2),
                noise_value=(150, 220),
                noise_sparsity=(0.5, 0.8),
                noise_concentration=(0.05, 0.2),
                p=1,
            ),
        ]
    if profile == "aug_fax":
        return [bleed, folds, Faxify(scale_range=(1.0, 1.3), monochrome=1, halftone=0, p=1)]
    raise ValueError(f"unknown augraphy profile {profile!r}; choose from {AUGRAPHY_PROFILES}")


def augraphy_degrade(
    profile: str, raster: NDArray[np.uint8], rng: np.random.Generator
) -> tuple[NDArray[np.uint8], Params]:
    """`raster` (grey, the born-digital page at 200 dpi) through the profile's pipeline; the
    same generator state gives the same bytes."""
    seed = int(rng.integers(1, 2**31 - 1))
    saved_random, saved_numpy = random.getstate(), np.random.get_state()
    try:
        random.seed(seed)
        np.random.seed(seed)
        cv2.setRNGSeed(seed)
        image = cv2.cvtColor(raster, cv2.COLOR_GRAY2BGR)
        # Folding prints a line on stdout when a drawn fold is too narrow to bend anything
        with contextlib.redirect_stdout(io.StringIO()):
            for augmentation in _augmentations(profile):
                result = augmentation(image)  # None when its probability said no
                image = image if result is None else np.asarray(result)
    finally:
        random.setstate(saved_random)
        np.random.set_state(saved_numpy)
    if image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    if image.shape != raster.shape:  # a fold or a rescale changed the size by a pixel or two
        image = cv2.resize(image, (raster.shape[1], raster.shape[0]), interpolation=cv2.INTER_AREA)
    # folds move text by a few pixels: the identity is the page map up to that
    params: Params = {"augraphy_seed": seed, "matrix": np.eye(3).tolist()}
    return np.ascontiguousarray(image, dtype=np.uint8), params
