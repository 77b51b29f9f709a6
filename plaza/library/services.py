"""Every write on the knowledge base: checks permission, validates, saves, reindexes.

Each function is one transaction; the search index is updated inside it through
plaza.search.registry, so a record and its index entry commit or roll back together.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import OperationalError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from plaza.core import versions
from plaza.core.errors import require
from plaza.core.middleware import is_lock_timeout
from plaza.core.text import clean_control
from plaza.core.types import User
from plaza.library.extraction import content_type_for
from plaza.library.models import (
    Creator,
    CreatorKind,
    PreviewStatus,
    Resource,
    ResourceFile,
    Status,
)
from plaza.search import registry

logger = logging.getLogger(__name__)

# The data version of the library's groupings (the grouped list, facets, A-Z indexes and browse
# pages, plaza.core.versions): bumped by every save or delete of a resource, a creator, a
# named organisation or city, and by a change of a resource's sectors or cities (``apps.py``
# connects ``data_changed``); bulk writes (``publish_import``) bump it themselves.
DATA_VERSION = "library"


def data_changed(**_kwargs: Any) -> None:
    versions.bump(DATA_VERSION)


# Fields a form, the API or an import may set directly.
EDITABLE_FIELDS = (
    "title",
    "subtitle",
    "type",
    "language",
    "abstract",
    "keywords",
    "publisher",
    "publisher_organization",
    "place",
    "year",
    "date",
    "series",
    "series_number",
    "edition",
    "container_title",
    "volume",
    "issue",
    "pages",
    "countries",
    "licence",
    "doi",
    "isbn",
    "issn",
    "handle",
    "url",
    "edition_of",
    "visibility",
    "source",
    "source_url",
    "full_text",
    "is_demo",
)


def max_file_bytes() -> int:
    return int(getattr(settings, "LIBRARY_MAX_FILE_MB", settings.PLAZA_MAX_UPLOAD_MB)) * 1024 * 1024


def _apply_fields(resource: Resource, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            {name: _("This field cannot be set here.") for name in sorted(unknown)}
        )
    for name, value in fields.items():
        if name in ("keywords", "countries") and value is None:
            value = []
        if isinstance(value, str) and name not in ("full_text", "abstract"):
            value = value.strip()
        if name == "countries" and isinstance(value, list):
            value = [str(c).strip().upper() for c in value if str(c).strip()]
        setattr(resource, name, value)


def _set_creators(resource: Resource, creators: Sequence[dict[str, Any]]) -> None:
    resource.creators.all().delete()
    rows = []
    for position, data in enumerate(creators):
        creator = Creator(
            resource=resource,
            position=position,
            kind=data.get("kind") or CreatorKind.PERSON,
            role=data.get("role") or "author",
            family_name=clean_control(data.get("family_name") or "").strip(),
            given_names=clean_control(data.get("given_names") or "").strip(),
            name=clean_control(data.get("name") or "").strip(),
            organization=data.get("organization"),
        )
        if creator.kind == CreatorKind.PERSON and not creator.family_name:
            raise ValidationError(
                {
                    "creators": _("Creator %(n)s: a person needs a family name.")
                    % {"n": position + 1}
                }
            )
        if creator.kind == CreatorKind.ORGANIZATION and not (creator.name or creator.organization):
            raise ValidationError(
                {
                    "creators": _("Creator %(n)s: an organisation needs a name.")
                    % {"n": position + 1}
                }
            )
        try:
            creator.full_clean(exclude=["resource", "organization"], validate_unique=False)
        except ValidationError as exc:
            problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            raise ValidationError(
                {
                    "creators": _("Creator %(n)s: %(problems)s")
                    % {"n": position + 1, "problems": problems}
                }
            ) from None
        rows.append(creator)
    Creator.objects.bulk_create(rows)


def _save(
    user: User,
    resource: Resource,
    creators: Sequence[dict[str, Any]] | None,
    sectors: Iterable[Any] | None,
    cities: Iterable[Any] | None,
    reindex: bool = True,
) -> Resource:
    resource.full_clean()
    if user is not None and user.is_authenticated:
        # Who made the change, also outside a web request (commands, imports, tasks).
        resource._history_user = user  # type: ignore[attr-defined]
    resource.save()
    if creators is not None:
        _set_creators(resource, creators)
    if sectors is not None:
        resource.sectors.set(list(sectors))
    if cities is not None:
        resource.cities.set(list(cities))
    if reindex:
        registry.index_object(resource)
    return resource


@transaction.atomic
def create_resource(
    user: User,
    fields: dict[str, Any],
    creators: Sequence[dict[str, Any]] = (),
    sectors: Iterable[Any] = (),
    cities: Iterable[Any] = (),
    *,
    import_batch: str = "",
) -> Resource:
    """A new draft (curators may also create it directly published, e.g. in an import).

    With ``import_batch`` the row is written invisible and unindexed, until
    :func:`publish_import` makes the whole batch live at once.
    """
    require(user, "library.add_resource", None, _("You cannot add resources to the library."))
    status = fields.pop("status", Status.DRAFT) or Status.DRAFT
    resource = Resource(
        created_by=user if user.is_authenticated else None, import_batch=import_batch[:32]
    )
    _apply_fields(resource, fields)
    if status not in (Status.DRAFT, Status.REVIEW):
        require(user, "library.publish_resource", resource, _("Only librarians publish."))
        if status == Status.WITHDRAWN:
            raise ValidationError({"status": _("A new resource cannot be withdrawn.")})
    if status not in Status.values:
        raise ValidationError({"status": _('"%(value)s" is not a status.') % {"value": status}})
    resource.status = status
    if status == Status.PUBLISHED:
        resource.published_at = timezone.now()
    return _save(user, resource, creators, sectors, cities, reindex=not import_batch)


INDEX_BATCH = 100  # resources indexed per short transaction after an import is published


def publish_import(user: User, batch: str) -> list[int]:
    """Make every row of an import live in one short transaction, then index them in batches.

    Until this runs, the rows are invisible to every read (``Resource.objects``); afterwards
    all of them are there at once. Indexing follows in short transactions of its own.
    """
    require(user, "library.import_resources", None, _("Only librarians import resources."))
    if not batch:
        raise ValidationError({"batch": _("No import batch was given.")})
    with transaction.atomic():
        staged = Resource.all_objects.filter(import_batch=batch)
        pks = list(staged.order_by("pk").values_list("pk", flat=True))
        staged.update(import_batch="")
        versions.bump(DATA_VERSION)  # an UPDATE sends no save signal
    for start in range(0, len(pks), INDEX_BATCH):
        with transaction.atomic():
            for resource in Resource.objects.filter(pk__in=pks[start : start + INDEX_BATCH]):
                registry.index_object(resource)
    return pks


def discard_import(batch: str, *, older_than: Any = None) -> int:
    """Delete the invisible rows of an unfinished import (one batch, or every stale one)."""
    staged = Resource.all_objects.exclude(import_batch="")
    if batch:
        staged = staged.filter(import_batch=batch)
    if older_than is not None:
        staged = staged.filter(created_at__lt=older_than)
    pks = list(staged.values_list("pk", flat=True))
    for start in range(0, len(pks), INDEX_BATCH):
        with transaction.atomic():
            Resource.all_objects.filter(pk__in=pks[start : start + INDEX_BATCH]).delete()
    return len(pks)


@transaction.atomic
def update_resource(
    user: User,
    resource: Resource,
    fields: dict[str, Any],
    creators: Sequence[dict[str, Any]] | None = None,
    sectors: Iterable[Any] | None = None,
    cities: Iterable[Any] | None = None,
) -> Resource:
    require(user, "library.change_resource", resource, _("You cannot change this resource."))
    _apply_fields(resource, fields)
    return _save(user, resource, creators, sectors, cities)


@transaction.atomic
def submit_for_review(user: User, resource: Resource) -> Resource:
    require(user, "library.submit_resource", resource, _("You cannot submit this resource."))
    if resource.status != Status.DRAFT:
        raise ValidationError(
            {
                "status": _("Only a draft can be sent for review; this one is %(status)s.")
                % {"status": resource.get_status_display()}
            }
        )
    resource.status = Status.REVIEW
    return _save(user, resource, None, None, None)


@transaction.atomic
def return_to_draft(user: User, resource: Resource) -> Resource:
    require(user, "library.publish_resource", resource, _("Only librarians review resources."))
    if resource.status != Status.REVIEW:
        raise ValidationError({"status": _("Only a resource in review can go back to draft.")})
    resource.status = Status.DRAFT
    return _save(user, resource, None, None, None)


@transaction.atomic
def publish_resource(user: User, resource: Resource) -> Resource:
    require(user, "library.publish_resource", resource, _("Only librarians and staff publish."))
    if resource.status == Status.PUBLISHED:
        raise ValidationError({"status": _("This resource is already published.")})
    resource.status = Status.PUBLISHED
    resource.published_at = resource.published_at or timezone.now()
    resource.withdrawn_at = None
    resource.withdrawal_reason = ""
    return _save(user, resource, None, None, None)


@transaction.atomic
def withdraw_resource(user: User, resource: Resource, reason: str) -> Resource:
    """Withdrawn: the page stays as a tombstone; it leaves the index, the feeds and OAI lists."""
    require(user, "library.withdraw_resource", resource, _("Only librarians and staff withdraw."))
    if resource.status != Status.PUBLISHED:
        raise ValidationError({"status": _("Only a published resource can be withdrawn.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the resource is withdrawn.")})
    resource.status = Status.WITHDRAWN
    resource.withdrawn_at = timezone.now()
    resource.withdrawal_reason = reason
    return _save(user, resource, None, None, None)


@transaction.atomic
def delete_resource(user: User, resource: Resource) -> None:
    """Only drafts are deleted; what was published is withdrawn instead (its URL stays)."""
    require(user, "library.delete_resource", resource, _("You cannot delete this resource."))
    if resource.status not in (Status.DRAFT, Status.REVIEW):
        raise ValidationError(
            {"status": _("A resource that was published is withdrawn, not deleted.")}
        )
    registry.remove_object(resource)
    for resource_file in resource.files.all():
        resource_file.file.delete(save=False)
        resource_file.thumbnail.delete(save=False)
    resource.delete()


@transaction.atomic
def attach_file(user: User, resource: Resource, upload: UploadedFile) -> ResourceFile:
    """Keep the file and schedule its text extraction (which never makes the upload fail)."""
    from plaza.library.previews import PREVIEW_TYPES
    from plaza.library.tasks import extract_file_text, make_file_preview

    require(user, "library.change_resource", resource, _("You cannot change this resource."))
    name = upload.name or "file"
    limit = max_file_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            {
                "file": _("The file is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": round(upload.size / 1048576, 1), "limit": limit // 1048576}
            }
        )
    if not upload.size:
        raise ValidationError({"file": _("The file is empty.")})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    content_type = content_type_for(name, head)
    if content_type is None:
        raise ValidationError(
            {
                "file": _(
                    "%(name)s: only PDF, Word (.docx), HTML and plain-text files are accepted."
                )
                % {"name": name}
            }
        )
    resource_file = ResourceFile(
        resource=resource,
        original_name=name[:255],
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=user if user.is_authenticated else None,
        preview_status=PreviewStatus.PENDING
        if content_type in PREVIEW_TYPES
        else PreviewStatus.NONE,
    )
    resource_file.file.save(name, upload, save=False)
    resource_file.save()
    resource.save(update_fields=["updated_at"])
    # Parsed after the commit, never inside this transaction (the parser can take a while).
    transaction.on_commit(lambda: extract_file_text.enqueue(resource_file.pk))
    if content_type in PREVIEW_TYPES:
        transaction.on_commit(lambda: make_file_preview.enqueue(resource_file.pk))
    return resource_file


def record_download(file_id: int) -> None:
    """Count one download: one short UPDATE (count = count + 1), nothing about the reader.

    Called outside any transaction; when the database is busy the download is served
    uncounted rather than made to wait (a counter is not worth a reader's time).
    """
    try:
        with transaction.atomic():
            ResourceFile.objects.filter(pk=file_id).update(download_count=F("download_count") + 1)
    except OperationalError as exc:
        if not is_lock_timeout(exc):
            raise
        logger.info("download of file %s not counted: the database was busy", file_id)


@transaction.atomic
def remove_file(user: User, resource_file: ResourceFile) -> None:
    resource = resource_file.resource
    require(user, "library.change_resource", resource, _("You cannot change this resource."))
    resource_file.file.delete(save=False)
    resource_file.thumbnail.delete(save=False)
    resource_file.delete()
    resource.save(update_fields=["updated_at"])
    registry.index_object(resource)
