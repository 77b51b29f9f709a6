"""The vocabularies of an inquiry: who asks, what they ask for, what the policy answers."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    WORKER_ORGANISATION = (
        "worker-organisation",
        _("Workers' organisation (union, association, cooperative)"),
    )
    NETWORK = "network", _("Network of workers' organisations")
    RESEARCHER = "researcher", _("Researcher or university")
    STUDENT = "student", _("Student")
    MEDIA = "media", _("Media")
    GOVERNMENT = "government", _("Government or public authority")
    FUNDER = "funder", _("Funder or foundation")
    NGO = "ngo", _("Non-governmental organisation")
    PRIVATE_COMPANY = "private-company", _("Private company")
    CONSULTANCY = "consultancy", _("Consultancy")
    OTHER = "other", _("Other")


class RequestKind(models.TextChoices):
    FUNDING_REQUEST = "funding-request", _("Funding or a grant for our work")
    FUNDING_OFFER = "funding-offer", _("An offer of funding or sponsorship")
    RESEARCH_HELP = (
        "research-help",
        _("Help with my research (interviews, questionnaires, sources)"),
    )
    WORKER_ACCESS = "worker-access", _("Contact with informal workers or their organisations")
    INFORMATION = "information", _("Information, data or statistics")
    MEDIA = "media", _("Press or media inquiry")
    PARTNERSHIP = "partnership", _("A partnership or joint project")
    JOINT_PROPOSAL = "joint-proposal", _("A joint funding proposal or call for proposals")
    INTERNSHIP = "internship", _("An internship or work-study placement")
    SERVICE_DELIVERY = (
        "service-delivery",
        _("A service-delivery project (water, sanitation, housing, infrastructure, health)"),
    )
    SPEAKER = "speaker", _("A speaker for an event")
    ADVICE = "advice", _("Advice for a company's or client's strategy")
    NEW_SUBJECT_AREA = "new-subject-area", _("Work in a subject area the network does not cover")
    OTHER = "other", _("Something else")


class Outcome(models.TextChoices):
    DECLINE = "decline", _("Decline")
    REFER = "refer", _("Refer elsewhere")
    STAFF = "staff", _("Route to staff")
    ACCEPT = "accept", _("Accept for review")


class Referral(models.TextChoices):
    WORKER_NETWORKS = "worker-networks", _("Worker networks")
    INSTITUTIONAL_MEMBERS = "institutional-members", _("Institutional members")
    PRESS_ROOM = "press-room", _("Press room")
    KNOWLEDGE_BASE = "knowledge-base", _("Knowledge base")


class Status(models.TextChoices):
    NEW = "new", _("New")
    IN_REVIEW = "in-review", _("In review")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", _("Closed")


# How strongly an outcome speaks when rules are combined (higher wins among agreeing rules).
OUTCOME_WEIGHT = {Outcome.REFER: 1, Outcome.DECLINE: 2, Outcome.ACCEPT: 3, Outcome.STAFF: 4}
