"""Grid labels are read by learners: a long label wraps onto more lines under its cell, never cut."""
from __future__ import annotations

import numpy as np
import pytest

from deeproots.report import png

pytest.importorskip("PIL")


def test_a_long_label_wraps_under_its_cell_instead_of_being_cut():
    images = np.zeros((2, 8, 8))
    label = "shape: circle, texture: stripes"
    data, drawn = png.render_grid(images, labels=[label, "x"], scale=8)  # 64 px cells: about 10 characters a line
    assert drawn
    width, height = png.png_size(data)
    lines = png.wrap_label(label, 64 // png.CHAR_WIDTH)
    assert lines == ["shape:", "circle,", "texture:", "stripes"], "words stay whole, in order"
    assert height == 2 + 64 + len(lines) * png.LABEL_HEIGHT + 2, "the label strip grows to hold every line"


def test_wrap_label_keeps_newlines_and_marks_what_does_not_fit():
    assert png.wrap_label("plain CNN\nsaid: square", 20) == ["plain CNN", "said: square"]
    cut = png.wrap_label("a " * 100, 10)
    assert len(cut) == png.MAX_LABEL_LINES and cut[-1].endswith("~")
