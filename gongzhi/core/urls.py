from django.urls import path

from gongzhi.core.views import audit, jobs, options, reveal

app_name = "core"

LIST_VALUE = "settings/lists/<slug:list_name>/<slug:code>/"

urlpatterns = [
    path("core/audit/", audit.AuditListView.as_view(), name="audit-list"),
    path("core/audit/export/", audit.AuditExportView.as_view(), name="audit-export"),
    path("core/audit/<int:pk>/", audit.AuditDetailView.as_view(), name="audit-detail"),
    path("core/jobs/<int:pk>/", jobs.JobDetailView.as_view(), name="job-detail"),
    path("core/jobs/<int:pk>/download/", jobs.JobDownloadView.as_view(), name="job-download"),
    path(
        "core/reveal/<str:model>/<int:pk>/<slug:field>/",
        reveal.RevealView.as_view(),
        name="reveal",
    ),
    path("settings/lists/", options.OptionListsView.as_view(), name="option-lists"),
    path(
        "settings/lists/<slug:list_name>/add/",
        options.OptionAddView.as_view(),
        name="option-add",
    ),
    path(f"{LIST_VALUE}rename/", options.OptionRenameView.as_view(), name="option-rename"),
    path(f"{LIST_VALUE}toggle/", options.OptionToggleView.as_view(), name="option-toggle"),
    path(f"{LIST_VALUE}delete/", options.OptionDeleteView.as_view(), name="option-delete"),
]
