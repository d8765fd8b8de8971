"""A curve as sound: the WAV read back with the standard library, its pitch measured with numpy's FFT."""

import io
import math
import wave

import numpy as np
import pytest

from activities.engine.sound import curve_to_wav


def read(data: bytes) -> tuple[wave._wave_params, np.ndarray]:
    with wave.open(io.BytesIO(data), "rb") as wav:
        params = wav.getparams()
        samples = np.frombuffer(wav.readframes(params.nframes), dtype="<i2").astype(float)
    return params, samples


def peak_hz(samples: np.ndarray, rate: int, start: float, stop: float) -> float:
    """The loudest frequency between two times (seconds), from a Hann-windowed FFT."""
    part = samples[int(start * rate) : int(stop * rate)]
    spectrum = np.abs(np.fft.rfft(part * np.hanning(len(part))))
    return float(np.fft.rfftfreq(len(part), 1 / rate)[np.argmax(spectrum)])


def band_share(samples: np.ndarray, rate: int, start: float, stop: float, low: float, high: float) -> float:
    """The share of a stretch's energy between two frequencies."""
    part = samples[int(start * rate) : int(stop * rate)]
    power = np.abs(np.fft.rfft(part)) ** 2
    hz = np.fft.rfftfreq(len(part), 1 / rate)
    return float(power[(hz >= low) & (hz <= high)].sum() / power.sum())


def test_a_valid_mono_16_bit_wav_of_the_stated_length() -> None:
    for rate, seconds in ((22050, 2.0), (8000, 0.25), (44100, 3.5)):
        params, samples = read(curve_to_wav([0, 1, 2], [1, 3, 2], duration=seconds, sample_rate=rate))
        assert (params.nchannels, params.sampwidth, params.framerate, params.comptype) == (1, 2, rate, "NONE")
        assert params.nframes / rate == pytest.approx(seconds, abs=1 / rate)
        assert len(samples) == params.nframes


def test_the_default_is_two_seconds_at_22050_hz() -> None:
    params, _ = read(curve_to_wav(np.linspace(-3, 3, 200), np.exp(-(np.linspace(-3, 3, 200) ** 2) / 2)))
    assert params.nframes / params.framerate == 2.0


def test_two_levels_sound_the_two_ends_of_the_range() -> None:
    # Low for the first half, high for the second: the lowest value is 220 Hz, the highest 880 Hz.
    rate = 22050
    _, samples = read(curve_to_wav([0, 0.49, 0.51, 1], [5, 5, 9, 9], sample_rate=rate))
    assert peak_hz(samples, rate, 0.1, 0.9) == pytest.approx(220, abs=2)
    assert peak_hz(samples, rate, 1.1, 1.9) == pytest.approx(880, abs=2)


def test_pitch_rises_where_the_curve_rises_and_falls_where_it_falls() -> None:
    rate = 22050
    x = np.linspace(-4, 4, 401)
    density = np.exp(-(x**2) / 2) / math.sqrt(2 * math.pi)  # rises to x = 0 (1 s), then falls
    _, samples = read(curve_to_wav(x, density, sample_rate=rate))
    peaks = [peak_hz(samples, rate, start, start + 0.2) for start in (0.1, 0.4, 0.9, 1.4, 1.7)]
    assert peaks[0] < peaks[1] < peaks[2]
    assert peaks[2] > peaks[3] > peaks[4]
    assert all(200 <= hz <= 900 for hz in peaks)

    # A rising line rises in pitch, window after window.
    _, rising = read(curve_to_wav([0, 1], [0, 1], sample_rate=rate))
    peaks = [peak_hz(rising, rate, start, start + 0.2) for start in np.arange(0.05, 1.8, 0.25)]
    assert all(a < b for a, b in zip(peaks, peaks[1:], strict=False))


def test_a_tick_marks_the_given_x_and_nowhere_else() -> None:
    rate = 22050
    # x from 0 to 8 over 2 s: x = 2 sounds at 0.5 s.
    _, ticked = read(curve_to_wav([0, 8], [1, 2], tick_at=2.0, sample_rate=rate))
    _, plain = read(curve_to_wav([0, 8], [1, 2], sample_rate=rate))
    assert band_share(ticked, rate, 0.48, 0.52, 1800, 2200) > 0.1
    assert band_share(plain, rate, 0.48, 0.52, 1800, 2200) < 0.01
    assert band_share(ticked, rate, 1.3, 1.4, 1800, 2200) < 0.01
    # Outside the tick the two sounds are the same.
    assert np.array_equal(ticked[: int(0.45 * rate)], plain[: int(0.45 * rate)])


def test_no_clicks_the_tone_glides_and_fades() -> None:
    rate = 22050
    x = np.linspace(0, 1, 50)
    _, samples = read(curve_to_wav(x, np.sin(12 * x) + (x > 0.5), sample_rate=rate))
    # A sine of amplitude A at f Hz moves at most 2πfA/rate between samples: a phase jump would move up to 2A.
    largest = np.abs(samples).max()
    assert np.abs(np.diff(samples)).max() <= 2 * math.pi * 880 * largest / rate * 1.05 + 2
    assert abs(samples[0]) <= 1 and abs(samples[-1]) <= 0.05 * largest
    assert largest < 32767  # no clipping


def test_a_flat_curve_is_one_steady_pitch() -> None:
    rate = 22050
    _, samples = read(curve_to_wav([0, 1], [3, 3], sample_rate=rate))
    assert peak_hz(samples, rate, 0.1, 0.6) == peak_hz(samples, rate, 1.3, 1.8) == pytest.approx(440, abs=3)


def test_the_largest_wav_is_bounded() -> None:
    data = curve_to_wav(np.arange(10_000), np.sin(np.arange(10_000)), duration=10, sample_rate=48000)
    assert len(data) == 44 + 48000 * 10 * 2


@pytest.mark.parametrize(
    ("x", "y", "options"),
    [
        ([0, 1], [1], {}),  # lengths differ
        ([0], [1], {}),  # one point
        (np.arange(10_001), np.zeros(10_001), {}),  # too many points
        ([0, 1, 1], [1, 2, 3], {}),  # x does not increase
        ([1, 0], [1, 2], {}),
        ([0, 1], [1, math.nan], {}),
        ([0, math.inf], [1, 2], {}),
        ([[0, 1]], [[1, 2]], {}),
        (["a", "b"], [1, 2], {}),
        ([0, 1], [1, 2], {"sample_rate": 7999}),
        ([0, 1], [1, 2], {"sample_rate": 48001}),
        ([0, 1], [1, 2], {"sample_rate": 22050.5}),
        ([0, 1], [1, 2], {"duration": 0.1}),
        ([0, 1], [1, 2], {"duration": 10.5}),
        ([0, 1], [1, 2], {"duration": math.nan}),
        ([0, 1], [1, 2], {"tick_at": 1.5}),
        ([0, 1], [1, 2], {"tick_at": math.nan}),
        ([0, 1], [1, 2], {"low": 880, "high": 220}),
        ([0, 1], [1, 2], {"low": 10}),
        ([0, 1], [1, 2], {"high": 5000}),
    ],
)
def test_bad_input_is_refused(x, y, options) -> None:
    with pytest.raises(ValueError):
        curve_to_wav(x, y, **options)
