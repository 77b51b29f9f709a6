"""Demo inquiries (invented, is_demo=True), screened like real ones, so the queue has work."""

from __future__ import annotations

from plaza.demo import DemoContext
from plaza.inquiries import services
from plaza.inquiries.models import Inquiry

DEMO_INQUIRIES = [
    services.InquiryInput(
        name="Lucía Quispe (demo)",
        email="lucia.demo@example.org",
        organisation="Universidad Nacional Mayor de San Marcos",
        organisation_kind="student",
        request_kinds=["research-help", "worker-access"],
        topic="vendedores ambulantes",
        message="Soy estudiante de maestría y escribo mi tesis sobre vendedores ambulantes en "
        "Lima. ¿Podrían ayudarme a conseguir entrevistas con vendedoras del mercado?",
        language="es",
        country="PE",
        city="Lima",
    ),
    services.InquiryInput(
        name="Mark Evans (demo)",
        email="mark.demo@example.com",
        organisation="Global Apparel Ltd",
        organisation_kind="private-company",
        request_kinds=["partnership", "funding-offer"],
        message="We would like to sponsor a programme for home-based workers in our supply "
        "chain and sign a partnership agreement.",
        language="en",
    ),
    services.InquiryInput(
        name="Rekha Sharma (demo)",
        email="rekha.demo@example.org",
        organisation="Regional network of domestic workers",
        organisation_kind="network",
        request_kinds=["information"],
        message="Our network needs statistics on domestic workers in our sector for the "
        "campaign on minimum wages.",
        language="en",
    ),
    services.InquiryInput(
        name="Claire Martin (demo)",
        email="claire.demo@example.org",
        organisation="Association pour l'inclusion",
        organisation_kind="ngo",
        request_kinds=["joint-proposal"],
        message="Nous préparons une proposition pour un appel à propositions de l'État et "
        "aimerions vous avoir comme partenaire.",
        language="fr",
    ),
    services.InquiryInput(
        name="สมชาย (demo)",
        email="somchai.demo@example.org",
        organisation_kind="student",
        request_kinds=["internship"],
        message="ผมอยากฝึกงานกับองค์กรแรงงานนอกระบบในช่วงปิดภาคเรียน",
        language="th",
    ),
    services.InquiryInput(
        name="अनीता (demo)",
        email="anita.demo@example.org",
        organisation_kind="government",
        request_kinds=["speaker"],
        message="हम अपने राष्ट्रीय सम्मेलन में मुख्य भाषण के लिए एक वक्ता आमंत्रित करना चाहते हैं।",
        language="hi",
    ),
]


def load(ctx: DemoContext) -> None:
    created = 0
    for data in DEMO_INQUIRIES:
        if Inquiry.objects.filter(email=data.email, is_demo=True).exists():
            continue
        services.submit_inquiry(data, is_demo=True)
        created += 1
    ctx.summary["inquiries"] = Inquiry.objects.filter(is_demo=True).count()
    ctx.write(f"inquiries: {created} demo inquiries screened")
