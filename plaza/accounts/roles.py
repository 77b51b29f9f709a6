"""Roles are Django groups; this module names them and says what each may do."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "Administrator", _("Administrator")
    NETWORK_STAFF = "Network staff", _("Network staff")
    CITY_COORDINATOR = "City coordinator", _("City coordinator")
    ORGANISATION_REPRESENTATIVE = "Organisation representative", _("Organisation representative")
    LIBRARIAN = "Librarian", _("Librarian")


# Roles whose members may open the admin site (is_staff).
ADMIN_SITE_ROLES = {Role.ADMINISTRATOR, Role.NETWORK_STAFF, Role.LIBRARIAN}
