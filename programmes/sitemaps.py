from django.contrib.sitemaps import Sitemap

from courses.models import Course

from .models import Programme


class ProgrammeSitemap(Sitemap):
    priority = 1.0
    changefreq = "weekly"

    def items(self):
        return Programme.objects.published()

    def lastmod(self, item: Programme):
        return item.updated_at


class CourseSitemap(Sitemap):
    priority = 0.7
    changefreq = "monthly"

    def items(self):
        return Course.objects.filter(programme__is_published=True).order_by("programme__position", "position")

    def lastmod(self, item: Course):
        return item.updated_at
