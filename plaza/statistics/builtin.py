"""The indicator Plaza knows out of the box: ILOSTAT's informal employment rate by sex.

Its names and definition are content (stored on the Indicator row, in the five
interface languages), written here once so that every installation has them.
"""

from __future__ import annotations

from plaza.statistics.models import Indicator

INFORMAL_EMPLOYMENT_RATE = "EMP_NIFL_SEX_RT_A"
ILOSTAT_SOURCE = "ILOSTAT, International Labour Organization"
ILOSTAT_URL = "https://ilostat.ilo.org/data/"
ILOSTAT_LICENCE = "CC BY 4.0"

BUILTIN_INDICATORS: list[dict[str, object]] = [
    {
        "code": INFORMAL_EMPLOYMENT_RATE,
        "source_label": "Informal employment rate by sex (%)",
        "unit": "%",
        "source": ILOSTAT_SOURCE,
        "source_url": ILOSTAT_URL,
        "licence": ILOSTAT_LICENCE,
        "names": {
            "en": "Informal employment rate",
            "es": "Tasa de empleo informal",
            "fr": "Taux d'emploi informel",
            "th": "อัตราการจ้างงานนอกระบบ",
            "hi": "अनौपचारिक रोज़गार दर",
        },
        "definitions": {
            "en": (
                "The share of informal employment in total employment, in per cent. Informal "
                "employment counts every worker whose main job is not covered, in law or in "
                "practice, by labour legislation, social protection or employment benefits: "
                "own-account workers and employers in informal enterprises, contributing family "
                "workers, and employees in informal jobs, in any sector."
            ),
            "es": (
                "La proporción del empleo informal en el empleo total, en porcentaje. El empleo "
                "informal abarca a toda persona cuyo empleo principal no está cubierto, en la ley "
                "o en la práctica, por la legislación laboral, la protección social o las "
                "prestaciones laborales: trabajadores por cuenta propia y empleadores de empresas "
                "informales, trabajadores familiares auxiliares y asalariados con empleos "
                "informales, en cualquier sector."
            ),
            "fr": (
                "La part de l'emploi informel dans l'emploi total, en pourcentage. L'emploi "
                "informel compte toute personne dont l'emploi principal n'est pas couvert, en droit "
                "ou en pratique, par la législation du travail, la protection sociale ou les "
                "avantages liés à l'emploi : travailleurs à leur compte et employeurs des "
                "entreprises informelles, travailleurs familiaux collaborant à l'entreprise "
                "familiale et salariés occupant un emploi informel, dans tous les secteurs."
            ),
            "th": (
                "สัดส่วนของการจ้างงานนอกระบบต่อการจ้างงานทั้งหมด เป็นร้อยละ การจ้างงานนอกระบบนับรวม"
                "ผู้ทำงานทุกคนที่งานหลักไม่ได้รับความคุ้มครองจากกฎหมายแรงงาน การคุ้มครองทางสังคม "
                "หรือสวัสดิการจากการจ้างงาน ไม่ว่าตามกฎหมายหรือในทางปฏิบัติ ได้แก่ ผู้ทำงานส่วนตัวและ"
                "นายจ้างในกิจการนอกระบบ ผู้ช่วยธุรกิจครัวเรือน และลูกจ้างในงานนอกระบบ ในทุกภาคส่วน"
            ),
            "hi": (
                "कुल रोज़गार में अनौपचारिक रोज़गार का हिस्सा, प्रतिशत में। अनौपचारिक रोज़गार में हर वह "
                "कामगार गिना जाता है जिसका मुख्य काम क़ानून या व्यवहार में श्रम क़ानून, सामाजिक सुरक्षा "
                "या रोज़गार लाभों के दायरे में नहीं आता: अनौपचारिक उद्यमों के स्व-रोज़गार कामगार और "
                "नियोक्ता, पारिवारिक सहायक कामगार, और अनौपचारिक नौकरियों वाले कर्मचारी, किसी भी क्षेत्र में।"
            ),
        },
    }
]


def ensure_builtin_indicators() -> None:
    """Create the built-in indicators when missing; never overwrite an edited one."""
    existing = set(
        Indicator.objects.filter(
            code__in=[str(spec["code"]) for spec in BUILTIN_INDICATORS]
        ).values_list("code", flat=True)
    )
    for spec in BUILTIN_INDICATORS:
        if spec["code"] not in existing:
            Indicator.objects.create(**spec)
