from django.urls import path

from gongzhi.programs import views, views_excel

app_name = "programs"

urlpatterns = [
    path("", views.ProgramListView.as_view(), name="program-list"),
    path("import/", views_excel.ProgramImportView.as_view(), name="program-import"),
    path("import/template.xlsx", views_excel.template_download, name="import-template"),
]
