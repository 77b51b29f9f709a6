"""Who may work on inquiries: network staff and administrators."""

from __future__ import annotations

import rules

from plaza.accounts.rules import is_staff_member

for _perm in (
    "inquiries.view_inquiry",
    "inquiries.change_inquiry",
    "inquiries.view_policyrule",
    "inquiries.change_policyrule",
    "inquiries.add_policyrule",
):
    rules.add_perm(_perm, is_staff_member)
