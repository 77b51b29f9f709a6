"""Invented focal-city work for the demo (all is_demo=True): per city, a dialogue platform with
meetings, demands, agreements, commitments and evidence, and one activity of each other kind.

Dates are relative to the day of loading so that "upcoming", "overdue" and "running" stay
meaningful; loading twice on the same day changes nothing (records are upserted on stable keys).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from plaza.cities.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Agreement,
    City,
    Commitment,
    CommitmentStatus,
    Demand,
    Evidence,
    Gender,
    LeadersTrained,
    Meeting,
    Milestone,
    Participation,
    PlatformSeat,
    PlatformType,
    SeatSide,
    Session,
)
from plaza.demo import DemoContext, set_related, upsert

# Platform title in the city's working language, and the issues on the table.
PLATFORM_TITLES = {
    "accra": ("Makola Market Dialogue Forum", "en"),
    "lima": ("Mesa de diálogo de comerciantes de La Victoria", "es"),
    "bangkok": ("เวทีเจรจาผู้ค้าหาบเร่แผงลอยกรุงเทพฯ", "th"),
    "delhi": ("दिल्ली पथ विक्रेता संवाद मंच", "hi"),
    "dakar": ("Cadre de concertation des récupérateurs de Mbeubeuss", "fr"),
    "mexico-city": ("Mesa de trabajo de trabajadoras del hogar", "es"),
}
# Texts of each city's dialogue platform in the platform's language (content, not interface):
# the agreements and commitments of the Lima table are written in Spanish, Delhi's in Hindi...
PLATFORM_TEXTS: dict[str, dict[str, Any]] = {
    "en": {
        "agreements": [
            (
                "Water points and toilets in the market",
                [
                    ("Municipal market department", "Install four water points"),
                    ("Municipal market department", "Open two public toilets"),
                    ("Worker organisation", "Keep a cleaning rota for the water points"),
                ],
            ),
            (
                "No confiscation of goods without written notice",
                [
                    ("City enforcement unit", "Issue a written instruction to officers"),
                    ("Worker organisation", "Train members on the notice procedure"),
                ],
            ),
            (
                "Vendors' identity cards recognised by the city",
                [("City licensing office", "Recognise the organisation's identity cards")],
            ),
        ],
        "demands": ["Clean water in every market", "End confiscations of goods"],
        "agenda": [
            "Water and toilets\nConfiscations\nIdentity cards",
            "Review of commitments\nMarket renovation plans",
        ],
        "place": "City hall, meeting room 2",
        "minutes": "Demo minutes: the parties reviewed the three issues and agreed as recorded.",
        "closing": "Three agreements reached; follow-up meeting in three months.",
        "description": "A standing table where worker organisations and the city negotiate "
        "working conditions in public space. (Demo data.)",
        "representatives": "Head of the markets department",
        "evidence": "Demo: {what} at {progress}%.",
    },
    "es": {
        "agreements": [
            (
                "Puntos de agua y baños en el mercado",
                [
                    ("Gerencia municipal de mercados", "Instalar cuatro puntos de agua"),
                    ("Gerencia municipal de mercados", "Abrir dos baños públicos"),
                    (
                        "Organización de trabajadoras",
                        "Organizar turnos de limpieza de los puntos de agua",
                    ),
                ],
            ),
            (
                "Ningún decomiso de mercadería sin notificación escrita",
                [
                    (
                        "Unidad municipal de fiscalización",
                        "Dar una instrucción escrita a los fiscalizadores",
                    ),
                    (
                        "Organización de trabajadoras",
                        "Capacitar a las socias en el procedimiento de notificación",
                    ),
                ],
            ),
            (
                "Carnés de las vendedoras reconocidos por la municipalidad",
                [("Oficina municipal de licencias", "Reconocer los carnés de la organización")],
            ),
        ],
        "demands": ["Agua limpia en cada mercado", "Fin de los decomisos de mercadería"],
        "agenda": [
            "Agua y baños\nDecomisos\nCarnés",
            "Revisión de los compromisos\nPlanes de remodelación del mercado",
        ],
        "place": "Municipalidad, sala de reuniones 2",
        "minutes": "Acta de demostración: las partes revisaron los tres temas y acordaron lo registrado.",
        "closing": "Tres acuerdos alcanzados; reunión de seguimiento en tres meses.",
        "description": "Una mesa permanente donde las organizaciones de trabajadoras y la "
        "municipalidad negocian las condiciones de trabajo en el espacio público. (Datos de demostración.)",
        "representatives": "Jefa de la gerencia de mercados",
        "evidence": "Demostración: {what}, {progress} %.",
    },
    "fr": {
        "agreements": [
            (
                "Points d'eau et toilettes au marché",
                [
                    ("Service municipal des marchés", "Installer quatre points d'eau"),
                    ("Service municipal des marchés", "Ouvrir deux toilettes publiques"),
                    ("Organisation de travailleurs", "Tenir un tour de nettoyage des points d'eau"),
                ],
            ),
            (
                "Aucune saisie de marchandises sans avis écrit",
                [
                    ("Brigade municipale", "Donner une instruction écrite aux agents"),
                    ("Organisation de travailleurs", "Former les membres à la procédure d'avis"),
                ],
            ),
            (
                "Cartes de membre des récupérateurs reconnues par la ville",
                [
                    (
                        "Bureau municipal des autorisations",
                        "Reconnaître les cartes de l'organisation",
                    )
                ],
            ),
        ],
        "demands": ["De l'eau propre dans chaque marché", "La fin des saisies de marchandises"],
        "agenda": [
            "Eau et toilettes\nSaisies\nCartes de membre",
            "Suivi des engagements\nProjets de rénovation du marché",
        ],
        "place": "Hôtel de ville, salle de réunion 2",
        "minutes": "Compte rendu de démonstration : les parties ont examiné les trois points et se sont accordées comme indiqué.",
        "closing": "Trois accords conclus ; réunion de suivi dans trois mois.",
        "description": "Un cadre permanent où les organisations de travailleurs et la ville "
        "négocient les conditions de travail dans l'espace public. (Données de démonstration.)",
        "representatives": "Chef du service des marchés",
        "evidence": "Démonstration : {what}, {progress} %.",
    },
    "th": {
        "agreements": [
            (
                "จุดน้ำสะอาดและห้องน้ำในตลาด",
                [
                    ("สำนักงานตลาดของกรุงเทพมหานคร", "ติดตั้งจุดน้ำสะอาดสี่จุด"),
                    ("สำนักงานตลาดของกรุงเทพมหานคร", "เปิดห้องน้ำสาธารณะสองแห่ง"),
                    ("องค์กรแรงงาน", "จัดเวรทำความสะอาดจุดน้ำ"),
                ],
            ),
            (
                "ไม่ยึดสินค้าโดยไม่มีหนังสือแจ้งเตือน",
                [
                    ("ฝ่ายเทศกิจ", "ออกหนังสือสั่งการถึงเจ้าหน้าที่"),
                    ("องค์กรแรงงาน", "อบรมสมาชิกเรื่องขั้นตอนการแจ้งเตือน"),
                ],
            ),
            (
                "เมืองรับรองบัตรประจำตัวผู้ค้า",
                [("สำนักงานออกใบอนุญาต", "รับรองบัตรประจำตัวที่องค์กรออกให้")],
            ),
        ],
        "demands": ["น้ำสะอาดในทุกตลาด", "ยุติการยึดสินค้า"],
        "agenda": ["น้ำและห้องน้ำ\nการยึดสินค้า\nบัตรประจำตัว", "ทบทวนข้อผูกพัน\nแผนปรับปรุงตลาด"],
        "place": "ศาลาว่าการกรุงเทพมหานคร ห้องประชุม 2",
        "minutes": "บันทึกการประชุม (ข้อมูลสาธิต): ทุกฝ่ายพิจารณาสามประเด็นและตกลงกันตามที่บันทึกไว้",
        "closing": "ได้ข้อตกลงสามข้อ นัดประชุมติดตามผลในอีกสามเดือน",
        "description": "เวทีถาวรที่องค์กรแรงงานและกรุงเทพมหานครเจรจาเรื่องสภาพการทำงานในพื้นที่สาธารณะ (ข้อมูลสาธิต)",
        "representatives": "ผู้อำนวยการสำนักงานตลาด",
        "evidence": "ข้อมูลสาธิต: {what} คืบหน้า {progress}%",
    },
    "hi": {
        "agreements": [
            (
                "बाज़ार में पानी के नल और शौचालय",
                [
                    ("नगर निगम बाज़ार विभाग", "पानी के चार नल लगाना"),
                    ("नगर निगम बाज़ार विभाग", "दो सार्वजनिक शौचालय खोलना"),
                    ("कामगार संगठन", "पानी के नलों की सफ़ाई की बारी तय रखना"),
                ],
            ),
            (
                "लिखित नोटिस के बिना सामान ज़ब्त नहीं होगा",
                [
                    ("नगर प्रवर्तन दस्ता", "अधिकारियों को लिखित निर्देश जारी करना"),
                    ("कामगार संगठन", "सदस्यों को नोटिस की प्रक्रिया का प्रशिक्षण देना"),
                ],
            ),
            (
                "पथ विक्रेताओं के पहचान पत्र नगर द्वारा मान्य",
                [("नगर लाइसेंस कार्यालय", "संगठन के पहचान पत्रों को मान्यता देना")],
            ),
        ],
        "demands": ["हर बाज़ार में साफ़ पानी", "सामान की ज़ब्ती बंद हो"],
        "agenda": [
            "पानी और शौचालय\nज़ब्ती\nपहचान पत्र",
            "प्रतिबद्धताओं की समीक्षा\nबाज़ार के नवीनीकरण की योजना",
        ],
        "place": "नगर निगम भवन, बैठक कक्ष 2",
        "minutes": "डेमो कार्यवृत्त: पक्षों ने तीनों मुद्दों पर विचार किया और दर्ज किए गए अनुसार सहमति बनी।",
        "closing": "तीन समझौते हुए; तीन महीने में अगली बैठक।",
        "description": "एक स्थायी मंच जहाँ कामगार संगठन और नगर निगम सार्वजनिक स्थानों में काम की "
        "शर्तों पर बातचीत करते हैं। (डेमो डेटा)",
        "representatives": "बाज़ार विभाग के प्रमुख",
        "evidence": "डेमो: {what}, {progress}%।",
    },
}
# Due (days from today), status and progress of each commitment, in the order above; the third
# of the first agreement and the second of the second are the worker organisation's.
COMMITMENT_STATE = [
    [(-40, "done", 100, False), (-10, "in-progress", 60, False), (20, "in-progress", 50, True)],
    [(-5, "not-started", 0, False), (45, "not-started", 0, True)],
    [(90, "blocked", 20, False)],
]


def _days(today: datetime.date, n: int) -> datetime.date:
    return today + datetime.timedelta(days=n)


def _orgs(city: City) -> tuple[list[Any], list[Any]]:
    from plaza.directory.models import Organization, OrganizationKind

    orgs = list(Organization.objects.filter(cities=city).order_by("name"))
    authorities = [
        o
        for o in orgs
        if o.kind in (OrganizationKind.MUNICIPAL_AUTHORITY, OrganizationKind.NATIONAL_AUTHORITY)
    ]
    workers = [o for o in orgs if o.kind == OrganizationKind.MBO]
    return workers, authorities


def _activity(city: City, kind: str, title: str, values: dict[str, Any]) -> Activity:
    activity, _created = upsert(
        Activity, {"city": city, "title": title}, {"kind": kind, "is_demo": True, **values}
    )
    return activity


def _count(
    organization: Any, gender: str, count: int, *, session: Any = None, meeting: Any = None
) -> None:
    upsert(
        Participation,
        {"session": session, "meeting": meeting, "organization": organization, "gender": gender},
        {"count": count},
    )


def load_city_work(city: City, today: datetime.date) -> None:
    workers, authorities = _orgs(city)
    lead = workers[0] if workers else None
    title, language = PLATFORM_TITLES.get(city.slug, (f"{city.name} dialogue platform", "en"))
    texts = PLATFORM_TEXTS.get(language, PLATFORM_TEXTS["en"])
    platform = _activity(
        city,
        ActivityKind.DIALOGUE_PLATFORM,
        title,
        {
            "platform_type": PlatformType.NEGOTIATION,
            "language": language,
            "status": ActivityStatus.ONGOING,
            "start_date": _days(today, -420),
            "is_public": True,
            "description": texts["description"],
            "private_notes": "Demo: the city's negotiator changes after the elections.",
        },
    )
    set_related(platform.organizations, workers + authorities)
    for org in workers:
        upsert(
            PlatformSeat, {"platform": platform, "organization": org}, {"side": SeatSide.WORKERS}
        )
    for org in authorities:
        upsert(
            PlatformSeat,
            {"platform": platform, "organization": org},
            {"side": SeatSide.AUTHORITY, "representatives_note": texts["representatives"]},
        )
    past, _c = upsert(
        Meeting,
        {"platform": platform, "agenda": texts["agenda"][0]},
        {
            "date": _days(today, -60),
            "place": texts["place"],
            "language": language,
            "minutes": texts["minutes"],
            "closing_report": texts["closing"],
            "is_public": True,
            "is_demo": True,
        },
    )
    upsert(
        Meeting,
        {"platform": platform, "agenda": texts["agenda"][1]},
        {
            "date": _days(today, 14),
            "place": "",
            "is_online": True,
            "language": language,
            "is_demo": True,
        },
    )
    for org, women, men in ((lead, 7, 3), (authorities[0] if authorities else None, 1, 2)):
        _count(org, Gender.WOMAN, women, meeting=past)
        _count(org, Gender.MAN, men, meeting=past)
    for text in texts["demands"]:
        upsert(Demand, {"platform": platform, "text": text}, {"meeting": past, "raised_by": lead})
    for number, (agreement_title, commitments) in enumerate(texts["agreements"]):
        agreement, _c = upsert(
            Agreement,
            {"platform": platform, "title": agreement_title},
            {"meeting": past, "reached_on": past.date, "is_public": number < 2, "is_demo": True},
        )
        for (who, what), (due, status, progress, by_workers) in zip(
            commitments, COMMITMENT_STATE[number], strict=True
        ):
            commitment, _c = upsert(
                Commitment,
                {"agreement": agreement, "responsible": who, "action": what},
                {
                    "due_date": _days(today, due),
                    "status": status,
                    "progress": progress,
                    "responsible_organization": lead if by_workers else None,
                    "is_demo": True,
                },
            )
            if progress:
                upsert(
                    Evidence,
                    {
                        "commitment": commitment,
                        "note": texts["evidence"].format(what=what, progress=progress),
                    },
                    {
                        "date": _days(today, -20),
                        "progress": progress,
                        "status": status,
                        "is_public": True,
                    },
                )
    training = _activity(
        city,
        ActivityKind.CAPACITY_BUILDING,
        f"Leadership school for worker leaders, {city.name}",
        {
            "status": ActivityStatus.COMPLETED,
            "start_date": _days(today, -300),
            "end_date": _days(today, -250),
            "topics": "Negotiation\nPublic speaking\nReading a city budget",
            "leaders_trained": 18,
            "is_public": True,
            "outcomes": "Eighteen leaders trained; four now sit at the dialogue platform.",
        },
    )
    for n, (topic, women, men, leaders) in enumerate(
        (("Negotiation", 9, 4, 8), ("City budgets", 11, 3, 10))
    ):
        session, _c = upsert(
            Session,
            {"activity": training, "topics": topic},
            {
                "date": _days(today, -300 + 7 * n),
                "facilitators": "Demo facilitator",
                "place": city.name,
            },
        )
        _count(lead, Gender.WOMAN, women, session=session)
        _count(lead, Gender.MAN, men, session=session)
        upsert(LeadersTrained, {"session": session, "organization": lead}, {"count": leaders})
        if len(workers) > 1:  # a second organisation at the school, when the city has one
            _count(workers[1], Gender.WOMAN, 3, session=session)
            _count(workers[1], Gender.OTHER, 1, session=session)
    campaign = _activity(
        city,
        ActivityKind.CAMPAIGN,
        f"“Vendors build {city.name}” public campaign",
        {
            "status": ActivityStatus.ONGOING,
            "start_date": _days(today, -30),
            "end_date": _days(today, 60),
            "objective": "Challenge the stereotype of vendors as a nuisance; win a city council "
            "resolution on vending zones.",
            "audience": "City residents, journalists, council members",
            "is_public": True,
        },
    )
    for label, due, reached in (
        ("Launch with the press", -30, True),
        ("Council hearing", 40, False),
    ):
        upsert(
            Milestone,
            {"activity": campaign, "title": label},
            {"due_date": _days(today, due), "reached_on": _days(today, due) if reached else None},
        )
    _activity(
        city,
        ActivityKind.RESEARCH,
        f"Counting vendors in central {city.name}",
        {
            "status": ActivityStatus.ONGOING,
            "start_date": _days(today, -90),
            "question": "How many vendors work in the central markets, and how many are women?",
            "requesting_organization": lead,
            "is_public": True,
        },
    )
    rights = _activity(
        city,
        ActivityKind.RIGHTS_EDUCATION,
        f"Know your rights: vending by-laws of {city.name}",
        {
            "status": ActivityStatus.COMPLETED,
            "start_date": _days(today, -150),
            "end_date": _days(today, -150),
            "rights_covered": "Municipal vending by-law\nRight to due process before confiscation",
            "is_public": False,
        },
    )
    session, _c = upsert(
        Session,
        {"activity": rights, "topics": "The vending by-law"},
        {"date": _days(today, -150), "facilitators": "Demo lawyer", "place": city.name},
    )
    _count(lead, Gender.WOMAN, 21, session=session)
    _count(lead, Gender.MAN, 6, session=session)
    _count(None, Gender.OTHER, 1, session=session)
    upsert(LeadersTrained, {"session": session, "organization": lead}, {"count": 5})
    _activity(
        city,
        ActivityKind.TECHNICAL_SUPPORT,
        f"Help with a grant proposal, {city.name}",
        {
            "status": ActivityStatus.COMPLETED,
            "start_date": _days(today, -200),
            "request": "Review of the organisation's first grant proposal",
            "requesting_organization": lead,
            "provided": "Two review sessions and a budget template",
            "is_public": False,
        },
    )


def load_work(ctx: DemoContext) -> None:
    today = timezone.localdate()
    for city in City.objects.all():
        load_city_work(city, today)
    ctx.summary["demo city activities"] = Activity.objects.filter(is_demo=True).count()
    ctx.summary["demo commitments"] = Commitment.objects.filter(
        Q(is_demo=True), ~Q(status=CommitmentStatus.CANCELLED)
    ).count()
