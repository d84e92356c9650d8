"""Layouts: which cell of a form grid is which field (YAML data + the code applying it)."""

from declform.layouts.apply import identify, read_form, why_not_a_form
from declform.layouts.fields import FormFields
from declform.layouts.grid import BBox, Cell, Grid, TextLine
from declform.layouts.match import LayoutMatch
from declform.layouts.spec import Layout, builtin_layouts, load_layout_file

__all__ = [
    "BBox",
    "Cell",
    "FormFields",
    "Grid",
    "Layout",
    "LayoutMatch",
    "TextLine",
    "builtin_layouts",
    "identify",
    "load_layout_file",
    "read_form",
    "why_not_a_form",
]
