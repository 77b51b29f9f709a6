from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from plaza.directory.models import Organization


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "acronym", "kind", "country", "is_demo")
    list_filter = ("kind", "is_demo", "sectors")
    search_fields = ("name", "acronym")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("cities", "sectors")
