from django.urls import path

from plaza.statistics import views

app_name = "statistics"

urlpatterns = [
    path("", views.index, name="index"),
    path("country/<str:code>/", views.country_detail, name="country"),
    path("city/<slug:slug>/", views.city_detail, name="city"),
    path("city/<slug:slug>/figures/", views.city_figures, name="city_figures"),
    path("cite/<str:code>/<str:place>.json", views.cite_series, name="cite"),
    path("cite/<str:code>/<str:place>/<str:fmt>/", views.cite_series, name="cite_format"),
    path("export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("import/", views.import_file, name="import"),
]
