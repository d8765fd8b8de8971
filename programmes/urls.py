from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("<slug:slug>/", views.programme_detail, name="detail"),
    path("<slug:slug>/preview/", views.programme_preview, name="preview"),
]
