"""Who may import statistics and enter city figures. Reading figures is public."""

from __future__ import annotations

import rules

from plaza.accounts.rules import is_staff_member
from plaza.cities.rules import coordinates_city

rules.add_perm("statistics.import_observations", is_staff_member)
rules.add_perm("statistics.add_city_figure", is_staff_member | coordinates_city)
