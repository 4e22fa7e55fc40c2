from django.urls import path

from gongzhi.community import models
from gongzhi.community.views import excel, organizations, people, retirement

app_name = "community"

urlpatterns = [
    path("organizations/", organizations.OrganizationListView.as_view(), name="org-list"),
    path("organizations/new/", organizations.OrganizationCreateView.as_view(), name="org-create"),
    path("organizations/options/", organizations.organization_options, name="org-options"),
    path(
        "organizations/<int:pk>/", organizations.OrganizationDetailView.as_view(), name="org-detail"
    ),
    path(
        "organizations/<int:pk>/edit/",
        organizations.OrganizationUpdateView.as_view(),
        name="org-edit",
    ),
    path(
        "organizations/<int:pk>/links/new/",
        organizations.LinkAddView.as_view(),
        name="org-link-add",
    ),
    path(
        "organizations/<int:pk>/incubations/new/",
        organizations.IncubationAddView.as_view(),
        name="org-incubation-add",
    ),
    path("stations/", organizations.StationListView.as_view(), name="station-list"),
    path("stations/new/", organizations.StationCreateView.as_view(), name="station-create"),
    path("stations/<int:pk>/", organizations.StationDetailView.as_view(), name="station-detail"),
    path("stations/<int:pk>/edit/", organizations.StationUpdateView.as_view(), name="station-edit"),
    path(
        "stations/<int:pk>/evidence/",
        organizations.StationEvidenceView.as_view(),
        name="station-evidence",
    ),
    path("brand-projects/", organizations.BrandProjectListView.as_view(), name="brand-list"),
    path(
        "brand-projects/new/", organizations.BrandProjectCreateView.as_view(), name="brand-create"
    ),
    path(
        "brand-projects/<int:pk>/edit/",
        organizations.BrandProjectUpdateView.as_view(),
        name="brand-edit",
    ),
    path("workers/", people.WorkerListView.as_view(), name="worker-list"),
    path("workers/new/", people.WorkerCreateView.as_view(), name="worker-create"),
    path("workers/<int:pk>/", people.WorkerDetailView.as_view(), name="worker-detail"),
    path("workers/<int:pk>/edit/", people.WorkerUpdateView.as_view(), name="worker-edit"),
    path("workers/<int:pk>/exams/new/", people.ExamAddView.as_view(), name="worker-exam-add"),
    path(
        "workers/<int:pk>/trainings/new/",
        people.TrainingAddView.as_view(),
        name="worker-training-add",
    ),
    path("volunteers/", people.VolunteerListView.as_view(), name="volunteer-list"),
    path("volunteers/new/", people.VolunteerCreateView.as_view(), name="volunteer-create"),
    path("volunteers/<int:pk>/", people.VolunteerDetailView.as_view(), name="volunteer-detail"),
    path("volunteers/<int:pk>/edit/", people.VolunteerUpdateView.as_view(), name="volunteer-edit"),
    path("volunteers/<int:pk>/hours/new/", people.HoursLogView.as_view(), name="hours-log"),
    path(
        "volunteers/<int:pk>/hours/activities/",
        people.HoursActivityOptionsView.as_view(),
        name="hours-activities",
    ),
    path("hours/<int:pk>/confirm/", people.HoursConfirmView.as_view(), name="hours-confirm"),
    path("teams/new/", people.TeamCreateView.as_view(), name="team-create"),
    path("teams/<int:pk>/edit/", people.TeamUpdateView.as_view(), name="team-edit"),
    path("donors/", people.DonorListView.as_view(), name="donor-list"),
    path("donors/new/", people.DonorCreateView.as_view(), name="donor-create"),
    path("donors/<int:pk>/", people.DonorDetailView.as_view(), name="donor-detail"),
    path("donors/<int:pk>/edit/", people.DonorUpdateView.as_view(), name="donor-edit"),
    path("donations/<int:pk>/edit/", people.DonationUpdateView.as_view(), name="donation-edit"),
    path("services/<int:pk>/edit/", people.CharityServiceUpdateView.as_view(), name="service-edit"),
    path(
        "donors/<int:pk>/donations/new/",
        people.DonationAddView.as_view(),
        name="donor-donation-add",
    ),
    path(
        "donors/<int:pk>/services/new/",
        people.ServiceAddView.as_view(),
        name="donor-service-add",
    ),
    path("programs/<int:pk>/checklist/", people.ChecklistView.as_view(), name="checklist"),
    path("checklist/<int:pk>/", people.ChecklistMarkView.as_view(), name="checklist-mark"),
    path("<slug:registry>/export/", excel.RegistryExportView.as_view(), name="export"),
    path("<slug:registry>/import/", excel.RegistryImportView.as_view(), name="import"),
    path("<slug:registry>/template.xlsx", excel.registry_template, name="import-template"),
]

# 停用 and 恢复 of every registry record kind, at <prefix>/<pk>/deactivate/ and …/restore/.
RETIRABLE = {
    "organizations": models.SocialOrganization,
    "stations": models.Station,
    "brand-projects": models.BrandProject,
    "workers": models.SocialWorker,
    "volunteers": models.Volunteer,
    "teams": models.VolunteerTeam,
    "donors": models.Donor,
    "donations": models.Donation,
    "services": models.CharityService,
}
for prefix, model in RETIRABLE.items():
    slug = model.retirement_slug
    urlpatterns += [
        path(
            f"{prefix}/<int:pk>/deactivate/",
            retirement.DeactivateView.as_view(model=model),
            name=f"{slug}-deactivate",
        ),
        path(
            f"{prefix}/<int:pk>/restore/",
            retirement.RestoreView.as_view(model=model),
            name=f"{slug}-restore",
        ),
    ]
