"""A curve as sound: a mono 16-bit PCM WAV whose pitch follows the value, left to right.

Time runs over x at a constant rate (the whole curve in ``duration`` seconds); at each sample the
value is interpolated linearly between the curve's points and mapped to a pitch between ``low`` and
``high`` on a logarithmic (musical) scale: the curve's lowest value sounds ``low``, its highest
``high``, a flat curve the geometric middle. The tone's phase is the running sum of its frequency,
so the pitch glides without clicks, and it fades in and out over FADE seconds. A short tick (a
Hann-windowed burst at TICK_HZ, above every pitch of the curve) can mark one x, such as the mean or
the minimum. Everything is bounded: the sample rate, the duration, the number of points, the pitch
range, so one WAV is at most MAX_SAMPLE_RATE × MAX_DURATION × 2 bytes (960 kB).
"""

import io
import math
import wave

import numpy as np

SAMPLE_RATE = 22050
MIN_SAMPLE_RATE, MAX_SAMPLE_RATE = 8000, 48000
DURATION = 2.0  # seconds
MIN_DURATION, MAX_DURATION = 0.25, 10.0
MAX_POINTS = 10_000  # more than any figure draws; interpolation cost is linear in it
LOW_HZ, HIGH_HZ = 220.0, 880.0  # A3 to A5: two octaves, clear on phone and laptop speakers
MIN_HZ = 20.0  # the bottom of human hearing
TICK_HZ = 2000.0  # above the curve's highest allowed pitch by at least a major third
TICK_SECONDS = 0.02
FADE = 0.01  # 10 ms fade in and out: no click where the sound starts and stops
TONE_AMPLITUDE = 0.5  # of full scale; with the tick at most 0.95, so nothing clips
TICK_AMPLITUDE = 0.45  # loud enough to hear over the tone: about a quarter of the energy around it


def _curve(x, y) -> tuple[np.ndarray, np.ndarray]:
    """x and y as float arrays, refused (ValueError) unless 2 to MAX_POINTS finite points with x increasing."""
    try:
        xs = np.asarray(x, dtype=float)
        ys = np.asarray(y, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("x and y must be sequences of numbers") from None
    if xs.ndim != 1 or ys.shape != xs.shape:
        raise ValueError("x and y must be flat sequences of the same length")
    if not 2 <= len(xs) <= MAX_POINTS:
        raise ValueError(f"a curve needs 2 to {MAX_POINTS} points")
    if not (np.isfinite(xs).all() and np.isfinite(ys).all()):
        raise ValueError("x and y must be finite")
    if not np.all(np.diff(xs) > 0):
        raise ValueError("x must increase from each point to the next")
    return xs, ys


def frequencies(y: np.ndarray, low: float, high: float) -> np.ndarray:
    """Pitch for each value: the lowest value ``low``, the highest ``high``, geometric in between."""
    span = float(y.max() - y.min())
    share = (y - y.min()) / span if span > 0 else np.full(y.shape, 0.5)
    return low * (high / low) ** share


def curve_to_wav(
    x,
    y,
    *,
    tick_at: float | None = None,
    duration: float = DURATION,
    sample_rate: int = SAMPLE_RATE,
    low: float = LOW_HZ,
    high: float = HIGH_HZ,
) -> bytes:
    """The WAV file (bytes) that plays the curve y(x) from left to right, with a tick at x = ``tick_at``.

    Raises ValueError for a curve or setting outside the bounds above.
    """
    xs, ys = _curve(x, y)
    if isinstance(sample_rate, bool) or not isinstance(sample_rate, int | np.integer):
        raise ValueError("the sample rate must be a whole number of samples a second")
    if not MIN_SAMPLE_RATE <= sample_rate <= MAX_SAMPLE_RATE:
        raise ValueError(f"the sample rate must be between {MIN_SAMPLE_RATE} and {MAX_SAMPLE_RATE}")
    if not (math.isfinite(duration) and MIN_DURATION <= duration <= MAX_DURATION):
        raise ValueError(f"the duration must be between {MIN_DURATION} and {MAX_DURATION} seconds")
    if not (math.isfinite(low) and math.isfinite(high) and MIN_HZ <= low < high <= TICK_HZ / 1.25):
        raise ValueError(f"the pitch range must lie between {MIN_HZ} and {TICK_HZ / 1.25:g} Hz, low below high")
    if tick_at is not None and not (math.isfinite(tick_at) and xs[0] <= tick_at <= xs[-1]):
        raise ValueError("the tick must lie within the curve's x range")

    count = round(duration * sample_rate)
    t = np.arange(count) / sample_rate
    # The sample at time t plays the curve at x = x₀ + (t / duration)·(x_last − x₀).
    at = xs[0] + (t / duration) * (xs[-1] - xs[0])
    pitch = frequencies(np.interp(at, xs, ys), low, high)
    phase = 2 * np.pi * np.cumsum(pitch) / sample_rate  # continuous: no jump when the pitch changes
    fade = np.clip(np.minimum(t, duration - t) / FADE, 0.0, 1.0)
    signal = TONE_AMPLITUDE * fade * np.sin(phase)

    if tick_at is not None:
        centre = (tick_at - xs[0]) / (xs[-1] - xs[0]) * duration
        half = TICK_SECONDS / 2
        near = np.flatnonzero(np.abs(t - centre) < half)
        window = 0.5 * (1 + np.cos(np.pi * (t[near] - centre) / half))  # Hann: 0 at both ends, 1 at the centre
        signal[near] += TICK_AMPLITUDE * window * np.sin(2 * np.pi * TICK_HZ * (t[near] - centre))

    samples = np.round(signal * 32767).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(samples.tobytes())
    return buffer.getvalue()


def tick(x: np.ndarray, at: float | None) -> float | None:
    """A tick inside the curve's x range (clipped to it), or None when there is no finite place for it."""
    if at is None or not np.isfinite(at):
        return None
    return float(min(max(at, x[0]), x[-1]))


def bounded(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """At most MAX_POINTS points, evenly spread, always keeping both ends."""
    if len(x) <= MAX_POINTS:
        return x, y
    keep = np.unique(np.linspace(0, len(x) - 1, MAX_POINTS).round().astype(int))
    return x[keep], y[keep]
