"""The 五社 registries: organisations and stations; social workers and volunteers; charity."""

from gongzhi.community.models.charity import CharityService, ChecklistPoint, Donation, Donor
from gongzhi.community.models.organizations import (
    BrandProject,
    Incubation,
    OrgLink,
    SocialOrganization,
    Station,
)
from gongzhi.community.models.people import (
    ExamRecord,
    SocialWorker,
    TrainingRecord,
    Volunteer,
    VolunteerHours,
    VolunteerTeam,
)

__all__ = [
    "BrandProject",
    "CharityService",
    "ChecklistPoint",
    "Donation",
    "Donor",
    "ExamRecord",
    "Incubation",
    "OrgLink",
    "SocialOrganization",
    "SocialWorker",
    "Station",
    "TrainingRecord",
    "Volunteer",
    "VolunteerHours",
    "VolunteerTeam",
]
