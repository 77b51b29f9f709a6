"""OAI-PMH 2.0 data provider at /oai (https://www.openarchives.org/OAI/openarchivesprotocol.html).

Records are the resources that were ever published; withdrawn ones (and published ones
that are no longer public) are "deleted" records, kept persistently. Sets: "type",
"type:<type>", "lang", "lang:<code>", "sector", "sector:<code>", "city", "city:<slug>",
"collection", "collection:<slug>" (a curated collection); an unknown set is a badArgument.
Metadata format: oai_dc. Lists are paged with
signed resumption tokens that carry the last (datestamp, id) seen, so a harvest stays
correct while records change.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from plaza.core.languages import LANGUAGES
from plaza.core.sectors import SectorCode
from plaza.core.text import xml_safe
from plaza.library.lists import Collection
from plaza.library.metadata import absolute
from plaza.library.models import Resource, ResourceType, Status, Visibility

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
ET.register_namespace("", OAI_NS)
ET.register_namespace("oai_dc", OAI_DC_NS)
ET.register_namespace("dc", DC_NS)
ET.register_namespace("xsi", XSI_NS)

VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
}
TOKEN_SALT = "plaza.library.oai"  # noqa: S105 - a signing salt, not a secret


class OAIError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def page_size() -> int:
    return int(getattr(settings, "LIBRARY_OAI_PAGE_SIZE", 100))


def repository_id() -> str:
    return getattr(settings, "LIBRARY_OAI_REPOSITORY_ID", "") or (
        urlsplit(settings.SITE_URL).hostname or "localhost"
    )


def oai_identifier(resource_pk: int) -> str:
    return f"oai:{repository_id()}:library/{resource_pk}"


def _pk_from_identifier(identifier: str) -> int | None:
    prefix = f"oai:{repository_id()}:library/"
    if identifier.startswith(prefix) and identifier[len(prefix) :].isdigit():
        return int(identifier[len(prefix) :])
    return None


def _datestamp(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def harvestable() -> QuerySet[Resource]:
    """Public records only: members-only and private ones are not in the repository at all
    (not even as deleted headers, which would show their type, language and existence)."""
    return Resource.objects.filter(
        status__in=[Status.PUBLISHED, Status.WITHDRAWN], visibility=Visibility.PUBLIC
    )


def is_deleted(resource: Resource) -> bool:
    return resource.status != Status.PUBLISHED


def all_sets() -> list[tuple[str, str]]:
    from plaza.cities.models import City

    sets = [("type", "Resources by type")]
    sets += [(f"type:{value}", f"Type: {label}") for value, label in ResourceType.choices]
    sets.append(("lang", "Resources by language"))
    sets += [(f"lang:{code}", f"Language: {lang.native_name}") for code, lang in LANGUAGES.items()]
    sets.append(("sector", "Resources by occupational sector"))
    sets += [(f"sector:{value}", f"Sector: {label}") for value, label in SectorCode.choices]
    sets.append(("city", "Resources by focal city"))
    sets += [
        (f"city:{slug}", f"City: {name}")
        for slug, name in City.objects.order_by("slug").values_list("slug", "name")
    ]
    sets.append(("collection", "Curated collections"))
    sets += [
        (f"collection:{slug}", f"Collection: {title}")
        for slug, title in Collection.objects.order_by("slug").values_list("slug", "title")
    ]
    return sets


def _in_set(qs: QuerySet[Resource], set_spec: str) -> QuerySet[Resource]:
    if set_spec not in {spec for spec, _label in all_sets()}:
        raise OAIError("badArgument", f"set: {set_spec!r} is not a set here (see ListSets)")
    kind, _sep, value = set_spec.partition(":")
    if not value:
        # A top-level set holds the records of any of its sets (every record has a type
        # and a language; not every one has a sector, a city or a collection).
        related = {"sector": "sectors", "city": "cities", "collection": "collection_items"}
        if kind in related:
            return qs.filter(**{f"{related[kind]}__isnull": False}).distinct()
        return qs
    if kind == "type":
        return qs.filter(type=value)
    if kind == "lang":
        return qs.filter(language=value)
    if kind == "sector":
        return qs.filter(sectors__code=value).distinct()
    if kind == "city":
        return qs.filter(cities__slug=value).distinct()
    return qs.filter(collection_items__collection__slug=value).distinct()


def set_specs(resource: Resource) -> list[str]:
    """The sets a record is in (its header's setSpec elements)."""
    return [
        f"type:{resource.type}",
        f"lang:{resource.language}",
        *(f"sector:{s.pk}" for s in resource.sectors.all()),
        *(f"city:{c.slug}" for c in resource.cities.all()),
        *(f"collection:{i.collection.slug}" for i in resource.collection_items.all()),
    ]


def _parse_date(value: str, name: str, end: bool) -> tuple[datetime.datetime, str]:
    try:
        if len(value) == 10:
            day = datetime.date.fromisoformat(value)
            moment = datetime.datetime.combine(day, datetime.time.max if end else datetime.time.min)
            return moment.replace(tzinfo=datetime.UTC), "day"
        if len(value) == 20 and value.endswith("Z"):
            moment = datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(
                tzinfo=datetime.UTC
            )
            if end:
                moment = moment.replace(microsecond=999999)
            return moment.replace(tzinfo=datetime.UTC), "seconds"
    except ValueError:
        pass
    raise OAIError("badArgument", f"{name}: {value!r} is not YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ")


@dataclass
class ListQuery:
    prefix: str
    set_spec: str = ""
    from_: str = ""
    until: str = ""
    after_stamp: str = ""  # ISO datetime of the last record sent
    after_pk: int = 0
    cursor: int = 0

    def queryset(self) -> QuerySet[Resource]:
        qs = harvestable()
        if self.set_spec:
            qs = _in_set(qs, self.set_spec)
        granularities = []
        if self.from_:
            start, granularity = _parse_date(self.from_, "from", end=False)
            granularities.append(granularity)
            qs = qs.filter(updated_at__gte=start)
        if self.until:
            stop, granularity = _parse_date(self.until, "until", end=True)
            granularities.append(granularity)
            qs = qs.filter(updated_at__lte=stop)
        if len(set(granularities)) > 1:
            raise OAIError("badArgument", "from and until must have the same granularity")
        return qs.order_by("updated_at", "pk")

    def token(self, last: Resource, cursor: int) -> str:
        data = {
            "m": self.prefix,
            "s": self.set_spec,
            "f": self.from_,
            "u": self.until,
            "t": last.updated_at.isoformat(),
            "p": last.pk,
            "c": cursor,
        }
        return signing.dumps(data, salt=TOKEN_SALT, compress=True)

    @classmethod
    def from_token(cls, token: str) -> ListQuery:
        try:
            data = signing.loads(token, salt=TOKEN_SALT, max_age=7 * 24 * 3600)
            return cls(
                prefix=data["m"],
                set_spec=data["s"],
                from_=data["f"],
                until=data["u"],
                after_stamp=data["t"],
                after_pk=int(data["p"]),
                cursor=int(data["c"]),
            )
        except (signing.BadSignature, KeyError, ValueError, TypeError):
            raise OAIError(
                "badResumptionToken", "the resumption token is invalid or expired"
            ) from None


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, xml_safe(attrs))
    if text is not None:
        element.text = xml_safe(text)  # ElementTree writes control characters as they are
    return element


def _header(parent: ET.Element, resource: Resource) -> None:
    attrs = {"status": "deleted"} if is_deleted(resource) else {}
    header = _sub(parent, f"{{{OAI_NS}}}header", **attrs)
    _sub(header, f"{{{OAI_NS}}}identifier", oai_identifier(resource.pk))
    _sub(header, f"{{{OAI_NS}}}datestamp", _datestamp(resource.updated_at))
    for spec in set_specs(resource):
        _sub(header, f"{{{OAI_NS}}}setSpec", spec)


def _dublin_core(parent: ET.Element, resource: Resource) -> None:
    metadata = _sub(parent, f"{{{OAI_NS}}}metadata")
    dc = _sub(
        metadata,
        f"{{{OAI_DC_NS}}}dc",
        **{
            f"{{{XSI_NS}}}schemaLocation": f"{OAI_DC_NS} http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
        },
    )

    def add(name: str, value: str) -> None:
        if value:
            _sub(dc, f"{{{DC_NS}}}{name}", value)

    title = f"{resource.title}: {resource.subtitle}" if resource.subtitle else resource.title
    add("title", title)
    for creator in resource.ordered_creators():
        add("creator" if creator.role == "author" else "contributor", creator.sort_name)
    for keyword in resource.keywords:
        add("subject", keyword)
    for sector in resource.sectors.all():
        add("subject", str(sector.name))
    add("description", resource.abstract)
    add("publisher", resource.publisher)
    add("date", resource.date.isoformat() if resource.date else str(resource.year or ""))
    add("type", str(resource.get_type_display()))
    add("type", "Dataset" if resource.type == "dataset" else "Text")
    for f in resource.files.all():
        add("format", f.content_type)
    add("identifier", absolute(resource.get_absolute_url()))
    if resource.doi:
        add("identifier", f"https://doi.org/{resource.doi}")
    if resource.isbn:
        add("identifier", f"ISBN {resource.isbn}")
    if resource.handle:
        add("identifier", f"https://hdl.handle.net/{resource.handle}")
    add("language", resource.language)
    for version in resource.language_versions().filter(
        status=Status.PUBLISHED, visibility=Visibility.PUBLIC
    ):
        add("relation", absolute(version.get_absolute_url()))
    if resource.series_label:
        add("relation", resource.series_label)
    for city in resource.cities.all():
        add("coverage", city.name)
    for country in resource.countries:
        add("coverage", country)
    add("rights", resource.licence)


def _record(parent: ET.Element, resource: Resource) -> None:
    record = _sub(parent, f"{{{OAI_NS}}}record")
    _header(record, resource)
    if not is_deleted(resource):
        _dublin_core(record, resource)


def _envelope(request: HttpRequest, args: dict[str, str]) -> ET.Element:
    root = ET.Element(
        f"{{{OAI_NS}}}OAI-PMH",
        {
            f"{{{XSI_NS}}}schemaLocation": f"{OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
        },
    )
    _sub(root, f"{{{OAI_NS}}}responseDate", _datestamp(timezone.now()))
    _sub(root, f"{{{OAI_NS}}}request", absolute("/oai"), **args)
    return root


def _response(root: ET.Element) -> HttpResponse:
    body = ET.tostring(root, encoding="unicode")
    return HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + body, content_type="text/xml; charset=utf-8"
    )


def _arguments(request: HttpRequest) -> dict[str, str]:
    params = request.POST if request.method == "POST" else request.GET
    args: dict[str, str] = {}
    for key in params:
        values = params.getlist(key)
        if len(values) > 1:
            raise OAIError("badArgument" if key != "verb" else "badVerb", f"{key} is repeated")
        args[key] = values[0]
    return args


def _check(verb: str, args: dict[str, str]) -> None:
    required, optional = VERBS[verb]
    given = set(args) - {"verb"}
    if "resumptionToken" in given and given != {"resumptionToken"}:
        raise OAIError("badArgument", "resumptionToken is an exclusive argument")
    illegal = given - required - optional
    if illegal:
        raise OAIError("badArgument", f"illegal argument(s): {', '.join(sorted(illegal))}")
    missing = required - given
    if missing and "resumptionToken" not in given:
        raise OAIError("badArgument", f"missing argument(s): {', '.join(sorted(missing))}")


def _check_prefix(prefix: str) -> None:
    if prefix != "oai_dc":
        raise OAIError("cannotDisseminateFormat", f"{prefix!r} is not supported; use oai_dc")


@csrf_exempt
def endpoint(request: HttpRequest) -> HttpResponse:
    try:
        args = _arguments(request)
    except OAIError as exc:
        root = _envelope(request, {})
        _sub(root, f"{{{OAI_NS}}}error", str(exc), code=exc.code)
        return _response(root)
    verb = args.get("verb", "")
    if verb not in VERBS:
        root = _envelope(request, {})
        message = f"{verb!r} is not an OAI-PMH verb" if verb else "the verb argument is missing"
        _sub(root, f"{{{OAI_NS}}}error", message, code="badVerb")
        return _response(root)
    try:
        _check(verb, args)
    except OAIError as exc:
        root = _envelope(request, {})
        _sub(root, f"{{{OAI_NS}}}error", str(exc), code=exc.code)
        return _response(root)
    root = _envelope(request, args)
    try:
        HANDLERS[verb](root, args)
    except OAIError as exc:
        for child in list(root)[2:]:
            root.remove(child)
        _sub(root, f"{{{OAI_NS}}}error", str(exc), code=exc.code)
    return _response(root)


def identify(root: ET.Element, args: dict[str, str]) -> None:
    node = _sub(root, f"{{{OAI_NS}}}Identify")
    _sub(node, f"{{{OAI_NS}}}repositoryName", f"{settings.SITE_NAME} knowledge base")
    _sub(node, f"{{{OAI_NS}}}baseURL", absolute("/oai"))
    _sub(node, f"{{{OAI_NS}}}protocolVersion", "2.0")
    admin = getattr(settings, "LIBRARY_OAI_ADMIN_EMAIL", "") or settings.DEFAULT_FROM_EMAIL
    _sub(node, f"{{{OAI_NS}}}adminEmail", admin.split("<")[-1].rstrip(">").strip())
    first = harvestable().order_by("updated_at").values_list("updated_at", flat=True).first()
    _sub(node, f"{{{OAI_NS}}}earliestDatestamp", _datestamp(first or timezone.now()))
    _sub(node, f"{{{OAI_NS}}}deletedRecord", "persistent")
    _sub(node, f"{{{OAI_NS}}}granularity", "YYYY-MM-DDThh:mm:ssZ")


def list_metadata_formats(root: ET.Element, args: dict[str, str]) -> None:
    if "identifier" in args:
        pk = _pk_from_identifier(args["identifier"])
        if pk is None or not harvestable().filter(pk=pk).exists():
            raise OAIError("idDoesNotExist", f"{args['identifier']!r} is not in this repository")
    node = _sub(root, f"{{{OAI_NS}}}ListMetadataFormats")
    fmt = _sub(node, f"{{{OAI_NS}}}metadataFormat")
    _sub(fmt, f"{{{OAI_NS}}}metadataPrefix", "oai_dc")
    _sub(fmt, f"{{{OAI_NS}}}schema", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd")
    _sub(fmt, f"{{{OAI_NS}}}metadataNamespace", OAI_DC_NS)


def list_sets(root: ET.Element, args: dict[str, str]) -> None:
    if "resumptionToken" in args:
        raise OAIError("badResumptionToken", "the set list is complete in one response")
    node = _sub(root, f"{{{OAI_NS}}}ListSets")
    for spec, name in all_sets():
        entry = _sub(node, f"{{{OAI_NS}}}set")
        _sub(entry, f"{{{OAI_NS}}}setSpec", spec)
        _sub(entry, f"{{{OAI_NS}}}setName", name)


def get_record(root: ET.Element, args: dict[str, str]) -> None:
    _check_prefix(args["metadataPrefix"])
    pk = _pk_from_identifier(args["identifier"])
    resource = harvestable().filter(pk=pk).first() if pk is not None else None
    if resource is None:
        raise OAIError("idDoesNotExist", f"{args['identifier']!r} is not in this repository")
    node = _sub(root, f"{{{OAI_NS}}}GetRecord")
    _record(node, resource)


def _list(root: ET.Element, args: dict[str, str], with_metadata: bool) -> None:
    if "resumptionToken" in args:
        query = ListQuery.from_token(args["resumptionToken"])
    else:
        _check_prefix(args["metadataPrefix"])
        query = ListQuery(
            prefix=args["metadataPrefix"],
            set_spec=args.get("set", ""),
            from_=args.get("from", ""),
            until=args.get("until", ""),
        )
    qs = query.queryset()
    complete_size = qs.count()
    if query.after_stamp:
        stamp = datetime.datetime.fromisoformat(query.after_stamp)
        qs = qs.filter(Q(updated_at__gt=stamp) | Q(updated_at=stamp, pk__gt=query.after_pk))
    size = page_size()
    qs = qs.prefetch_related("sectors", "cities", "collection_items__collection")
    if with_metadata:
        qs = qs.prefetch_related("creators", "files")
    batch: list[Any] = list(qs[: size + 1])
    if not batch and not query.after_stamp:
        raise OAIError("noRecordsMatch", "no records match the arguments")
    node = _sub(root, f"{{{OAI_NS}}}{'ListRecords' if with_metadata else 'ListIdentifiers'}")
    for resource in batch[:size]:
        if with_metadata:
            _record(node, resource)
        else:
            _header(node, resource)
    if len(batch) > size or query.after_stamp:
        cursor = query.cursor
        token = query.token(batch[size - 1], cursor + size) if len(batch) > size else ""
        _sub(
            node,
            f"{{{OAI_NS}}}resumptionToken",
            token,
            completeListSize=str(complete_size),
            cursor=str(cursor),
        )


HANDLERS: dict[str, Callable[[Any, dict[str, str]], None]] = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": lambda root, args: _list(root, args, with_metadata=False),
    "ListRecords": lambda root, args: _list(root, args, with_metadata=True),
}
