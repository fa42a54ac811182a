"""A tiny PNG encoder (NumPy + zlib) and the sample-grid renderer, so reports need no Pillow.

Pillow, when installed, is used for one thing only: drawing the labels under grid cells.
"""
from __future__ import annotations

import math
import struct
import textwrap
import zlib
from typing import Sequence

import numpy as np

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def encode_png(pixels: np.ndarray) -> bytes:
    """Encode a uint8 array of shape (H, W) (grey) or (H, W, 3) (RGB) as PNG bytes."""
    array = np.ascontiguousarray(pixels)
    if array.dtype != np.uint8:
        raise TypeError(f"encode_png wants uint8 pixels, got {array.dtype}")
    if array.ndim == 2:
        colour_type = 0
    elif array.ndim == 3 and array.shape[2] == 3:
        colour_type = 2
    else:
        raise ValueError(f"encode_png wants shape (H, W) or (H, W, 3), got {array.shape}")
    height, width = array.shape[:2]
    if height == 0 or width == 0:
        raise ValueError("encode_png cannot encode an empty image")
    rows = array.reshape(height, -1)
    # Filter type 0 (None) on every scanline: a leading zero byte per row.
    raw = np.concatenate([np.zeros((height, 1), np.uint8), rows], axis=1).tobytes()
    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(raw, 6)) + _chunk(b"IEND", b"")


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) of PNG bytes; ValueError if they are not a PNG."""
    if not is_png(data):
        raise ValueError("not PNG data (the 8-byte PNG signature is missing)")
    return struct.unpack(">II", data[16:24])


def is_png(data: bytes) -> bool:
    return isinstance(data, (bytes, bytearray, memoryview)) and bytes(data[:8]) == PNG_SIGNATURE and len(data) >= 24


def _to_uint8_stack(images: object) -> np.ndarray:
    """Coerce (n,H,W), (n,H,W,1|3) or channel-first (n,1|3,H,W) to uint8 (n,H,W) or (n,H,W,3)."""
    if hasattr(images, "detach"):  # a torch tensor, without importing torch
        images = images.detach().cpu().numpy()
    array = np.asarray(images)
    if array.ndim == 4 and array.shape[-1] not in (1, 3) and array.shape[1] in (1, 3):
        array = np.moveaxis(array, 1, -1)
    if array.ndim == 4 and array.shape[-1] == 1:
        array = array[..., 0]
    if not (array.ndim == 3 or (array.ndim == 4 and array.shape[-1] == 3)):
        raise ValueError(f"image_grid wants images of shape (n,H,W) or (n,H,W,3), got {array.shape}")
    if array.shape[0] == 0:
        raise ValueError("image_grid needs at least one image")
    if array.dtype == np.uint8:
        return array
    if array.dtype == bool:
        return array.astype(np.uint8) * 255
    values = array.astype(np.float64)
    finite = np.isfinite(values)
    values = np.where(finite, values, 0.0)
    low, high = (values[finite].min(), values[finite].max()) if finite.any() else (0.0, 1.0)
    if np.issubdtype(array.dtype, np.integer):
        values = np.clip(values, 0, 255) / 255.0 if high > 1 else values
    elif low < 0.0 or high > 1.0:
        # Outside [0, 1] (e.g. samples in [-1, 1]): stretch the whole grid to [0, 1] together.
        values = (values - low) / (high - low) if high > low else np.zeros_like(values)
    return np.round(np.clip(values, 0.0, 1.0) * 255.0).astype(np.uint8)


def _pillow():
    """Pillow's Image and ImageDraw modules, or None when Pillow is not installed."""
    try:
        from PIL import Image, ImageDraw
    except ImportError:
        return None
    return Image, ImageDraw


LABEL_HEIGHT = 14  # one line of the default bitmap font, with a little space
CHAR_WIDTH = 6  # the default bitmap font is about 6 px a character
MAX_LABEL_LINES = 6  # a caption, not a paragraph: more than this is cut and marked


def wrap_label(text: object, limit: int) -> list[str]:
    """A label as lines of at most ``limit`` characters: its own newlines kept, words wrapped
    whole (a word longer than a line is split); beyond MAX_LABEL_LINES the last line ends in "~"."""
    limit = max(1, limit)
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        lines += textwrap.wrap(paragraph, width=limit, break_on_hyphens=False) or [""]
    if len(lines) > MAX_LABEL_LINES:
        lines = lines[:MAX_LABEL_LINES]
        lines[-1] = lines[-1][: limit - 1] + "~"
    return lines


def render_grid(
    images: object,
    labels: Sequence[object] | None = None,
    columns: int | None = None,
    scale: int | None = None,
    padding: int = 2,
) -> tuple[bytes, bool]:
    """Render images into one PNG grid. Returns (png_bytes, labels_drawn_in_image).

    Small images are enlarged by an integer factor (nearest neighbour) so each cell is at
    least 64 pixels on its long side unless `scale` says otherwise. Labels are drawn under
    each cell when Pillow is installed; otherwise the caller shows them in the HTML.
    """
    stack = _to_uint8_stack(images)
    count, height, width = stack.shape[:3]
    if labels is not None and len(labels) != count:
        raise ValueError(f"image_grid got {len(labels)} labels for {count} images")
    if columns is None:
        columns = math.ceil(math.sqrt(count))
    if columns < 1:
        raise ValueError(f"image_grid wants columns >= 1, got {columns}")
    columns = min(columns, count)
    rows = math.ceil(count / columns)
    if scale is None:
        scale = max(1, math.ceil(64 / max(height, width)))
    if scale < 1:
        raise ValueError(f"image_grid wants scale >= 1, got {scale}")
    if scale > 1:
        stack = stack.repeat(scale, axis=1).repeat(scale, axis=2)
    cell_h, cell_w = height * scale, width * scale
    pil = _pillow() if labels is not None else None
    # Labels wrap under their cell (cutting them made captions unreadable); every row gets the
    # height of the longest one so the grid stays regular.
    wrapped = [wrap_label(label, (width * scale) // CHAR_WIDTH) for label in labels] if pil is not None else []
    label_h = LABEL_HEIGHT * max(map(len, wrapped)) if wrapped else 0
    rgb = stack.ndim == 4
    canvas_shape = (
        padding + rows * (cell_h + label_h + padding),
        padding + columns * (cell_w + padding),
    ) + ((3,) if rgb else ())
    canvas = np.full(canvas_shape, 255, dtype=np.uint8)
    for index in range(count):
        row, column = divmod(index, columns)
        top = padding + row * (cell_h + label_h + padding)
        left = padding + column * (cell_w + padding)
        canvas[top : top + cell_h, left : left + cell_w] = stack[index]
    if pil is not None:
        Image, ImageDraw = pil
        picture = Image.fromarray(canvas, "RGB" if rgb else "L")
        draw = ImageDraw.Draw(picture)
        ink = (0, 0, 0) if rgb else 0
        for index, lines in enumerate(wrapped):
            row, column = divmod(index, columns)
            top = padding + row * (cell_h + label_h + padding) + cell_h + 1
            left = padding + column * (cell_w + padding)
            for number, text in enumerate(lines):
                position = (left + 1, top + number * LABEL_HEIGHT)
                try:
                    draw.text(position, text, fill=ink)
                except (UnicodeError, ValueError):  # a bitmap font without these glyphs
                    draw.text(position, text.encode("ascii", "replace").decode(), fill=ink)
        canvas = np.asarray(picture, dtype=np.uint8)
    return encode_png(canvas), pil is not None
