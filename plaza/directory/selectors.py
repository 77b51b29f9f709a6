from __future__ import annotations

from django.db.models import QuerySet

from plaza.directory.models import Organization, OrganizationKind

NETWORK_KINDS = (OrganizationKind.GLOBAL_NETWORK, OrganizationKind.REGIONAL_NETWORK)


def worker_networks() -> QuerySet[Organization]:
    return Organization.objects.filter(kind__in=NETWORK_KINDS).prefetch_related("sectors")
