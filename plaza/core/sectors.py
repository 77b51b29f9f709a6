"""Occupational sectors of informal work: a fixed taxonomy owned by core.

Each sector is a row of ``core.Sector`` (so records can link to several and
search can count them as a facet); its name is interface text, translated by
gettext from the labels below.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SectorCode(models.TextChoices):
    DOMESTIC_WORKERS = "domestic-workers", _("Domestic workers")
    HOME_BASED_WORKERS = "home-based-workers", _("Home-based workers")
    STREET_VENDORS = "street-vendors", _("Street vendors")
    WASTE_PICKERS = "waste-pickers", _("Waste pickers")
    MARKET_PORTERS = "market-porters", _("Market porters")
    OTHER = "other", _("Other informal workers")
