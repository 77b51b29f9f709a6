from django.urls import path

from plaza.inquiries.views import public, staff

app_name = "inquiries"

urlpatterns = [
    path("", public.index, name="index"),
    path("received/<str:reference>/", public.received, name="received"),
    path("institutional-members/", public.members, name="members"),
    path("press/", public.press, name="press"),
    path("queue/", staff.queue, name="queue"),
    path("queue/<str:reference>/", staff.detail, name="queue-detail"),
]
