"""Images to bytes: PNG (256-colour palette, zlib level 1) and animated PNG played once, written frame by frame.

An animation plays once and stays on its last frame, the complete picture (WCAG 2.2.2); ``still_png``
gives that last frame as a plain PNG, for ``motion=off`` and ``prefers-reduced-motion``.
"""

import io
import struct
import zlib
from collections.abc import Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image, ImageChops

MAX_FRAMES = 40  # per animation: bounds APNG encode time and size
PLAYS = 1  # acTL num_plays: once, then the last frame stays (0 would loop forever)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def canvas_image(canvas: FigureCanvasAgg) -> Image.Image:
    """The canvas pixels as a PIL RGB image (copied: the buffer is reused by the next draw)."""
    width, height = canvas.get_width_height(physical=True)
    rgba = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    return rgba.convert("RGB")


def to_png(image: Image.Image) -> bytes:
    """PNG bytes of an RGB image, as a 256-colour palette image (half the bytes of RGB, and faster)."""
    buffer = io.BytesIO()
    palette(image).save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


def palette(image: Image.Image) -> Image.Image:
    """The image as 256 colours (a palette image)."""
    # Fast octree quantisation: plots have few distinct colours, so 256 keep antialiasing smooth.
    return image.quantize(256, method=Image.Quantize.FASTOCTREE)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _idat(image: Image.Image | np.ndarray) -> bytes:
    """zlib stream of a palette image's rows, each with filter byte 0 (palette images compress best unfiltered)."""
    pixels = np.asarray(image, dtype=np.uint8)
    rows = np.zeros((pixels.shape[0], pixels.shape[1] + 1), dtype=np.uint8)
    rows[:, 1:] = pixels
    return zlib.compress(rows.tobytes(), 1)


class ApngWriter:
    """An animated PNG encoded frame by frame, as the frames are drawn: no frame is kept raw.

    Written directly rather than with Pillow's APNG writer (which converts every frame to RGBA twice
    and holds them all): one 256-colour ``palette`` image shared by every frame (take it from the last
    frame: it holds every colour of the path), the first frame in full, then only the rectangle that
    differs from the previous frame, compressed at once. Only those compressed rectangles are kept
    until ``finish``: at scale 2 a raw frame is 2.8 MB, a compressed rectangle a few kB.
    """

    def __init__(self, palette: Image.Image, duration_ms: int) -> None:
        self.palette = palette
        self.duration_ms = duration_ms
        self.size: tuple[int, int] | None = None
        # (box, compressed rows, duration): a frame identical to the previous lengthens that one instead.
        self.frames: list[tuple[tuple[int, int, int, int], bytes, int]] = []

    def add(self, frame: Image.Image, box: tuple[int, int, int, int] | None) -> None:
        """Encode ``frame`` (RGB); ``box`` is where it differs from the previous frame (None: nowhere)."""
        if self.size is None:
            self.size = frame.size
            box = (0, 0, *frame.size)
        if len(self.frames) >= MAX_FRAMES:
            raise ValueError(f"an animation has at most {MAX_FRAMES} frames")
        if box is None:
            last_box, data, duration = self.frames[-1]
            self.frames[-1] = (last_box, data, duration + self.duration_ms)
            return
        indexed = frame.crop(box).quantize(palette=self.palette, dither=Image.Dither.NONE)
        self.frames.append((box, _idat(indexed), self.duration_ms))

    def finish(self, last_ms: int | None = None) -> bytes:
        """The APNG bytes, played once and then held on the last frame (``last_ms`` long, when given)."""
        if not self.frames or self.size is None:
            raise ValueError("an animation needs at least one frame")
        if last_ms is not None:
            box, data, duration = self.frames[-1]
            self.frames[-1] = (box, data, duration - self.duration_ms + last_ms)
        width, height = self.size
        raw_palette = self.palette.getpalette()[: 3 * 256]
        out = [
            PNG_SIGNATURE,
            _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)),
            _chunk(b"PLTE", bytes(raw_palette)),
            _chunk(b"acTL", struct.pack(">II", len(self.frames), PLAYS)),
        ]
        sequence = 0
        for number, ((left, top, right, bottom), data, duration) in enumerate(self.frames):
            # fcTL: size, offset, delay (ms / 1000), dispose none, blend source.
            control = struct.pack(">IIIIIHHBB", sequence, right - left, bottom - top, left, top, duration, 1000, 0, 0)
            out.append(_chunk(b"fcTL", control))
            sequence += 1
            if number == 0:
                out.append(_chunk(b"IDAT", data))
            else:
                out.append(_chunk(b"fdAT", struct.pack(">I", sequence) + data))
                sequence += 1
        out.append(_chunk(b"IEND", b""))
        return b"".join(out)


def encode_apng(frames: Sequence[Image.Image], duration_ms: int, last_ms: int | None = None) -> bytes:
    """An animated PNG (played once) of RGB ``frames`` (at most MAX_FRAMES); the last is held ``last_ms``.

    For frames already drawn; ``path_apng`` encodes its frames as it draws them instead.
    """
    if not frames:
        raise ValueError("an animation needs at least one frame")
    frames = list(frames)[-MAX_FRAMES:]
    if len(frames) == 1:
        return to_png(frames[0])
    writer = ApngWriter(palette(frames[-1]), duration_ms)
    writer.add(frames[0], None)
    for previous, frame in zip(frames, frames[1:], strict=False):
        writer.add(frame, ImageChops.difference(frame, previous).getbbox())
    return writer.finish(last_ms)


def _chunks(data: bytes):
    """(type, body) of each chunk of PNG bytes."""
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG")
    at = len(PNG_SIGNATURE)
    while at + 8 <= len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        yield data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        at += 12 + length


def still_png(data: bytes) -> bytes:
    """The last frame of an animation written here (``ApngWriter``) as a plain PNG; a plain PNG as it is.

    The frames are composed as a viewer composes them (each rectangle replaces what lay under it), in
    the animation's own palette, so the still is exactly the picture the animation stops on.
    """
    chunks = list(_chunks(data))
    if not any(kind == b"acTL" for kind, _ in chunks):
        return data
    header = next(body for kind, body in chunks if kind == b"IHDR")
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    if (depth, colour) != (8, 3):
        raise ValueError("only 8-bit palette animations are composed")
    canvas = np.zeros((height, width), dtype=np.uint8)
    box = None
    for kind, body in chunks:
        if kind == b"fcTL":
            _, w, h, left, top = struct.unpack(">IIIII", body[:20])
            box = (left, top, w, h)
        elif kind in {b"IDAT", b"fdAT"} and box is not None:
            left, top, w, h = box
            rows = np.frombuffer(zlib.decompress(body if kind == b"IDAT" else body[4:]), dtype=np.uint8)
            rows = rows.reshape(h, w + 1)
            if rows[:, 0].any():
                raise ValueError("only unfiltered rows are composed")
            canvas[top : top + h, left : left + w] = rows[:, 1:]
    palette_chunk = next(body for kind, body in chunks if kind == b"PLTE")
    return b"".join(
        [
            PNG_SIGNATURE,
            _chunk(b"IHDR", header),
            _chunk(b"PLTE", palette_chunk),
            _chunk(b"IDAT", _idat(canvas)),
            _chunk(b"IEND", b""),
        ]
    )
