"""Images to bytes: PNG (256-colour palette, zlib level 1) and looping animated PNG, written frame by frame."""

import io
import struct
import zlib
from collections.abc import Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image, ImageChops

MAX_FRAMES = 40  # per animation: bounds APNG encode time and size


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


def _idat(image: Image.Image) -> bytes:
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
        """The APNG bytes, looping; the last frame is held ``last_ms`` when given."""
        if not self.frames or self.size is None:
            raise ValueError("an animation needs at least one frame")
        if last_ms is not None:
            box, data, duration = self.frames[-1]
            self.frames[-1] = (box, data, duration - self.duration_ms + last_ms)
        width, height = self.size
        raw_palette = self.palette.getpalette()[: 3 * 256]
        out = [
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)),
            _chunk(b"PLTE", bytes(raw_palette)),
            _chunk(b"acTL", struct.pack(">II", len(self.frames), 0)),  # 0 plays = loop forever
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
    """A looping animated PNG of RGB ``frames`` (at most MAX_FRAMES); the last is held ``last_ms``.

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
