"""Layouts: which cell of a form grid is which field (YAML data + the code applying it)."""

from layouts.apply import identify, read_form
from layouts.fields import FormFields
from layouts.grid import BBox, Cell, Grid, TextLine
from layouts.match import LayoutMatch
from layouts.spec import Layout, builtin_layouts, load_layout_file

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
]
