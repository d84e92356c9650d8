"""Rows, columns and spans from cell rectangles, the rule both grid paths share."""

from __future__ import annotations

from declform.extract.structure import table_structure


def test_table_structure_clusters_near_edges() -> None:
    # the second cell's left edge is 0.4pt off the first cell's right edge: one boundary
    structure = table_structure([(0, 0, 10, 5), (10.4, 0, 20, 5), (0, 5, 20, 9)])
    assert len(structure.x_bounds) == 3 and len(structure.y_bounds) == 3
    assert [(s.row, s.col, s.rowspan, s.colspan) for s in structure.spans] == [
        (0, 0, 1, 1),
        (0, 1, 1, 1),
        (1, 0, 1, 2),
    ]
    assert structure.locate(15, 7) == 2
    assert structure.locate(25, 7) is None
