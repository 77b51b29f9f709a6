"""Realistic inquiries written from the partnering policy, each with the answer the policy gives.

Written before the rules (plaza/inquiries/policy.yaml), from the policy text alone: who asks,
what for, in which language, and which clauses apply. ``rules`` is every clause that applies;
``outcome`` is the overall answer (a binding decline stands over an acceptance; rules that
disagree, or no rule at all, send the inquiry to staff).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    key: str
    language: str
    organisation_kind: str
    request_kinds: tuple[str, ...]
    text: str
    outcome: str
    rules: frozenset[str]
    deadline_in_days: int | None = None
    topic: str = ""


def case(
    key: str,
    language: str,
    organisation_kind: str,
    request_kinds: str,
    text: str,
    outcome: str,
    rules: str,
    deadline_in_days: int | None = None,
    topic: str = "",
) -> Case:
    return Case(
        key,
        language,
        organisation_kind,
        tuple(request_kinds.split()),
        text,
        outcome,
        frozenset(rules.split()),
        deadline_in_days,
        topic,
    )


CASES: list[Case] = [
    # --- students and research assistance --------------------------------------------------
    case(
        "es-student-thesis-interviews",
        "es",
        "student",
        "research-help worker-access",
        "Hola, soy estudiante de maestría en la Universidad de San Marcos y estoy escribiendo mi "
        "tesis sobre vendedores ambulantes en Lima. ¿Podrían ayudarme a conseguir entrevistas con "
        "vendedoras del mercado?",
        "decline",
        "research-assistance not-a-gatekeeper",
        topic="vendedores ambulantes",
    ),
    case(
        "en-student-dissertation",
        "en",
        "student",
        "research-help",
        "I'm an undergraduate writing my dissertation on waste pickers in Accra. Could you send me "
        "a list of sources and answer a short questionnaire?",
        "decline",
        "research-assistance",
    ),
    case(
        "th-student-thesis",
        "th",
        "student",
        "research-help",
        "ดิฉันเป็นนักศึกษาปริญญาโท กำลังทำวิทยานิพนธ์เรื่องแรงงานที่ทำงานที่บ้าน อยากขอความช่วยเหลือในการหาข้อมูลค่ะ",
        "decline",
        "research-assistance",
    ),
    case(
        "hi-student-interviews",
        "hi",
        "student",
        "research-help worker-access",
        "मैं दिल्ली विश्वविद्यालय में एमए की छात्रा हूँ और मेरा शोध प्रबंध घरेलू कामगारों पर है। "
        "क्या आप मुझे कुछ कामगारों से साक्षात्कार के लिए संपर्क करवा सकते हैं?",
        "decline",
        "research-assistance not-a-gatekeeper",
    ),
    case(
        "en-student-questionnaire-other",
        "en",
        "student",
        "other",
        "For my master's thesis on street vendors in Bangkok, could your staff fill in my "
        "questionnaire?",
        "decline",
        "research-assistance",
    ),
    case(
        "th-student-interview-vendors",
        "th",
        "student",
        "worker-access",
        "ผมเป็นนักศึกษา อยากสัมภาษณ์ผู้ค้าแผงลอยสำหรับงานวิจัยของผม ช่วยติดต่อให้ได้ไหมครับ",
        "decline",
        "research-assistance not-a-gatekeeper",
    ),
    case(
        "hi-student-research-and-internship",
        "hi",
        "student",
        "research-help internship",
        "मैं समाजशास्त्र की छात्रा हूँ; अपने शोध में मदद और इंटर्नशिप दोनों चाहती हूँ।",
        "decline",
        "research-assistance internship",
    ),
    case(
        "fr-student-memoire",
        "fr",
        "student",
        "research-help",
        "Étudiant en sociologie, je rédige mon mémoire sur les marchés de Dakar. Pourriez-vous "
        "répondre à mon questionnaire ?",
        "decline",
        "research-assistance",
    ),
    # --- internships ----------------------------------------------------------------------
    case(
        "fr-student-stage",
        "fr",
        "student",
        "internship",
        "Je suis étudiante en master de développement et je cherche un stage de six mois auprès "
        "de travailleuses domestiques.",
        "refer",
        "internship",
    ),
    case(
        "en-student-internship",
        "en",
        "student",
        "internship",
        "Is there a summer internship programme? I would love a work-study placement with "
        "informal workers.",
        "refer",
        "internship",
    ),
    case(
        "hi-student-internship",
        "hi",
        "student",
        "internship",
        "क्या आपके यहाँ इंटर्नशिप का कोई अवसर है? मैं अनौपचारिक श्रमिकों के साथ काम करना चाहता हूँ।",
        "refer",
        "internship",
    ),
    case(
        "es-other-pasantia",
        "es",
        "other",
        "other",
        "Buenas tardes, quisiera hacer una pasantía con ustedes el próximo verano.",
        "refer",
        "internship",
    ),
    # --- private sector -------------------------------------------------------------------
    case(
        "en-company-csr-sponsor",
        "en",
        "private-company",
        "partnership funding-offer",
        "Our company would like to sponsor a programme for street vendors and sign a partnership "
        "agreement with your organisation.",
        "decline",
        "corporate-funds private-sector-partnership",
    ),
    case(
        "es-company-fund-training",
        "es",
        "private-company",
        "funding-offer",
        "Somos una empresa de bebidas y queremos financiar capacitaciones para recicladores en "
        "Bogotá junto con ustedes.",
        "decline",
        "corporate-funds private-sector-partnership",
    ),
    case(
        "hi-company-csr-funds",
        "hi",
        "private-company",
        "funding-offer",
        "हमारी कंपनी सीएसआर के तहत कचरा बीनने वालों के लिए धन देना चाहती है।",
        "decline",
        "corporate-funds private-sector-partnership",
    ),
    case(
        "fr-consultancy-strategy",
        "fr",
        "consultancy",
        "advice",
        "Notre cabinet de conseil accompagne une marque de cosmétiques dans sa stratégie "
        "d'approvisionnement ; pourriez-vous nous conseiller sur les travailleuses à domicile de "
        "sa chaîne d'approvisionnement ?",
        "decline",
        "corporate-strategy-advice",
    ),
    case(
        "en-brand-supply-chain",
        "en",
        "private-company",
        "advice worker-access",
        "We are a global apparel brand developing our strategy on home-based workers in our "
        "supply chain and would like advice and introductions to worker groups.",
        "decline",
        "private-sector-partnership corporate-strategy-advice not-a-gatekeeper",
    ),
    case(
        "th-company-contact-vendors",
        "th",
        "private-company",
        "worker-access",
        "บริษัทของเราต้องการติดต่อกับกลุ่มผู้ค้าแผงลอยเพื่อทำโครงการร่วมกัน",
        "decline",
        "private-sector-partnership not-a-gatekeeper",
    ),
    case(
        "fr-company-delivery-data",
        "fr",
        "private-company",
        "information",
        "Notre entreprise de livraison souhaite des données sur les livreurs informels pour "
        "élaborer notre stratégie d'entreprise.",
        "decline",
        "private-sector-partnership corporate-strategy-advice",
    ),
    case(
        "es-consultancy-speaker-company",
        "es",
        "consultancy",
        "advice",
        "Somos consultores contratados por una cadena de supermercados para diseñar su estrategia "
        "de compras a pequeños productores; necesitamos su asesoría.",
        "decline",
        "corporate-strategy-advice",
    ),
    # --- funding requests -----------------------------------------------------------------
    case(
        "en-union-grant-rent",
        "en",
        "worker-organisation",
        "funding-request",
        "Our union of market porters needs a grant to pay for our office rent this year.",
        "decline",
        "not-a-funding-body",
    ),
    case(
        "es-ngo-subvencion",
        "es",
        "ngo",
        "funding-request",
        "Nuestra ONG busca financiamiento para un proyecto de huertos comunitarios. ¿Nos pueden "
        "otorgar una subvención?",
        "decline",
        "not-a-funding-body",
    ),
    case(
        "fr-person-financement",
        "fr",
        "other",
        "funding-request",
        "Bonjour, je cherche un financement pour lancer ma petite entreprise de couture.",
        "decline",
        "not-a-funding-body",
    ),
    case(
        "th-foundation-asks-grant",
        "th",
        "ngo",
        "funding-request",
        "มูลนิธิของเราขอทุนสนับสนุนสำหรับโครงการอาหารกลางวันของเด็กในชุมชน",
        "decline",
        "not-a-funding-body",
    ),
    case(
        "hi-shg-anudan",
        "hi",
        "other",
        "other",
        "कृपया हमारे स्वयं सहायता समूह को अनुदान दें ताकि हम सिलाई मशीनें खरीद सकें।",
        "decline",
        "not-a-funding-body",
    ),
    # --- media ----------------------------------------------------------------------------
    case(
        "en-journalist-interview",
        "en",
        "media",
        "media",
        "I'm a journalist writing an article on heat and outdoor workers; could someone from your "
        "team give an interview this week?",
        "refer",
        "press-room",
    ),
    case(
        "es-periodista-recicladoras",
        "es",
        "media",
        "media worker-access",
        "Soy periodista de un diario de Bogotá y preparo un reportaje; quisiera entrevistar a "
        "recicladoras.",
        "refer",
        "press-room not-a-gatekeeper",
    ),
    case(
        "fr-radio-documentaire",
        "fr",
        "media",
        "media",
        "Journaliste pour une radio, je prépare un documentaire sur les vendeuses de rue à Dakar.",
        "refer",
        "press-room",
    ),
    case(
        "hi-patrakar",
        "hi",
        "media",
        "media",
        "मैं एक समाचार पत्र का पत्रकार हूँ और घरेलू कामगारों पर लेख लिख रहा हूँ।",
        "refer",
        "press-room",
    ),
    # --- access to workers ----------------------------------------------------------------
    case(
        "es-researcher-contact-orgs",
        "es",
        "researcher",
        "worker-access",
        "Soy investigadora en una universidad de Chile y necesito contactar a organizaciones de "
        "trabajadoras del hogar para una encuesta.",
        "refer",
        "not-a-gatekeeper",
    ),
    case(
        "en-ngo-meet-waste-pickers",
        "en",
        "ngo",
        "worker-access",
        "Could you put us in touch with waste pickers' cooperatives in Pune? We want to meet "
        "their leaders.",
        "refer",
        "not-a-gatekeeper",
    ),
    # --- service delivery -----------------------------------------------------------------
    case(
        "en-ngo-water-toilets",
        "en",
        "ngo",
        "service-delivery",
        "We run water and sanitation projects and want a partner to build toilets in informal "
        "settlements in Nairobi.",
        "decline",
        "service-delivery",
    ),
    case(
        "es-alcaldia-vacunacion",
        "es",
        "government",
        "service-delivery",
        "La alcaldía quiere cofinanciar una campaña de vacunación y el mejoramiento de barrios en "
        "asentamientos informales.",
        "decline",
        "service-delivery",
    ),
    case(
        "fr-fondation-infrastructure",
        "fr",
        "funder",
        "other",
        "Notre fondation souhaite financer la construction d'infrastructures de marché dans "
        "trois villes.",
        "decline",
        "service-delivery",
    ),
    case(
        "th-ngo-toilets",
        "th",
        "ngo",
        "service-delivery",
        "เราต้องการพันธมิตรในการสร้างห้องน้ำและระบบน้ำสะอาดในชุมชนแออัด",
        "decline",
        "service-delivery",
    ),
    # --- government open calls, short deadlines ---------------------------------------------
    case(
        "fr-ministere-appel",
        "fr",
        "government",
        "joint-proposal",
        "Le ministère lance un grand appel à propositions financé par l'État pour l'inclusion "
        "économique ; souhaitez-vous rejoindre un consortium ?",
        "decline",
        "government-open-call",
    ),
    case(
        "hi-state-open-call",
        "hi",
        "government",
        "joint-proposal",
        "राज्य सरकार की बड़ी खुली प्रस्ताव आमंत्रण योजना में हमारे साथ साझेदार बनें।",
        "decline",
        "government-open-call",
    ),
    case(
        "en-ngo-eu-two-weeks",
        "en",
        "ngo",
        "joint-proposal",
        "We are preparing a proposal to the EU due in two weeks and would like you as a partner "
        "on the application.",
        "decline",
        "short-deadline constituency-partnership",
        deadline_in_days=14,
    ),
    case(
        "es-ngo-ministerio-plazo",
        "es",
        "ngo",
        "joint-proposal",
        "Queremos presentar una propuesta conjunta a la convocatoria del Ministerio de Trabajo; "
        "el plazo vence a fin de mes.",
        "decline",
        "short-deadline government-open-call constituency-partnership",
        deadline_in_days=20,
    ),
    case(
        "en-funder-window-ten-days",
        "en",
        "funder",
        "partnership",
        "Our foundation has a funding window closing in ten days. Would you partner with us on "
        "a proposal?",
        "decline",
        "short-deadline",
        deadline_in_days=10,
    ),
    case(
        "es-union-propuesta-doce-dias",
        "es",
        "worker-organisation",
        "joint-proposal",
        "Nuestro sindicato de trabajadoras del hogar quiere presentar con ustedes una propuesta "
        "que vence en doce días.",
        "decline",
        "short-deadline member-priorities",
        deadline_in_days=12,
    ),
    # --- members' priorities: accept for review ---------------------------------------------
    case(
        "en-network-sector-statistics",
        "en",
        "network",
        "information",
        "As a regional network of domestic workers we need statistics on the number of domestic "
        "workers in our sector in Latin America for our campaign.",
        "accept",
        "member-priorities",
    ),
    case(
        "es-asociacion-datos",
        "es",
        "worker-organisation",
        "information",
        "Somos una asociación de vendedores del mercado de Lima; necesitamos datos y estadísticas "
        "sobre el comercio en la vía pública para negociar con la municipalidad.",
        "accept",
        "member-priorities",
    ),
    case(
        "th-association-training-policy",
        "th",
        "worker-organisation",
        "partnership",
        "สมาคมผู้ทำงานที่บ้านของเราต้องการความร่วมมือด้านการฝึกอบรมผู้นำและนโยบายคุ้มครองทางสังคม",
        "accept",
        "member-priorities",
    ),
    case(
        "hi-waste-pickers-data",
        "hi",
        "worker-organisation",
        "information",
        "हमारा संगठन कचरा बीनने वालों का है। हमें नगर निगम से बातचीत के लिए आंकड़े और नीति विश्लेषण चाहिए।",
        "accept",
        "member-priorities",
    ),
    case(
        "en-network-government-call",
        "en",
        "network",
        "joint-proposal",
        "StreetNet would like to explore a joint proposal with you for a government call on "
        "vendors' social protection, based on what our affiliates asked for at the congress.",
        "accept",
        "member-priorities",
        deadline_in_days=75,
    ),
    case(
        "th-network-sector-data",
        "th",
        "network",
        "information",
        "เครือข่ายแรงงานทำงานบ้านต้องการข้อมูลสถิติเกี่ยวกับภาคของเราเพื่อใช้ในการรณรงค์",
        "accept",
        "member-priorities",
    ),
    # --- speakers -------------------------------------------------------------------------
    case(
        "en-government-keynote",
        "en",
        "government",
        "speaker",
        "We would like to invite a speaker from your organisation to give a keynote at our "
        "national conference on urban informality in March.",
        "staff",
        "speaker",
    ),
    case(
        "fr-ngo-intervenante",
        "fr",
        "ngo",
        "speaker",
        "Nous organisons un forum et cherchons une intervenante pour une table ronde sur la "
        "protection sociale.",
        "staff",
        "speaker",
    ),
    case(
        "th-seminar-speaker",
        "th",
        "other",
        "other",
        "เราต้องการเชิญวิทยากรมาบรรยายเรื่องแรงงานนอกระบบในงานสัมมนาประจำปี",
        "staff",
        "speaker",
    ),
    # --- new subject areas ----------------------------------------------------------------
    case(
        "es-fundacion-nueva-area",
        "es",
        "funder",
        "new-subject-area",
        "Nuestra fundación quiere explorar con ustedes una nueva área temática: educación "
        "financiera digital para jóvenes.",
        "decline",
        "outside-strategic-priorities",
    ),
    case(
        "en-ngo-new-area-partnership",
        "en",
        "ngo",
        "new-subject-area partnership",
        "We'd like to partner with you in a new subject area: wildlife conservation and "
        "ecotourism livelihoods.",
        "staff",
        "outside-strategic-priorities constituency-partnership",
    ),
    # --- information seekers --------------------------------------------------------------
    case(
        "fr-other-informations",
        "fr",
        "other",
        "information",
        "Je cherche des informations sur l'économie informelle au Sénégal pour un rapport.",
        "refer",
        "information-knowledge-base",
    ),
    case(
        "th-government-statistics",
        "th",
        "government",
        "information",
        "หน่วยงานของเราต้องการสถิติแรงงานนอกระบบในประเทศไทย",
        "refer",
        "information-knowledge-base",
    ),
    case(
        "hi-researcher-aankde",
        "hi",
        "researcher",
        "information",
        "मुझे भारत में अनौपचारिक रोजगार के आंकड़े चाहिए।",
        "refer",
        "information-knowledge-base",
    ),
    # --- researchers and practitioners (membership constituencies) ------------------------
    case(
        "en-statistician-joint-research",
        "en",
        "researcher",
        "partnership",
        "I'm a labour statistician at a university and would like to collaborate on joint "
        "research on informal employment estimates.",
        "staff",
        "constituency-partnership",
    ),
    # --- nothing in the policy applies: a person decides ------------------------------------
    case(
        "en-funder-offers-grant",
        "en",
        "funder",
        "funding-offer",
        "Our foundation is interested in supporting the organising of home-based workers. Could "
        "we discuss a grant to your network?",
        "staff",
        "",
    ),
    case(
        "en-other-hello",
        "en",
        "other",
        "other",
        "Hello, I would like to know more about your work.",
        "staff",
        "",
    ),
]
