"""Demo inquiries (data/inquiries.yaml; invented, is_demo=True), screened like real ones, so the
queue has work."""

from __future__ import annotations

from plaza.demo import DemoContext, read_data
from plaza.inquiries import services
from plaza.inquiries.models import Inquiry


def demo_inquiries() -> list[services.InquiryInput]:
    return [services.InquiryInput(**entry) for entry in read_data("inquiries.yaml")]


def load(ctx: DemoContext) -> None:
    created = 0
    for data in demo_inquiries():
        if Inquiry.objects.filter(email=data.email, is_demo=True).exists():
            continue
        services.submit_inquiry(data, is_demo=True)
        created += 1
    ctx.summary["inquiries"] = Inquiry.objects.filter(is_demo=True).count()
    ctx.write(f"inquiries: {created} demo inquiries screened")
