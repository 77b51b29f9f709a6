"""The cities' part of a person's export and erasure (directory signals).

Attendance rows keep their gender and organisation (so counts never change) and their link to
the anonymised Person; nothing else personal is held here, so erasure has nothing to clear.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from plaza.core.types import User
from plaza.directory.signals import collect_person_data, person_erased


@receiver(collect_person_data, dispatch_uid="cities-person-data")
def person_city_data(
    sender: Any, person: Any, user: User | None = None, **kwargs: Any
) -> dict[str, Any]:
    from plaza.cities.models import Activity, Participation, PlatformSeat

    rows = Participation.objects.filter(person=person).select_related(
        "session__activity", "meeting__platform", "organization"
    )
    return {
        "attendance": [
            {
                "activity": (r.session.activity.title if r.session else r.meeting.platform.title)  # type: ignore[union-attr]
                if (r.session or r.meeting)
                else "",
                "date": str(r.session.date if r.session else r.meeting.date),  # type: ignore[union-attr]
                "organisation": str(r.organization or ""),
                "gender_counted_as": r.gender,
            }
            for r in rows
        ],
        "responsible_for": list(
            Activity.objects.filter(responsible_people=person).values_list("title", flat=True)
        ),
        "representative_at": [
            str(seat) for seat in PlatformSeat.objects.filter(representatives=person)
        ],
    }


@receiver(person_erased, dispatch_uid="cities-person-erased")
def person_erased_in_cities(sender: Any, person: Any, **kwargs: Any) -> dict[str, int]:
    from plaza.cities.models import Participation

    return {"attendance_rows_kept_anonymised": Participation.objects.filter(person=person).count()}
