"""Mounted at ``programmes/<slug:slug>/enrol/``: every view receives the programme's slug."""

from django.urls import path

from . import views

app_name = "enrolment"

urlpatterns = [
    path("", views.application_form, name="apply"),
    path("check/<slug:field>/", views.application_field_check, name="check"),
    path("sent/", views.email_sent, name="sent"),
    path("verify/<str:token>/", views.application_verify, name="verify"),
    path("status/<str:token>/", views.application_status, name="status"),
    path("link/", views.link_request, name="link"),
    path("link/sent/", views.link_sent, name="link_sent"),
    path("privacy/", views.privacy_notice, name="privacy"),
]
