"""Focal cities and the six kinds of city work.

- city.py: City, CityNote
- activity.py: Activity (one table for the six kinds, with a proxy per kind), Session, Participation,
  Milestone
- dialogue.py: PlatformSeat, Meeting, Demand, Agreement, Commitment, Evidence
"""

from plaza.cities.models.activity import (
    Activity,
    ActivityKind,
    ActivityResource,
    ActivityStatus,
    Campaign,
    CapacityBuilding,
    DialoguePlatform,
    Gender,
    LeadersTrained,
    Milestone,
    Participation,
    PlatformType,
    Research,
    ResourceRole,
    RightsEducation,
    Session,
    TechnicalSupport,
)
from plaza.cities.models.city import City, CityNote
from plaza.cities.models.dialogue import (
    Agreement,
    Commitment,
    CommitmentStatus,
    Demand,
    DemandStatus,
    Evidence,
    EvidenceKind,
    Meeting,
    PlatformSeat,
    SeatSide,
)

__all__ = [
    "Activity",
    "ActivityKind",
    "ActivityResource",
    "ActivityStatus",
    "Agreement",
    "Campaign",
    "CapacityBuilding",
    "City",
    "CityNote",
    "Commitment",
    "CommitmentStatus",
    "Demand",
    "DemandStatus",
    "DialoguePlatform",
    "Evidence",
    "EvidenceKind",
    "Gender",
    "LeadersTrained",
    "Meeting",
    "Milestone",
    "Participation",
    "PlatformSeat",
    "PlatformType",
    "Research",
    "ResourceRole",
    "RightsEducation",
    "SeatSide",
    "Session",
    "TechnicalSupport",
]
