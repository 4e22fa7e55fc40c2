from django.urls import path

from gongzhi.orgs import views

app_name = "orgs"

urlpatterns = [
    path("units/", views.UnitListView.as_view(), name="unit-list"),
    path("units/new/", views.UnitCreateView.as_view(), name="unit-create"),
    path("units/options/", views.unit_options, name="unit-options"),
    path("units/import/", views.UnitImportView.as_view(), name="unit-import"),
    path("units/import/template.xlsx", views.unit_import_template, name="unit-import-template"),
    path("units/import/<int:pk>/", views.UnitImportPlanView.as_view(), name="unit-import-plan"),
    path("units/<int:pk>/", views.UnitDetailView.as_view(), name="unit-detail"),
    path("units/<int:pk>/edit/", views.UnitUpdateView.as_view(), name="unit-edit"),
    path("working-group/", views.WorkingGroupView.as_view(), name="working-group"),
]
