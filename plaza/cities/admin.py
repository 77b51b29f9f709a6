from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from plaza.cities.models import City, CityNote


@admin.register(City)
class CityAdmin(SimpleHistoryAdmin):
    list_display = ("name", "country", "year_joined", "time_zone")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(CityNote)
class CityNoteAdmin(SimpleHistoryAdmin):
    list_display = ("city", "author", "created_at")
    list_filter = ("city",)
