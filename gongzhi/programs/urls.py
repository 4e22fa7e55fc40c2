from django.urls import path

from gongzhi.programs.views import excel, programs, versions

app_name = "programs"

urlpatterns = [
    path("", programs.ProgramListView.as_view(), name="program-list"),
    path("import/", excel.ProgramImportView.as_view(), name="program-import"),
    path("import/template.xlsx", excel.template_download, name="import-template"),
    path("<int:pk>/program.xlsx", excel.ProgramWorkbookView.as_view(), name="program-workbook"),
    path("<int:pk>/versions/", versions.ProgramVersionsView.as_view(), name="program-versions"),
    path(
        "<int:pk>/versions/<int:number>.json",
        versions.VersionDocumentView.as_view(),
        name="version-document",
    ),
    path("uploads/<int:pk>/", versions.UploadPreviewView.as_view(), name="upload-preview"),
    path("uploads/<int:pk>/apply/", versions.UploadApplyView.as_view(), name="upload-apply"),
]
