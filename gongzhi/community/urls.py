from django.urls import path

from gongzhi.community import views, views_excel, views_people

app_name = "community"

urlpatterns = [
    path("organizations/", views.OrganizationListView.as_view(), name="org-list"),
    path("organizations/new/", views.OrganizationCreateView.as_view(), name="org-create"),
    path("organizations/<int:pk>/", views.OrganizationDetailView.as_view(), name="org-detail"),
    path("organizations/<int:pk>/edit/", views.OrganizationUpdateView.as_view(), name="org-edit"),
    path("organizations/<int:pk>/links/new/", views.LinkAddView.as_view(), name="org-link-add"),
    path(
        "organizations/<int:pk>/incubations/new/",
        views.IncubationAddView.as_view(),
        name="org-incubation-add",
    ),
    path("stations/", views.StationListView.as_view(), name="station-list"),
    path("stations/new/", views.StationCreateView.as_view(), name="station-create"),
    path("stations/<int:pk>/", views.StationDetailView.as_view(), name="station-detail"),
    path("stations/<int:pk>/edit/", views.StationUpdateView.as_view(), name="station-edit"),
    path(
        "stations/<int:pk>/evidence/", views.StationEvidenceView.as_view(), name="station-evidence"
    ),
    path("brand-projects/", views.BrandProjectListView.as_view(), name="brand-list"),
    path("brand-projects/new/", views.BrandProjectCreateView.as_view(), name="brand-create"),
    path("workers/", views_people.WorkerListView.as_view(), name="worker-list"),
    path("workers/new/", views_people.WorkerCreateView.as_view(), name="worker-create"),
    path("workers/<int:pk>/", views_people.WorkerDetailView.as_view(), name="worker-detail"),
    path("workers/<int:pk>/exams/new/", views_people.ExamAddView.as_view(), name="worker-exam-add"),
    path(
        "workers/<int:pk>/trainings/new/",
        views_people.TrainingAddView.as_view(),
        name="worker-training-add",
    ),
    path("volunteers/", views_people.VolunteerListView.as_view(), name="volunteer-list"),
    path("volunteers/new/", views_people.VolunteerCreateView.as_view(), name="volunteer-create"),
    path(
        "volunteers/<int:pk>/", views_people.VolunteerDetailView.as_view(), name="volunteer-detail"
    ),
    path("volunteers/<int:pk>/hours/new/", views_people.HoursLogView.as_view(), name="hours-log"),
    path("hours/<int:pk>/confirm/", views_people.HoursConfirmView.as_view(), name="hours-confirm"),
    path("teams/new/", views_people.TeamCreateView.as_view(), name="team-create"),
    path("donors/", views_people.DonorListView.as_view(), name="donor-list"),
    path("donors/new/", views_people.DonorCreateView.as_view(), name="donor-create"),
    path("donors/<int:pk>/", views_people.DonorDetailView.as_view(), name="donor-detail"),
    path(
        "donors/<int:pk>/donations/new/",
        views_people.DonationAddView.as_view(),
        name="donor-donation-add",
    ),
    path(
        "donors/<int:pk>/services/new/",
        views_people.ServiceAddView.as_view(),
        name="donor-service-add",
    ),
    path("programs/<int:pk>/checklist/", views_people.ChecklistView.as_view(), name="checklist"),
    path("checklist/<int:pk>/", views_people.ChecklistMarkView.as_view(), name="checklist-mark"),
    path("<slug:registry>/export/", views_excel.RegistryExportView.as_view(), name="export"),
    path("<slug:registry>/import/", views_excel.RegistryImportView.as_view(), name="import"),
    path("<slug:registry>/template.xlsx", views_excel.registry_template, name="import-template"),
]
