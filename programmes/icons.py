"""The card icons staff choose from: SVG files in static/icons/, served by the site (no emoji font needed)."""

from django.db import models


class Icon(models.TextChoices):
    ABACUS = "abacus", "Abacus"
    BAR_CHART = "bar-chart", "Bar chart"
    BOOK = "book", "Book"
    CRANE = "crane", "Crane (building)"
    FUNCTION = "function", "Function graph"
    GEAR = "gear", "Gear"
    GLOBE = "globe", "Globe"
    INSTITUTION = "institution", "Institution"
    MICROSCOPE = "microscope", "Microscope"
    NETWORK = "network", "Network"
    NUMBERS = "numbers", "Numbers"
    RISING_CHART = "rising-chart", "Rising chart"
    ROBOT = "robot", "Robot"
    SET_SQUARE = "set-square", "Set square"


# The seed's emoji and the icon that replaces each (used by the data migration).
FROM_EMOJI = {
    "🧮": Icon.ABACUS,
    "🤖": Icon.ROBOT,
    "📊": Icon.BAR_CHART,
    "🔢": Icon.NUMBERS,
    "📐": Icon.SET_SQUARE,
    "🌐": Icon.GLOBE,
    "🔬": Icon.MICROSCOPE,
    "🏗️": Icon.CRANE,
    "⚙️": Icon.GEAR,
    "💹": Icon.RISING_CHART,
    "🏛️": Icon.INSTITUTION,
}


def icon_path(name: str) -> str:
    """The icon's path under STATIC_URL."""
    return f"icons/{name}.svg"
