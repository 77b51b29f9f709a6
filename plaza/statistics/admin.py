from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from plaza.core.admin import ReadOnlyHistoryAdmin, ServiceAdmin
from plaza.statistics import services
from plaza.statistics.models import Indicator, Observation

# Figures come in through ``services.import_statistics`` (the import page, linked from the list
# of observations, and ``plaza import-statistics``) and ``services.record_city_figure`` (a city's
# page): they validate the file, record history, index the indicators in search and bump the data
# version of every figure. A figure is corrected by importing it again (the import replaces the
# figure of the same indicator, place, sex, year and period). Here they are seen, with their
# history, and not edited around the import. Indicators (their names and definitions in every
# language, their source) are added and corrected here, through ``services.save_indicator``.


@admin.register(Indicator)
class IndicatorAdmin(ServiceAdmin):
    list_display = ("code", "name", "unit", "source", "licence")
    search_fields = ("code", "source_label")
    create_fields = services.INDICATOR_FIELDS
    service_fields = services.INDICATOR_FIELDS

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> Indicator:
        return services.save_indicator(request.user, Indicator(), data)

    def update_record(
        self, request: HttpRequest, obj: Indicator, data: dict[str, Any]
    ) -> Indicator:
        return services.save_indicator(request.user, obj, data)


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
