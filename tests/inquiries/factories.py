from __future__ import annotations

from typing import Any

from plaza.inquiries import services
from plaza.inquiries.models import Inquiry


def make_inquiry(**overrides: Any) -> Inquiry:
    """An inquiry submitted through the service (so it is screened like a real one)."""
    values: dict[str, Any] = {
        "name": "Ana Pérez",
        "email": "ana@example.org",
        "organisation_kind": "student",
        "request_kinds": ["research-help"],
        "message": "Estoy escribiendo mi tesis sobre vendedores ambulantes.",
        "language": "es",
    }
    address = overrides.pop("address", "")
    is_demo = overrides.pop("is_demo", False)
    values.update(overrides)
    return services.submit_inquiry(
        services.InquiryInput(**values), address=address, is_demo=is_demo
    )
