from django.urls import path

from plaza.inquiries import views

app_name = "inquiries"

urlpatterns = [
    path("", views.index, name="index"),
]
