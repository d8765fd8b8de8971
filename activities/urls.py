from django.urls import path

from activities.web import embed, files, views

app_name = "activities"


def _file(route: str, name: str, url_name: str):
    """A state's file, served by the one view from its row of the formats table (activities.web.formats)."""
    return path(f"<slug:slug>/{route}", files.activity_file, {"name": name}, name=url_name)


urlpatterns = [
    path("", views.activity_index, name="index"),
    path("click-layer.gif", views.click_layer, name="click_layer"),
    path("<slug:slug>/", views.activity_page, name="page"),
    _file("plot.png", "png", "plot"),
    _file("data.json", "json", "data"),
    _file("audio.wav", "wav", "audio"),
    _file("plot.svg", "svg", "svg"),
    path("<slug:slug>/embed/", embed.activity_embed, name="embed"),
    path("<slug:slug>/embed/code/", embed.activity_embed_code, name="embed_code"),
    _file("data.csv", "csv", "csv"),
    _file("script.py", "script", "script"),
]
