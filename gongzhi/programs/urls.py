from django.urls import path

from gongzhi.programs import views, views_excel

app_name = "programs"

urlpatterns = [
    path("", views.ProgramListView.as_view(), name="program-list"),
    path("<int:pk>/", views.ProgramDetailView.as_view(), name="program-detail"),
    path("<int:pk>/ledger.xlsx", views_excel.LedgerExportView.as_view(), name="ledger-export"),
    path("tasks/<int:pk>/", views.TaskDetailView.as_view(), name="task-detail"),
    path("targets/<int:pk>/records/", views.TargetRecordsView.as_view(), name="target-records"),
    path("import/", views_excel.ProgramImportView.as_view(), name="program-import"),
    path("import/template.xlsx", views_excel.template_download, name="import-template"),
]
