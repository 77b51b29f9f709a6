"""Hooks for other apps that hold data about a person (e.g. attendance in plaza.cities).

``collect_person_data``: receivers return a JSON-serialisable value that goes into the person's
export under the receiver's app label. ``person_erased``: receivers clear the personal data they
hold about the person (in the same transaction as the erasure) and return a dict of counts that
goes into the ErasureLog. Both are sent with ``person=`` and ``user=``.
"""

from __future__ import annotations

from django.dispatch import Signal

collect_person_data = Signal()
person_erased = Signal()
