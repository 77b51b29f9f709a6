from __future__ import annotations

from django.contrib import admin

from plaza.core.admin import ReadOnlyHistoryAdmin
from plaza.statistics.models import Indicator, Observation

# Figures come in through ``services.import_statistics`` (the import page, linked from the list
# of observations, and ``plaza import-statistics``) and ``services.record_city_figure`` (a city's
# page): they validate the file, record history, index the indicators in search and bump the data
# version of every figure. A figure is corrected by importing it again (the import replaces the
# figure of the same indicator, place, sex, year and period). Here they are seen, with their
# history, and not edited around the import.


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyHistoryAdmin):
    list_display = ("code", "name", "unit", "source", "licence")
    search_fields = ("code", "source_label")


@admin.register(Observation)
class ObservationAdmin(ReadOnlyHistoryAdmin):
    list_display = (
        "indicator",
        "country",
        "city",
        "sex",
        "year",
        "period",
        "value",
        "status",
        "imported_from",
    )
    list_filter = ("indicator", "sex", "status", "city")
    search_fields = ("country", "source", "imported_from")
    list_select_related = ("indicator", "city")
    change_list_template = "admin/statistics/observation/change_list.html"
