from __future__ import annotations

from typing import Any

import factory

from plaza.library.models import Creator, Resource


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    title = factory.Sequence(lambda n: f"Informal work study {n}")
    type = "working-paper"
    language = "en"
    year = 2019
    publisher = "WIEGO"
    status = "published"
    visibility = "public"


class CreatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Creator

    resource = factory.SubFactory(ResourceFactory)
    kind = "person"
    family_name = "Chen"
    given_names = "Martha Alter"


def resource_with_creators(*names: Any, **kwargs: Any) -> Resource:
    resource: Resource = ResourceFactory.create(**kwargs)
    for position, name in enumerate(names):
        if isinstance(name, tuple):
            CreatorFactory(
                resource=resource, position=position, family_name=name[0], given_names=name[1]
            )
        else:
            CreatorFactory(
                resource=resource,
                position=position,
                kind="organization",
                name=name,
                family_name="",
                given_names="",
            )
    return resource
