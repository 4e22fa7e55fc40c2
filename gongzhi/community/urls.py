from django.urls import path

from gongzhi.community import views, views_excel

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
    path("brand-projects/", views.BrandProjectListView.as_view(), name="brand-list"),
    path("brand-projects/new/", views.BrandProjectCreateView.as_view(), name="brand-create"),
    path("<slug:registry>/export/", views_excel.RegistryExportView.as_view(), name="export"),
    path("<slug:registry>/import/", views_excel.RegistryImportView.as_view(), name="import"),
    path("<slug:registry>/template.xlsx", views_excel.registry_template, name="import-template"),
]
