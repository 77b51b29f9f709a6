from django.urls import path

from plaza.inquiries import views, views_staff

app_name = "inquiries"

urlpatterns = [
    path("", views.index, name="index"),
    path("received/<str:reference>/", views.received, name="received"),
    path("institutional-members/", views.members, name="members"),
    path("press/", views.press, name="press"),
    path("queue/", views_staff.queue, name="queue"),
    path("queue/<str:reference>/", views_staff.detail, name="queue-detail"),
]
