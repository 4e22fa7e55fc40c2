from django.urls import path

from gongzhi.community.views import excel, organizations, people

app_name = "community"

urlpatterns = [
    path("organizations/", organizations.OrganizationListView.as_view(), name="org-list"),
    path("organizations/new/", organizations.OrganizationCreateView.as_view(), name="org-create"),
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
    path("workers/", people.WorkerListView.as_view(), name="worker-list"),
    path("workers/new/", people.WorkerCreateView.as_view(), name="worker-create"),
    path("workers/<int:pk>/", people.WorkerDetailView.as_view(), name="worker-detail"),
    path("workers/<int:pk>/exams/new/", people.ExamAddView.as_view(), name="worker-exam-add"),
    path(
        "workers/<int:pk>/trainings/new/",
        people.TrainingAddView.as_view(),
        name="worker-training-add",
    ),
    path("volunteers/", people.VolunteerListView.as_view(), name="volunteer-list"),
    path("volunteers/new/", people.VolunteerCreateView.as_view(), name="volunteer-create"),
    path("volunteers/<int:pk>/", people.VolunteerDetailView.as_view(), name="volunteer-detail"),
    path("volunteers/<int:pk>/hours/new/", people.HoursLogView.as_view(), name="hours-log"),
    path("hours/<int:pk>/confirm/", people.HoursConfirmView.as_view(), name="hours-confirm"),
    path("teams/new/", people.TeamCreateView.as_view(), name="team-create"),
    path("donors/", people.DonorListView.as_view(), name="donor-list"),
    path("donors/new/", people.DonorCreateView.as_view(), name="donor-create"),
    path("donors/<int:pk>/", people.DonorDetailView.as_view(), name="donor-detail"),
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
