from django.urls import path, re_path

from plaza.library import curation_views, views

app_name = "library"

urlpatterns = [
    path("", views.index, name="index"),
    path("export", views.export, name="export"),
    re_path(r"^catalogue\.(?P<fmt>csv|json)$", views.catalogue, name="catalogue"),
    path("new/", curation_views.create, name="create"),
    path("curation/", curation_views.queue, name="queue"),
    path("files/<int:pk>/", views.download, name="download"),
    path("files/<int:pk>/remove/", curation_views.remove_file, name="remove_file"),
    path("<int:pk>/cite/<str:fmt>/", views.cite, name="cite"),
    path("<int:pk>/edit/", curation_views.edit, name="edit"),
    path("<int:pk>/upload/", curation_views.upload, name="upload"),
    path("<int:pk>/submit/", curation_views.submit, name="submit"),
    path("<int:pk>/send-back/", curation_views.send_back, name="send_back"),
    path("<int:pk>/publish/", curation_views.publish, name="publish"),
    path("<int:pk>/withdraw/", curation_views.withdraw, name="withdraw"),
    path("<int:pk>/", views.detail, name="detail_short"),
    path("<int:pk>/<slug:slug>/", views.detail, name="detail"),
]
