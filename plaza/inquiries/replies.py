"""Draft replies in the requester's language, assembled from the matched rules' templates."""

from __future__ import annotations

import re
from urllib.parse import quote_plus

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from plaza.inquiries import selectors
from plaza.inquiries.choices import Outcome, Referral
from plaza.inquiries.models import RULE_LANGUAGES
from plaza.inquiries.screening import Facts, ScreeningResult
from plaza.inquiries.text import is_thai

_WORD = re.compile(r"[^\W\d_]{5,}")
_COMMON = {
    "about",
    "would",
    "could",
    "please",
    "hello",
    "thank",
    "there",
    "their",
    "which",
    "where",
    "quisiera",
    "estoy",
    "sobre",
    "pueden",
    "podrian",
    "gracias",
    "ustedes",
    "nuestra",
    "nuestro",
    "bonjour",
    "merci",
    "pourriez",
    "notre",
    "votre",
    "cherche",
    "souhaite",
}


def topic_of(facts: Facts) -> str:
    """The topic to search the knowledge base for: the one given, else words from the text."""
    if facts.topic.strip():
        return facts.topic.strip()
    if is_thai(facts.text) or facts.language in {"th", "hi"}:
        return " ".join(facts.text.split()[:6])[:80]
    words: list[str] = []
    for word in _WORD.findall(facts.text):
        if word.lower() not in _COMMON and word.lower() not in words:
            words.append(word.lower())
    return " ".join(words[:5])


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def referral_links(targets: list[str], facts: Facts, lang: str) -> list[tuple[str, str]]:
    """(label, URL) pairs for the referral targets, in ``lang``."""
    links: list[tuple[str, str]] = []
    with translation.override(lang):
        for target in targets:
            if target == Referral.KNOWLEDGE_BASE:
                topic = topic_of(facts)
                label = (
                    _("Knowledge base: resources on “%(topic)s”") % {"topic": topic}
                    if topic
                    else _("Knowledge base search")
                )
                links.append((label, absolute(f"/{lang}/search/?q={quote_plus(topic)}")))
            elif target == Referral.WORKER_NETWORKS:
                links.append((_("Worker networks"), absolute(reverse("directory:networks"))))
                links.extend(
                    (org.name, org.website) for org in selectors.worker_networks() if org.website
                )
            elif target == Referral.INSTITUTIONAL_MEMBERS:
                links.append((_("Institutional members"), absolute(reverse("inquiries:members"))))
                links.extend(
                    (org.name, org.website)
                    for org in selectors.institutional_members()
                    if org.website
                )
            elif target == Referral.PRESS_ROOM:
                links.append((_("Press room"), absolute(reverse("inquiries:press"))))
    return links


def draft_reply(
    result: ScreeningResult, facts: Facts, *, name: str, reference: str
) -> tuple[str, str, str]:
    """(language, subject, body) of the draft reply."""
    lang = facts.language if facts.language in RULE_LANGUAGES else "en"
    with translation.override(lang):
        subject = _("Your inquiry %(reference)s") % {"reference": reference}
        parts = [
            _("Dear %(name)s,") % {"name": name or _("friend")},
            _("Thank you for writing to us. Your reference number is %(reference)s.")
            % {"reference": reference},
        ]
        parts.extend(m.rule.reply(lang) for m in result.matches)
        if result.outcome == Outcome.STAFF and not result.matches:
            parts.append(_("A member of our team will read your message and reply to you."))
        links = referral_links(result.referrals, facts, lang)
        if links:
            parts.append(
                _("Useful links:") + "\n" + "\n".join(f"- {label}: {url}" for label, url in links)
            )
        if Referral.KNOWLEDGE_BASE in result.referrals:
            parts.append(
                _(
                    "If you use material from our knowledge base, please cite it: each resource page shows how."
                )
            )
        parts.append(
            _("With best wishes,") + "\n" + _("The %(site)s team") % {"site": settings.SITE_NAME}
        )
    return lang, subject, "\n\n".join(parts)
