"""Listening to a figure: ``audio.wav`` plays the curve of ``data.json``, pitch rising where it rises.

Each WAV is read with ``wave`` and its pitch measured with numpy's FFT, against the numbers the
figure's own ``data.json`` gives: nothing here restates how the sound is made.
"""

import io
import re
import wave

import numpy as np
import pytest
from django.http import QueryDict

from activities.engine import params as param_specs
from activities.kinds import REGISTRY
from activities.web.state import canonical_query

pytestmark = pytest.mark.django_db

SOUNDING = ("distributions", "gradient-descent", "clt")
SILENT = ("matrix-transform", "gradient-field", "linear-classifier")
# States beyond the defaults and presets: a mass function, a CDF, a CLT run with means, a diverging run.
EXTRA = {
    "distributions": ["dist=binomial&p1=20&p2=0.3", "dist=normal&p1=1&p2=2&view=cdf", "dist=poisson&p1=4&view=cdf"],
    "gradient-descent": ["loss=elongated&x=-2&y=1&lr=0.05&optimizer=adam&steps=80"],
    "clt": ["source=exponential&n=5&draws=3000&seed=7", "source=uniform&n=2&draws=500"],
}
# Their curves rise only where no window can hear it alone: the saddle's loss falls exponentially (all
# of its range in the last steps, under the click at the minimum); no CLT means yet: a flat histogram.
NO_AUDIBLE_RISE = {
    "loss=saddle&x=-2&y=0.01&lr=0.1&steps=100&optimizer=gd&momentum=0.9&beta1=0.9&beta2=0.999&eps=1e-08",
    "source=uniform&n=10&draws=0&seed=1",
}
WINDOW = 2048  # samples (~93 ms at 22,050 Hz): fine enough in time, ~11 Hz in frequency
TICK_CLEARANCE = 0.07  # seconds kept between a window's centre and the click (a 20 ms burst)


def _states(slug: str) -> list[str]:
    kind = REGISTRY[slug]
    defaults = param_specs.parse(kind.params, {})
    presets = [canonical_query(kind, {**defaults, **preset.values}) for preset in kind.presets]
    return [canonical_query(kind, defaults), *presets, *EXTRA.get(slug, [])]


CASES = [(slug, query) for slug in SOUNDING for query in _states(slug)]


def _curve(slug: str, data: dict, query: str) -> tuple[np.ndarray, np.ndarray, float | None]:
    """The figure's curve from data.json (x, y; NaN where infinite) and where the click should be."""
    if slug == "distributions":
        view = QueryDict(query).get("view", "pdf")
        y = [np.nan if v is None else v for v in data["cdf" if view == "cdf" else "density"]]
        return np.array(data["x"], dtype=float), np.array(y, dtype=float), data["mean"]
    if slug == "gradient-descent":
        losses = np.array(data["losses"], dtype=float)
        return np.arange(len(losses), dtype=float), losses, float(np.argmin(losses))
    edges = np.array(data["histogram"]["edges"], dtype=float)
    mean = data["mean_of_means"] if data["total"] else data["theory_mean"]
    return (edges[:-1] + edges[1:]) / 2, np.array(data["histogram"]["counts"], dtype=float), mean


def _read(content: bytes) -> tuple[np.ndarray, int]:
    with wave.open(io.BytesIO(content)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getcomptype()) == (1, 2, "NONE")
        rate = wav.getframerate()
        samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").astype(float)
    return samples, rate


def _spectrum(samples: np.ndarray, rate: int, at: float, size: int = WINDOW) -> tuple[np.ndarray, np.ndarray]:
    """Frequencies and magnitudes of a Hann-windowed stretch of ``size`` samples centred at ``at`` seconds."""
    start = min(max(round(at * rate) - size // 2, 0), len(samples) - size)
    chunk = samples[start : start + size] * np.hanning(size)
    return np.fft.rfftfreq(size, 1 / rate), np.abs(np.fft.rfft(chunk))


def _pitch(samples: np.ndarray, rate: int, at: float) -> float:
    freqs, magnitude = _spectrum(samples, rate, at)
    return float(freqs[np.argmax(magnitude)])


@pytest.mark.parametrize(("slug", "query"), CASES)
def test_every_sound_is_a_two_second_wav_whose_pitch_rises_where_the_curve_rises(client, slug, query):
    response = client.get(f"/activities/{slug}/audio.wav?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    samples, rate = _read(response.content)
    assert len(samples) / rate == pytest.approx(2.0, abs=1 / rate)  # the page says "2 seconds"
    assert np.abs(samples).max() < 32767  # nothing clipped

    x, y, tick = _curve(slug, client.get(f"/activities/{slug}/data.json?{query}").json(), query)
    # The curve over time (x runs left to right in 2 s; infinite values heard at the top), then its mean
    # over each window's span: what the window hears.
    times = np.linspace(0, 2.0, 2001)
    heard = np.interp(times, (x - x[0]) / (x[-1] - x[0]) * 2.0, np.where(np.isfinite(y), y, np.nanmax(y)))
    half = WINDOW / rate / 2
    width = round(2 * half / (times[1] - times[0]))
    smooth = np.convolve(heard, np.ones(width) / width, mode="same")
    usable = (times > half + 0.02) & (times < 2.0 - half - 0.02)
    if tick is not None:
        tick_time = (min(max(tick, x[0]), x[-1]) - x[0]) / (x[-1] - x[0]) * 2.0
        usable &= np.abs(times - tick_time) > half + TICK_CLEARANCE
    where = np.flatnonzero(usable)
    low, high = where[np.argmin(smooth[where])], where[np.argmax(smooth[where])]
    # A rise can be heard where two windows apart differ by a fifth of the curve's range.
    audible = abs(times[high] - times[low]) > 2 * half and smooth[high] - smooth[low] > 0.2 * np.ptp(heard)
    assert audible == (query not in NO_AUDIBLE_RISE)
    if audible:
        assert _pitch(samples, rate, times[high]) > 1.2 * _pitch(samples, rate, times[low])
    if np.ptp(heard) == 0:  # a flat curve: one pitch throughout
        assert _pitch(samples, rate, 0.5) == _pitch(samples, rate, 1.5)


@pytest.mark.parametrize("slug", SOUNDING)
def test_a_click_marks_the_mean_or_the_minimum(client, slug):
    query = _states(slug)[1]  # the first preset: a curve with its mean (or minimum) inside
    samples, rate = _read(client.get(f"/activities/{slug}/audio.wav?{query}").content)
    x, _, tick = _curve(slug, client.get(f"/activities/{slug}/data.json?{query}").json(), query)
    at = (tick - x[0]) / (x[-1] - x[0]) * 2.0
    away = 0.25 if at > 1 else 1.75

    def high_band(centre: float) -> float:
        freqs, magnitude = _spectrum(samples, rate, centre, size=512)  # 23 ms: about the click's length
        return float(magnitude[freqs > 1500].sum())  # every pitch of the curve sounds below 1,000 Hz

    assert high_band(at) > 10 * high_band(away)


def test_another_state_has_another_sound(client):
    """Kept like the PNG: tests/activities/test_files.py (test_a_file_is_cached_like_the_png)."""
    first = client.get("/activities/distributions/audio.wav?dist=gamma&p1=2&p2=1")
    other = client.get("/activities/distributions/audio.wav?dist=gamma&p1=3&p2=1", HTTP_IF_NONE_MATCH=first["ETag"])
    assert other.status_code == 200 and other["ETag"] != first["ETag"]


@pytest.mark.parametrize("slug", SILENT)
def test_a_figure_without_a_curve_has_no_sound(client, slug):
    assert client.get(f"/activities/{slug}/audio.wav").status_code == 404


def test_no_such_activity_has_no_sound(client):
    assert client.get("/activities/no-such-thing/audio.wav").status_code == 404


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize("slug", REGISTRY)
def test_the_page_offers_listen_where_the_figure_has_a_sound(client, slug):
    html = client.get(f"/activities/{slug}/").content.decode()
    listen = re.search(r'<span id="([^"]+-listen)">Listen</span>\s*<audio ([^>]*)>(.*?)</audio>', html, re.S)
    if slug not in SOUNDING:
        assert listen is None and "<audio" not in html
        return
    assert listen is not None
    attributes = listen.group(2)
    assert "controls" in attributes and 'preload="none"' in attributes
    assert f'aria-labelledby="{listen.group(1)}"' in attributes
    src = re.search(r'src="([^"]+)"', attributes).group(1).replace("&amp;", "&")
    assert src.startswith(f"/activities/{slug}/audio.wav?")
    assert f'href="{src.replace("&", "&amp;")}"' in listen.group(3)  # without <audio>, a link to the file
    assert client.get(src).status_code == 200
    described = re.search(r'aria-describedby="([^"]+)"', attributes).group(1)
    caption = re.search(rf'id="{described}">([^<]+)<', html).group(1)
    assert caption.startswith("Pitch follows") and "click marks" in caption
