from django.urls import path

from gongzhi.programs.views import excel, programs

app_name = "programs"

urlpatterns = [
    path("", programs.ProgramListView.as_view(), name="program-list"),
    path("import/", excel.ProgramImportView.as_view(), name="program-import"),
    path("import/template.xlsx", excel.template_download, name="import-template"),
]
