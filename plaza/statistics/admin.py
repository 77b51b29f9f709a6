from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from plaza.statistics.models import Indicator, Observation


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "unit", "source", "licence")
    search_fields = ("code", "source_label")


@admin.register(Observation)
class ObservationAdmin(SimpleHistoryAdmin):
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
    raw_id_fields = ("indicator",)
    readonly_fields = ("imported_from",)
    change_list_template = "admin/statistics/observation/change_list.html"
