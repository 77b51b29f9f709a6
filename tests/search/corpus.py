"""A small multilingual fixture corpus: informal-economy documents in en, es, fr, th and hi."""

from __future__ import annotations

import datetime

from plaza.search.registry import SearchDocument

MODEL = "tests.document"


def doc(pk: int, title: str, language: str, abstract: str = "", **kwargs: object) -> SearchDocument:
    facets = kwargs.pop("facets", {})
    year = kwargs.pop("year", 2018)
    return SearchDocument(
        model=MODEL,
        pk=pk,
        title=title,
        language=language,
        abstract=abstract,
        url=f"/en/library/{pk}/",
        date=datetime.date(int(str(year)), 6, 1),
        facets=facets,  # type: ignore[arg-type]
        **kwargs,  # type: ignore[arg-type]
    )


CORPUS: list[SearchDocument] = [
    doc(
        1,
        "Los vendedores ambulantes de Lima y el espacio público",
        "es",
        "Estudio sobre los VENDEDORES AMBULANTES en el centro de Lima: licencias, desalojos y "
        "diálogo con la municipalidad.",
        facets={
            "type": ["report"],
            "sector": ["street-vendors"],
            "city": ["lima"],
            "country": ["PE"],
        },
        year=2016,
    ),
    doc(
        2,
        "Street vendors and public space in Accra",
        "en",
        "How street vendors negotiate access to public space with the Accra Metropolitan Assembly.",
        facets={
            "type": ["working-paper"],
            "sector": ["street-vendors"],
            "city": ["accra"],
            "country": ["GH"],
        },
        year=2019,
    ),
    doc(
        3,
        "Waste pickers and recycling cooperatives",
        "en",
        "Waste pickers collect, sort and sell recyclable materials; cooperatives improve their incomes.",
        keywords=["recycling", "solid waste"],
        facets={
            "type": ["report"],
            "sector": ["waste-pickers"],
            "city": ["delhi"],
            "country": ["IN"],
        },
        year=2021,
    ),
    doc(
        4,
        "Les récupérateurs de déchets à Dakar",
        "fr",
        "Les récupérateurs de déchets de Mbeubeuss trient le plastique et le métal pour le recyclage.",
        facets={
            "type": ["report"],
            "sector": ["waste-pickers"],
            "city": ["dakar"],
            "country": ["SN"],
        },
        year=2017,
    ),
    doc(
        5,
        "ผู้ค้าหาบเร่แผงลอยในกรุงเทพมหานคร",
        "th",
        "การศึกษาผู้ค้าหาบเร่แผงลอยบนทางเท้าในกรุงเทพมหานครและนโยบายจัดระเบียบทางเท้า",
        facets={
            "type": ["report"],
            "sector": ["street-vendors"],
            "city": ["bangkok"],
            "country": ["TH"],
        },
        year=2020,
    ),
    doc(
        6,
        "दिल्ली में कचरा बीनने वाले श्रमिक",
        "hi",
        "दिल्ली के कचरा बीनने वाले श्रमिकों की आय, स्वास्थ्य और पुनर्चक्रण में उनकी भूमिका पर अध्ययन।",
        facets={
            "type": ["report"],
            "sector": ["waste-pickers"],
            "city": ["delhi"],
            "country": ["IN"],
        },
        year=2022,
    ),
    doc(
        7,
        "Trabajadoras del hogar en Ciudad de México",
        "es",
        "Derechos laborales de las trabajadoras del hogar y el medio ambiente de trabajo.",
        facets={
            "type": ["law"],
            "sector": ["domestic-workers"],
            "city": ["mexico-city"],
            "country": ["MX"],
        },
        year=2019,
    ),
    doc(
        8,
        "Home-based workers in global supply chains",
        "en",
        "Home-based workers produce garments at piece rates for global supply chains.",
        facets={"type": ["working-paper"], "sector": ["home-based-workers"]},
        year=2015,
        visibility="members",
    ),
    doc(
        9,
        "Internal note on waste picker registration",
        "en",
        "Private draft about registering waste pickers with the municipality.",
        facets={"type": ["note"], "sector": ["waste-pickers"]},
        year=2023,
        visibility="private",
    ),
    doc(
        10,
        "Informal economy statistics",
        "",
        "Informal employment rates by country and sex, with definitions used by statisticians.",
        facets={"type": ["statistics"]},
        year=2012,
    ),
]
