"""The programme page's ordered lists: research tracks, themes, curriculum, careers, partners, "why" points.

Each is a model with its own history; ``programmes.models`` imports them, so they are found there too.
"""

from django.db import models
from simple_history.models import HistoricalRecords

from core.models import Orderable
from programmes.icons import Icon, icon_path


class ProgrammeItem(Orderable):
    """Shared shape of the programme's ordered lists."""

    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=160)

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self) -> str:
        return self.title


class ResearchTrack(ProgrammeItem):
    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE, related_name="research_tracks")
    history = HistoricalRecords()
    slug = models.SlugField(max_length=80)

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["programme", "slug"], name="unique_track_slug")]


class LearningTheme(ProgrammeItem):
    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE, related_name="learning_themes")
    history = HistoricalRecords()
    detail = models.CharField(max_length=300)


class IconItem(ProgrammeItem):
    """A card with an icon: an SVG the site serves, chosen from a list."""

    symbol = models.CharField(
        "icon", max_length=20, choices=Icon.choices, blank=True, help_text="Drawn beside the card's title."
    )
    icon = models.CharField(
        "icon's text",
        max_length=16,
        blank=True,
        help_text="Read by screen readers only when “icon says something” is ticked; "
        "leave it unticked when the title already says it. (The seed's emoji.)",
    )
    icon_is_meaningful = models.BooleanField("icon says something", default=False)

    class Meta(Orderable.Meta):
        abstract = True

    @property
    def icon_src(self) -> str:
        return icon_path(self.symbol) if self.symbol else ""

    @property
    def icon_alt(self) -> str:
        return self.icon if self.icon_is_meaningful else ""


class CurriculumArea(IconItem):
    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE, related_name="curriculum_areas")
    history = HistoricalRecords()
    description = models.TextField()


class CareerPathway(IconItem):
    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE, related_name="career_pathways")
    history = HistoricalRecords()
    description = models.TextField()


class Partner(ProgrammeItem):
    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE, related_name="partners")
    history = HistoricalRecords()
    title = models.CharField("name", max_length=160)


class WhyPoint(ProgrammeItem):
    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE, related_name="why_points")
    history = HistoricalRecords()
    description = models.TextField()
