"""Every 五社 registry, read-only, filtered as on the registry pages."""

from django.utils.translation import gettext_lazy as _

from gongzhi.api.registry import module
from gongzhi.api.views import read_only_endpoint
from gongzhi.community import filters
from gongzhi.community.models import (
    BrandProject,
    CharityService,
    Donation,
    Donor,
    OrgLink,
    SocialOrganization,
    SocialWorker,
    Station,
    Volunteer,
    VolunteerHours,
    VolunteerTeam,
)
from gongzhi.core.roles import Perm

MODULE = module("community", _("五社联动名录"))

REGISTRIES = [
    (
        "organizations",
        SocialOrganization,
        "Community social organisations",
        filters.OrganizationFilter,
    ),
    ("organization-links", OrgLink, "Organisations linked to communities", None),
    ("stations", Station, "Social-work stations", filters.StationFilter),
    ("brand-projects", BrandProject, "Brand projects", filters.BrandProjectFilter),
    ("social-workers", SocialWorker, "Social workers", filters.WorkerFilter),
    ("volunteer-teams", VolunteerTeam, "Volunteer teams", None),
    ("volunteers", Volunteer, "Volunteers (phones and ID numbers masked)", filters.VolunteerFilter),
    ("volunteer-hours", VolunteerHours, "Volunteer service hours", None),
    ("donors", Donor, "Charity donors", filters.DonorFilter),
    ("donations", Donation, "Donations", None),
    ("charity-services", CharityService, "Charity services", None),
]

for prefix, model, english, filterset in REGISTRIES:
    read_only_endpoint(
        prefix,
        model,
        module=MODULE,
        permission=Perm.VIEW_REGISTRIES,
        english=english,
        filterset_class=filterset,
    )
