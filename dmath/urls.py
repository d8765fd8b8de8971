from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.cache import cache_control

from dmath import views as site_views
from programmes import views as programme_views
from programmes.sitemaps import SITEMAPS

urlpatterns = [
    path("", programme_views.home, name="home"),
    path("programmes/", include("programmes.urls")),
    path("courses/", include("courses.urls")),
    path("activities/", include("activities.urls")),
    path("programmes/<slug:slug>/enrol/", include("enrolment.urls")),
    path("admin/", admin.site.urls),
    # Both are built from SITE_URL, never the request's Host, so any cache may keep them for an hour.
    path("sitemap.xml", cache_control(public=True, max_age=60 * 60)(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", site_views.robots_txt, name="robots"),
    path("favicon.ico", site_views.favicon, name="favicon"),
    path("healthz", site_views.healthz_live, name="healthz"),
    path("healthz/live", site_views.healthz_live, name="healthz-live"),
    path("healthz/ready", site_views.healthz_ready, name="healthz-ready"),
]

handler400 = site_views.bad_request
handler403 = site_views.permission_denied
handler404 = site_views.page_not_found
handler500 = site_views.server_error

admin.site.site_header = "D'Math University — site administration"
admin.site.site_title = "D'Math admin"
admin.site.index_title = "Programme content"
