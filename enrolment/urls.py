"""Mounted at ``programmes/<slug:slug>/enrol/``: every view receives the programme's slug."""

from django.urls import path, re_path

from . import views

app_name = "enrolment"

urlpatterns = [
    path("", views.application_form, name="apply"),
    path("check/<slug:field>/", views.application_field_check, name="check"),
    path("privacy/", views.privacy_notice, name="privacy"),
    re_path(r"^(?P<reference>DM-\d{4}-[0-9A-Z]{6})/$", views.application_confirmation, name="confirmation"),
]
