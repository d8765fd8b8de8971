"""The shared plot machinery: pixel mapping, PNG/APNG output, scene cache."""

import io
import threading

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from activities.engine import encode, layout, pillow, scenes, style

PNG = b"\x89PNG\r\n\x1a\n"
LIMITS = (-2.0, 3.0, -1.0, 4.0)


def _build(scene: scenes.Scene) -> None:
    scene.ax.set_xlim(LIMITS[0], LIMITS[1])
    scene.ax.set_ylim(LIMITS[2], LIMITS[3])
    scene.dynamic(scene.ax.plot([], [], "o", color=style.ORANGE)[0], "point")


def _move(x: float, y: float):
    def update(scene: scenes.Scene) -> None:
        scene["point"].set_data([x], [y])

    return update


@given(
    st.floats(LIMITS[0], LIMITS[1]),
    st.floats(LIMITS[2], LIMITS[3]),
    st.sampled_from(layout.SCALES),
)
def test_pixel_data_round_trip(x: float, y: float, scale: int) -> None:
    px, py = layout.data_to_pixel(x, y, LIMITS, scale)
    back = layout.pixel_to_data(px, py, LIMITS, scale)
    assert back == pytest.approx((x, y), abs=1e-9)


@pytest.mark.parametrize("scale", layout.SCALES)
def test_mapping_matches_matplotlib(scale: int) -> None:
    """The arithmetic mapping agrees with where matplotlib actually puts data points."""
    scene = scenes.get_scene("test", "mapping", scale, _build)
    for x, y in ((0.0, 0.0), (-2.0, -1.0), (3.0, 4.0), (1.25, 2.5)):
        (mx, my), *_ = scene.to_pixels([x], [y])
        assert layout.data_to_pixel(x, y, LIMITS, scale) == pytest.approx((mx, my), abs=1e-6)


def test_corners_and_outside() -> None:
    left, bottom, width, height = layout.AXES_RECT
    top_left = (left * layout.WIDTH, (1 - bottom - height) * layout.HEIGHT)
    assert layout.pixel_to_data(*top_left, LIMITS) == pytest.approx((LIMITS[0], LIMITS[3]))
    assert layout.pixel_to_data(1, 1, LIMITS) is None
    assert layout.pixel_to_data(layout.WIDTH - 1, layout.HEIGHT - 1, LIMITS) is None


def test_equal_aspect_limits_give_square_pixels() -> None:
    xmin, xmax, ymin, ymax = layout.equal_aspect_limits(1.0, -1.0, 2.0)
    x0, y0 = layout.data_to_pixel(xmin, ymin, (xmin, xmax, ymin, ymax))
    x1, y1 = layout.data_to_pixel(xmin + 1, ymin + 1, (xmin, xmax, ymin, ymax))
    assert x1 - x0 == pytest.approx(y0 - y1)
    assert (xmin + xmax) / 2 == pytest.approx(1.0)
    assert (ymin + ymax) / 2 == pytest.approx(-1.0)


@pytest.mark.parametrize("scale", layout.SCALES)
def test_scene_png_size(scale: int) -> None:
    data = scenes.render_scene("test", "png", scale, _build, _move(0.5, 0.5))
    assert data.startswith(PNG)
    assert Image.open(io.BytesIO(data)).size == (layout.WIDTH * scale, layout.HEIGHT * scale)


def test_dynamic_artist_moves_over_cached_background() -> None:
    """Two renders of one scene differ only where the dynamic marker moved."""
    first = Image.open(io.BytesIO(scenes.render_scene("test", "move", 1, _build, _move(-1.0, 0.0)))).convert("RGB")
    second = Image.open(io.BytesIO(scenes.render_scene("test", "move", 1, _build, _move(2.0, 3.0)))).convert("RGB")
    px, py = layout.data_to_pixel(-1.0, 0.0, LIMITS)
    assert first.getpixel((round(px), round(py))) != second.getpixel((round(px), round(py)))
    far = (5, 5)  # in the margin: part of the static background
    assert first.getpixel(far) == second.getpixel(far)


def test_scene_cache_is_bounded_and_per_thread() -> None:
    scenes.clear_scenes()
    for key in range(scenes.MAX_SCENES + 5):
        scenes.get_scene("test", ("bound", key), 1, _build)
    assert len(scenes._cache.scenes) == scenes.MAX_SCENES
    seen = []
    thread = threading.Thread(target=lambda: seen.append(len(scenes._cache.scenes)))
    thread.start()
    thread.join()
    assert seen == [0]
    scenes.clear_scenes()


def test_frame_indices_bounded() -> None:
    assert pillow.frame_indices(0) == []
    assert pillow.frame_indices(5) == [0, 1, 2, 3, 4]
    indices = pillow.frame_indices(501)
    assert len(indices) <= encode.MAX_FRAMES
    assert indices[0] == 0 and indices[-1] == 500
    assert indices == sorted(set(indices))


def _flat(segment) -> list[float]:
    return [v for point in segment for v in point]


def test_clip_segment() -> None:
    box = (0.0, 0.0, 10.0, 10.0)
    assert _flat(pillow.clip_segment((-5, 5), (15, 5), box)) == pytest.approx([0, 5, 10, 5])
    assert _flat(pillow.clip_segment((2, 2), (3, 3), box)) == pytest.approx([2, 2, 3, 3])
    assert pillow.clip_segment((-5, -5), (-1, 20), box) is None
    # Huge coordinates (a diverging path) are clipped without overflow.
    assert _flat(pillow.clip_segment((5, 5), (5, 1e25), box)) == pytest.approx([5, 5, 5, 10])


def test_apng_has_frames_and_durations() -> None:
    scene = scenes.get_scene("test", "apng", 1, _build)
    image = scene.image(_move(0, 0))
    data = pillow.path_apng(scene, image, [-1.5, -1, 0, 1, 2], [0, 1, 2, 3, 3.5], duration_ms=50, last_ms=500)
    assert data.startswith(PNG)
    animation = Image.open(io.BytesIO(data))
    assert animation.size == (layout.WIDTH, layout.HEIGHT)
    assert animation.n_frames == 5
    animation.seek(4)
    assert animation.info["duration"] == 500
    # The last frame shows the end of the path: the dot at (2, 3.5).
    px, py = layout.data_to_pixel(2, 3.5, LIMITS)
    assert animation.convert("RGB").getpixel((round(px), round(py))) == style.rgb(style.ORANGE)


def test_palette_and_fonts() -> None:
    assert len(set(style.PALETTE)) == 8
    assert min(style.FONT_TICK, style.FONT_LABEL, style.FONT_TITLE, style.FONT_NOTE, style.FONT_SMALL) >= 9
    assert style.rgb("#E69F00") == (230, 159, 0)


def _frames_drawn_first(scene, image, xs, ys, colour, on_frame=None) -> list:
    """Every frame of a traced path, drawn whole and kept (the way animations were made before streaming)."""
    pixels = scene.to_pixels(xs, ys)
    box, width, radius = scene.axes_box(), 3 * scene.scale, 5.5 * scene.scale
    work, frames, drawn = image.copy(), [], 0
    for index in pillow.frame_indices(len(pixels)):
        pillow.draw_polyline(work, pixels[drawn : index + 1], box, colour, width)
        drawn = index
        frame = work.copy()
        x, y = pixels[index]
        if box[0] <= x <= box[2] and box[1] <= y <= box[3]:
            pillow.draw_dot(frame, (x, y), radius, style.ORANGE, style.BLACK, scene.scale)
        if on_frame is not None:
            on_frame(frame, index)
        frames.append(frame)
    return frames


@pytest.mark.parametrize("scale", [1, 2])
@pytest.mark.parametrize("points", [7, 40, 501])
def test_streamed_apng_equals_frames_drawn_first(scale: int, points: int) -> None:
    """Encoding frames as they are drawn gives the same animation: same frame count, same pixels."""
    scene = scenes.get_scene("test", "stream", scale, _build)
    image = scene.image(_move(0, 0))
    t = np.linspace(0, 1, points)
    # A spiral that leaves the axes and comes back, and stalls at the end (identical frames merge).
    xs = np.concatenate([4.5 * t * np.cos(9 * t), np.full(30, 4.5 * np.cos(9))])
    ys = np.concatenate([4.5 * t * np.sin(9 * t) * 1.4, np.full(30, 4.5 * 1.4 * np.sin(9))])
    patch = Image.new("RGB", (30 * scale, 20 * scale), (0, 0, 255))

    def on_frame(frame, index) -> None:
        frame.paste(patch, (40 * scale, 40 * scale))

    frames = _frames_drawn_first(scene, image, xs, ys, style.BLUE, on_frame)
    streamed = pillow.path_apng(scene, image, xs, ys, colour=style.BLUE, on_frame=on_frame)
    before = encode.encode_apng(frames, 60, 1500)
    assert streamed == before
    animation = Image.open(io.BytesIO(streamed))
    distinct = 1 + sum(a.tobytes() != b.tobytes() for a, b in zip(frames, frames[1:], strict=False))
    assert animation.n_frames == distinct <= encode.MAX_FRAMES
    assert len(frames) > distinct  # the stall at the end merged into the last frame


# One state per background the activities draw, at each scale: matrix windows 2, 5, 12 and 24, the five
# descent surfaces, the five fields, and the classifier's, distributions' and CLT's single frames.
BACKGROUND_STATES = (
    [("matrix-transform", {"a": a, "b": b, "c": 0, "d": a}) for a, b in ((1, 0), (3, 0), (8, 0), (10, 10))]
    + [("gradient-descent", {"loss": loss}) for loss in ("bowl", "elongated", "rosenbrock", "himmelblau", "saddle")]
    + [("gradient-field", {"field": field}) for field in ("bowl", "saddle", "hill", "ripple", "himmelblau")]
    + [("linear-classifier", {}), ("distributions", {}), ("clt", {})]
)


def _render_state(slug: str, raw: dict, scale: int, size: layout.Size = layout.DESK) -> bytes:
    from activities.engine import params as P
    from activities.kinds import REGISTRY

    kind = REGISTRY[slug]
    values = P.parse(kind.params, raw)
    return kind.render(values, kind.compute(values), scale, size)


def test_scene_cache_holds_every_background() -> None:
    """Cycling through every background twice draws each once: the cache never evicts one of them."""
    scenes.clear_scenes()
    for scale in layout.SCALES:
        for slug, raw in BACKGROUND_STATES:
            _render_state(slug, raw, scale)
    held = dict(scenes._cache.scenes)
    assert len(held) == 2 * len(BACKGROUND_STATES) == 34 <= scenes.MAX_SCENES
    for scale in layout.SCALES:
        for slug, raw in BACKGROUND_STATES:
            _render_state(slug, raw, scale)
    assert all(scenes._cache.scenes[key] is scene for key, scene in held.items())
    scenes.clear_scenes()


def test_scenes_sharing_a_pixel_buffer_draw_the_same_images() -> None:
    """Scenes of one thread share an Agg buffer per scale; interleaving them changes no image."""
    scenes.clear_scenes()
    first = [_render_state(slug, raw, 2) for slug, raw in BACKGROUND_STATES[:6]]
    again = [_render_state(slug, raw, 2) for slug, raw in reversed(BACKGROUND_STATES[:6])]
    assert again[::-1] == first
    scenes.clear_scenes()
    alone = _render_state(*BACKGROUND_STATES[4], 2)
    assert alone == first[4]


def test_warm_scenes_draws_every_background_before_any_request() -> None:
    """What gunicorn's master runs before forking: afterwards no state draws a background again."""
    scenes.clear_scenes()
    assert scenes.warm_scenes() == len(layout.SIZES) * len(layout.SCALES) * len(BACKGROUND_STATES)
    held = dict(scenes._cache.scenes)
    for size in layout.SIZES.values():
        for scale in layout.SCALES:
            for slug, raw in BACKGROUND_STATES:
                _render_state(slug, raw, scale, size)
    assert scenes._cache.scenes == held
    scenes.clear_scenes()
