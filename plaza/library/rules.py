"""Who may see and change what in the knowledge base.

Librarians and network staff curate (create, edit, publish, withdraw, see everything).
Other logged-in users (city coordinators, organisation representatives) may propose
resources: they create drafts, edit them while in draft or review, and submit them.
Published resources are seen by everyone (public) or by logged-in members (members only);
private ones only by curators and the person who created them.
"""

from __future__ import annotations

from typing import Any

import rules

from plaza.accounts.rules import (
    is_city_coordinator,
    is_librarian,
    is_organisation_representative,
    is_staff_member,
)
from plaza.core.types import User

is_curator = is_librarian | is_staff_member


@rules.predicate
def is_member(user: User | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


@rules.predicate
def created_resource(user: User | None, resource: Any) -> bool:
    return bool(
        resource is not None
        and user is not None
        and user.is_authenticated
        and resource.created_by_id == user.pk
    )


@rules.predicate
def is_unpublished_draft(user: User, resource: Any) -> bool:
    return resource is not None and resource.status in ("draft", "review")


@rules.predicate
def is_published(user: User, resource: Any) -> bool:
    return resource is not None and resource.status == "published"


@rules.predicate
def is_withdrawn(user: User, resource: Any) -> bool:
    return resource is not None and resource.status == "withdrawn"


@rules.predicate
def visible_to_public(user: User, resource: Any) -> bool:
    return resource is not None and resource.visibility == "public"


@rules.predicate
def visible_to_members(user: User, resource: Any) -> bool:
    return resource is not None and resource.visibility == "members"


can_read_published = is_published & (
    visible_to_public | (visible_to_members & is_member) | created_resource
)
can_view_resource = is_curator | can_read_published | created_resource
# A withdrawn resource's notice (title, reason) is for those who could read it before.
can_see_withdrawn = is_withdrawn & (
    is_curator | visible_to_public | (visible_to_members & is_member) | created_resource
)
can_propose = is_curator | is_city_coordinator | is_organisation_representative
can_edit_resource = is_curator | (created_resource & is_unpublished_draft)

rules.add_perm("library.view_resource", can_view_resource)
rules.add_perm("library.view_withdrawn_resource", can_see_withdrawn)
rules.add_perm("library.add_resource", can_propose)
rules.add_perm("library.change_resource", can_edit_resource)
rules.add_perm("library.submit_resource", can_edit_resource)
rules.add_perm("library.publish_resource", is_curator)
rules.add_perm("library.withdraw_resource", is_curator)
rules.add_perm("library.delete_resource", is_curator)
rules.add_perm("library.import_resources", is_curator)
rules.add_perm("library.curate", is_curator)
# The admin site checks these model-level permissions too.
rules.add_perm("library.view_resourcefile", is_curator)
rules.add_perm("library.change_resourcefile", is_curator)
rules.add_perm("library.add_resourcefile", is_curator)
rules.add_perm("library.delete_resourcefile", is_curator)
rules.add_perm("library.view_creator", is_curator)
rules.add_perm("library.change_creator", is_curator)
rules.add_perm("library.add_creator", is_curator)
rules.add_perm("library.delete_creator", is_curator)
rules.add_perm("library", is_curator)
# Curated collections are made by librarians and staff; reading lists and saved searches
# belong to their owner (checked in plaza.library.list_services).
rules.add_perm("library.manage_collections", is_curator)
rules.add_perm("library.keep_lists", is_member)
