from django.urls import path, re_path

from plaza.library.views import curation, public

app_name = "library"

urlpatterns = [
    path("", public.index, name="index"),
    path("export", public.export, name="export"),
    re_path(r"^catalogue\.(?P<fmt>csv|json)$", public.catalogue, name="catalogue"),
    path("new/", curation.create, name="create"),
    path("curation/", curation.queue, name="queue"),
    path("files/<int:pk>/", public.download, name="download"),
    path("files/<int:pk>/preview.png", public.preview, name="preview"),
    path("files/<int:pk>/remove/", curation.remove_file, name="remove_file"),
    path("<int:pk>/cite/<str:fmt>/", public.cite, name="cite"),
    path("<int:pk>/edit/", curation.edit, name="edit"),
    path("<int:pk>/upload/", curation.upload, name="upload"),
    path("<int:pk>/submit/", curation.submit, name="submit"),
    path("<int:pk>/send-back/", curation.send_back, name="send_back"),
    path("<int:pk>/publish/", curation.publish, name="publish"),
    path("<int:pk>/withdraw/", curation.withdraw, name="withdraw"),
    path("<int:pk>/", public.detail, name="detail_short"),
    path("<int:pk>/<slug:slug>/", public.detail, name="detail"),
]
