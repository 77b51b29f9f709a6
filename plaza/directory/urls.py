from django.urls import path

from plaza.directory.views import bulk, organizations, people

app_name = "directory"

urlpatterns = [
    path("", organizations.organization_list, name="organizations"),
    path("networks/", organizations.network_list, name="networks"),
    path(
        "institutional-members/",
        organizations.institutional_member_list,
        name="institutional_members",
    ),
    path("organisations/export.<str:fmt>", bulk.organization_export, name="organization_export"),
    path("organisations/add/", organizations.organization_create, name="organization_create"),
    path("organisations/<slug:slug>/", organizations.organization_detail, name="organization"),
    path(
        "organisations/<slug:slug>/edit/", organizations.organization_edit, name="organization_edit"
    ),
    path("organisations/<slug:slug>/people/add/", people.person_create, name="person_create"),
    path(
        "organisations/<slug:slug>/figures/add/",
        organizations.membership_figure_create,
        name="membership_figure_create",
    ),
    path(
        "organisations/<slug:slug>/relationships/add/",
        organizations.relationship_create,
        name="relationship_create",
    ),
    path("people/", people.person_list, name="people"),
    path("people/export.<str:fmt>", bulk.person_list_export, name="person_list_export"),
    path("people/<int:pk>/", people.person_detail, name="person"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:pk>/consent/", people.consent_record, name="consent_record"),
    path("people/<int:pk>/positions/add/", people.position_create, name="position_create"),
    path(
        "people/<int:pk>/positions/<int:position_pk>/end/",
        people.position_end,
        name="position_end",
    ),
    path(
        "people/<int:pk>/consent/<int:consent_pk>/withdraw/",
        people.consent_withdraw,
        name="consent_withdraw",
    ),
    path("people/<int:pk>/export.json", people.person_export, name="person_export"),
    path("people/<int:pk>/erase/", people.person_erase, name="person_erase"),
    path("import/", bulk.import_page, name="import"),
    path("erasures/", bulk.erasure_log, name="erasures"),
]
