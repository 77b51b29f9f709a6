from django.urls import path, re_path

from plaza.library.views import curation, lists, public

app_name = "library"

urlpatterns = [
    path("", public.index, name="index"),
    path("export", public.export, name="export"),
    path("export/results", lists.results_export, name="results_export"),
    path("collections/", lists.collections, name="collections"),
    path("collections/add", lists.collection_add, name="collection_add"),
    path("collections/<slug:slug>/", lists.collection, name="collection"),
    path("collections/<slug:slug>/remove", lists.collection_remove, name="collection_remove"),
    path("collections/<slug:slug>/delete", lists.collection_delete, name="collection_delete"),
    path("lists/", lists.reading_lists, name="reading_lists"),
    path("lists/add", lists.reading_list_add, name="reading_list_add"),
    path("lists/<int:pk>/", lists.reading_list, name="reading_list"),
    path("lists/<int:pk>/remove", lists.reading_list_remove, name="reading_list_remove"),
    path("lists/<int:pk>/export/<str:fmt>", lists.reading_list_export, name="reading_list_export"),
    path("alerts/", lists.alerts, name="alerts"),
    path("alerts/save", lists.alert_save, name="alert_save"),
    path("alerts/<int:pk>/", lists.alert_change, name="alert_change"),
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
