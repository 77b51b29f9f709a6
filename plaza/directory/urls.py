from django.urls import path

from plaza.directory import views

app_name = "directory"

urlpatterns = [
    path("networks/", views.network_list, name="networks"),
    path("organisations/<slug:slug>/", views.organization_detail, name="organization"),
]
