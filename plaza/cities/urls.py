from django.urls import path

from plaza.cities.views import activities, cities, dialogue, edits, reports

app_name = "cities"

urlpatterns = [
    path("", cities.city_list, name="index"),
    path("dashboard/", reports.all_cities_dashboard, name="dashboard_all"),
    path(
        "organisations/<slug:org_slug>/timeline/",
        cities.organization_timeline,
        name="organization_timeline",
    ),
    path("<slug:slug>/", cities.city_detail, name="detail"),
    path("<slug:slug>/calendar.ics", cities.city_calendar, name="calendar"),
    path(
        "<slug:slug>/calendar/<str:token>.ics",
        cities.city_calendar_private,
        name="calendar_private",
    ),
    path("<slug:slug>/activities/", activities.activity_list, name="activities"),
    path(
        "<slug:slug>/activities/new/<str:kind>/", activities.activity_create, name="activity_create"
    ),
    path("<slug:slug>/activities/<int:pk>/", activities.activity_detail, name="activity"),
    path("<slug:slug>/activities/<int:pk>/edit/", activities.activity_edit, name="activity_edit"),
    path(
        "<slug:slug>/activities/<int:pk>/meetings/new/",
        dialogue.meeting_record,
        name="meeting_record",
    ),
    path("<slug:slug>/meetings/<int:pk>/", dialogue.meeting_detail, name="meeting"),
    path("<slug:slug>/meetings/<int:pk>/edit/", edits.meeting_edit, name="meeting_edit"),
    path("<slug:slug>/agreements/<int:pk>/", dialogue.agreement_detail, name="agreement"),
    path("<slug:slug>/agreements/<int:pk>/edit/", edits.agreement_edit, name="agreement_edit"),
    path("<slug:slug>/commitments/<int:pk>/edit/", edits.commitment_edit, name="commitment_edit"),
    path("<slug:slug>/milestones/<int:pk>/edit/", edits.milestone_edit, name="milestone_edit"),
    path("<slug:slug>/sessions/<int:pk>/edit/", edits.session_edit, name="session_edit"),
    path("<slug:slug>/seats/<int:pk>/edit/", edits.seat_edit, name="seat_edit"),
    path("<slug:slug>/commitments/", dialogue.commitment_board, name="commitments"),
    path(
        "<slug:slug>/commitments/<int:pk>/",
        dialogue.commitment_detail,
        name="commitment",
    ),
    path(
        "<slug:slug>/commitments/<int:pk>/evidence/<int:evidence_pk>/file/",
        dialogue.evidence_file,
        name="evidence_file",
    ),
    path("<slug:slug>/timeline/", cities.city_timeline, name="timeline"),
    path("<slug:slug>/dashboard/", reports.city_dashboard, name="dashboard"),
    path("<slug:slug>/report/", reports.city_report, name="report"),
]
