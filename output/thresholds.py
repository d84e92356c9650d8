"""Thresholds shared by the stages that flag a reading and the outputs that show the flags."""

from __future__ import annotations

LOW_CONFIDENCE = 0.6  # below: a reading is kept and flagged for review
UNREADABLE = 0.25  # below: a reading is dropped (an empty value and a warning, never a guess)
