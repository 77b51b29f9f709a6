from django.urls import path

from plaza.directory import views, views_data, views_people

app_name = "directory"

urlpatterns = [
    path("", views.organization_list, name="organizations"),
    path("networks/", views.network_list, name="networks"),
    path("institutional-members/", views.institutional_member_list, name="institutional_members"),
    path(
        "organisations/export.<str:fmt>", views_data.organization_export, name="organization_export"
    ),
    path("organisations/add/", views_people.organization_create, name="organization_create"),
    path("organisations/<slug:slug>/", views.organization_detail, name="organization"),
    path(
        "organisations/<slug:slug>/edit/", views_people.organization_edit, name="organization_edit"
    ),
    path("organisations/<slug:slug>/people/add/", views.person_create, name="person_create"),
    path(
        "organisations/<slug:slug>/figures/add/",
        views.membership_figure_create,
        name="membership_figure_create",
    ),
    path(
        "organisations/<slug:slug>/relationships/add/",
        views_people.relationship_create,
        name="relationship_create",
    ),
    path("people/", views.person_list, name="people"),
    path("people/export.<str:fmt>", views_data.person_list_export, name="person_list_export"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/edit/", views_people.person_edit, name="person_edit"),
    path("people/<int:pk>/consent/", views_people.consent_record, name="consent_record"),
    path("people/<int:pk>/positions/add/", views_people.position_create, name="position_create"),
    path(
        "people/<int:pk>/positions/<int:position_pk>/end/",
        views_people.position_end,
        name="position_end",
    ),
    path(
        "people/<int:pk>/consent/<int:consent_pk>/withdraw/",
        views_people.consent_withdraw,
        name="consent_withdraw",
    ),
    path("people/<int:pk>/export.json", views.person_export, name="person_export"),
    path("people/<int:pk>/erase/", views.person_erase, name="person_erase"),
    path("import/", views_data.import_page, name="import"),
    path("erasures/", views_data.erasure_log, name="erasures"),
]
