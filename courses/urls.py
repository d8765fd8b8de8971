from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("<slug:code>/", views.course_detail, name="detail"),
    path("<slug:code>/preview/", views.course_preview, name="preview"),
]
