"""How a focal city's work looks to the search engine (plaza.search.registry).

Activities (dialogue platforms among them), agreements and commitments are searchable. What
the index holds is what the record's own page shows to everyone: private notes, meeting
minutes, attendees and evidence are never indexed. A record marked public is indexed as
``public``; any other as ``city:<id>``, which ``city_visibilities`` grants to the network's
staff and to the coordinators of that city: the same rule as ``cities.rules`` applies on
the record's page (``can_work_in_city | is_marked_public``).
"""

from __future__ import annotations

from collections.abc import Iterable

from plaza.accounts.rules import is_staff_member
from plaza.accounts.scopes import scoped_ids
from plaza.cities.models import Activity, ActivityKind, Agreement, City, Commitment
from plaza.core import vocabularies
from plaza.core.types import User
from plaza.search import registry
from plaza.search.registry import SearchDocument

KIND_ACTIVITY = "activity"
KIND_PLATFORM = "platform"
KIND_AGREEMENT = "agreement"
KIND_COMMITMENT = "commitment"


def city_visibility(city_id: int, is_public: bool) -> str:
    return "public" if is_public else f"city:{city_id}"


def city_visibilities(user: User) -> Iterable[str]:
    """The non-public city records ``user`` may read: all for staff, their cities otherwise."""
    if is_staff_member(user):
        ids: Iterable[int] = City.objects.values_list("pk", flat=True)
    else:
        ids = scoped_ids(user, City)
    return [f"city:{pk}" for pk in sorted(ids)]


def activity_kind_label(value: str) -> str | None:
    """The translated name of a kind of city work (the ``type`` facet)."""
    return vocabularies.label("activity_kind", value) if value in ActivityKind.values else None


def _place(city: City) -> dict[str, list[str]]:
    return {"city": [city.slug], "country": [city.country.upper()] if city.country else []}


def activity_document(activity: Activity) -> SearchDocument:
    city = activity.city
    public_fields = [
        activity.objective,
        activity.audience,
        activity.question,
        activity.topics,
        activity.rights_covered,
        activity.request,
        activity.provided,
        activity.outcomes,
    ]
    return SearchDocument(
        model="cities.activity",
        pk=int(activity.pk),
        title=activity.title,
        language=activity.language,
        abstract=activity.description,
        keywords=sorted(str(org) for org in activity.organizations.all()),
        body="\n\n".join(text for text in public_fields if text),
        url=activity.get_absolute_url(),
        date=activity.start_date,
        facets={
            "kind": [KIND_PLATFORM if activity.is_platform else KIND_ACTIVITY],
            "type": [activity.kind],
            **_place(city),
        },
        visibility=city_visibility(city.pk, activity.is_public),
    )


def agreement_document(agreement: Agreement) -> SearchDocument:
    platform = agreement.platform
    return SearchDocument(
        model="cities.agreement",
        pk=int(agreement.pk),
        title=agreement.title,
        language=platform.language,
        abstract=agreement.details,
        keywords=[platform.title],
        url=agreement.get_absolute_url(),
        date=agreement.reached_on,
        facets={"kind": [KIND_AGREEMENT], **_place(platform.city)},
        visibility=city_visibility(platform.city_id, agreement.is_public),
    )


def commitment_document(commitment: Commitment) -> SearchDocument:
    agreement = commitment.agreement
    platform = agreement.platform
    return SearchDocument(
        model="cities.commitment",
        pk=int(commitment.pk),
        title=str(commitment),
        language=platform.language,
        abstract=commitment.action,
        keywords=[commitment.responsible, agreement.title],
        url=commitment.get_absolute_url(),
        date=commitment.due_date,
        facets={"kind": [KIND_COMMITMENT], **_place(platform.city)},
        visibility=city_visibility(platform.city_id, agreement.is_public),
    )


def index_agreement(agreement: Agreement) -> None:
    """An agreement and its commitments (whose visibility follows the agreement's)."""
    registry.index_object(agreement)
    for commitment in agreement.commitments.all():
        registry.index_object(commitment)


def index_city(city: City) -> None:
    """Every record of a city again (its name, slug or country is part of each document)."""
    for activity in Activity.objects.filter(city=city).prefetch_related("organizations"):
        registry.index_object(activity)
    for agreement in Agreement.objects.filter(platform__city=city).select_related("platform"):
        index_agreement(agreement)


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    registry.register(Activity, activity_document, kind=KIND_ACTIVITY, kind_label=_("City work"))
    registry.register_kind(KIND_PLATFORM, _("Dialogue platform"))
    registry.register(Agreement, agreement_document, kind=KIND_AGREEMENT, kind_label=_("Agreement"))
    registry.register(
        Commitment, commitment_document, kind=KIND_COMMITMENT, kind_label=_("Commitment")
    )
    registry.register_labels("type", activity_kind_label)
    registry.register_visibility(city_visibilities)
