from django.urls import path

from plaza.cities import views

app_name = "cities"

urlpatterns = [
    path("", views.city_list, name="index"),
    path("<slug:slug>/", views.city_detail, name="detail"),
]
