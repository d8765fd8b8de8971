from django.urls import path

from activities import download_views, embed, export_views, views

app_name = "activities"

urlpatterns = [
    path("", views.activity_index, name="index"),
    path("click-layer.gif", views.click_layer, name="click_layer"),
    path("<slug:slug>/", views.activity_page, name="page"),
    path("<slug:slug>/plot.png", views.activity_plot, name="plot"),
    path("<slug:slug>/data.json", views.activity_data, name="data"),
    path("<slug:slug>/audio.wav", export_views.activity_audio, name="audio"),
    path("<slug:slug>/plot.svg", export_views.activity_svg, name="svg"),
    path("<slug:slug>/embed/", embed.activity_embed, name="embed"),
    path("<slug:slug>/embed/code/", embed.activity_embed_code, name="embed_code"),
    path("<slug:slug>/data.csv", download_views.activity_csv, name="csv"),
    path("<slug:slug>/script.py", download_views.activity_script, name="script"),
]
