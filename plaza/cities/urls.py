from django.urls import path

from plaza.cities import dialogue_views, report_views, views

app_name = "cities"

urlpatterns = [
    path("", views.city_list, name="index"),
    path("dashboard/", report_views.all_cities_dashboard, name="dashboard_all"),
    path(
        "organisations/<slug:org_slug>/timeline/",
        views.organization_timeline,
        name="organization_timeline",
    ),
    path("<slug:slug>/", views.city_detail, name="detail"),
    path("<slug:slug>/activities/", views.activity_list, name="activities"),
    path("<slug:slug>/activities/new/<str:kind>/", views.activity_create, name="activity_create"),
    path("<slug:slug>/activities/<int:pk>/", views.activity_detail, name="activity"),
    path("<slug:slug>/activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path(
        "<slug:slug>/activities/<int:pk>/meetings/new/",
        dialogue_views.meeting_record,
        name="meeting_record",
    ),
    path("<slug:slug>/meetings/<int:pk>/", dialogue_views.meeting_detail, name="meeting"),
    path("<slug:slug>/agreements/<int:pk>/", dialogue_views.agreement_detail, name="agreement"),
    path("<slug:slug>/commitments/", dialogue_views.commitment_board, name="commitments"),
    path(
        "<slug:slug>/commitments/<int:pk>/",
        dialogue_views.commitment_detail,
        name="commitment",
    ),
    path("<slug:slug>/timeline/", views.city_timeline, name="timeline"),
    path("<slug:slug>/dashboard/", report_views.city_dashboard, name="dashboard"),
    path("<slug:slug>/report/", report_views.city_report, name="report"),
]
