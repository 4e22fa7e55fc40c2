from django.urls import include, path

from gongzhi.progress.views import ledger, reports

app_name = "progress"

ledger_patterns = [
    path("<int:pk>/", ledger.ProgramDetailView.as_view(), name="program-detail"),
    path("<int:pk>/ledger.xlsx", ledger.LedgerExportView.as_view(), name="ledger-export"),
    path("tasks/<int:pk>/", ledger.TaskDetailView.as_view(), name="task-detail"),
    path("targets/<int:pk>/records/", ledger.TargetRecordsView.as_view(), name="target-records"),
]

report_patterns = [
    path("tasks/<int:pk>/report/", reports.ReportCreateView.as_view(), name="report-create"),
    path("reports/<int:pk>/", reports.ReportDetailView.as_view(), name="report-detail"),
    path("reports/<int:pk>/edit/", reports.ReportUpdateView.as_view(), name="report-edit"),
    path("reports/<int:pk>/submit/", reports.ReportSubmitView.as_view(), name="report-submit"),
    path("reports/<int:pk>/review/", reports.ReportReviewView.as_view(), name="report-review"),
    path("evidence/<int:pk>/", reports.EvidenceFileView.as_view(), name="evidence-file"),
    path(
        "evidence/<int:pk>/thumb/", reports.EvidenceThumbnailView.as_view(), name="evidence-thumb"
    ),
    path(
        "evidence/<int:pk>/public/", reports.EvidencePublishView.as_view(), name="evidence-publish"
    ),
    path("evidence/<int:pk>/remove/", reports.EvidenceRemoveView.as_view(), name="evidence-remove"),
    path("counters/", ledger.CounterListView.as_view(), name="counter-list"),
    path("inbox/", reports.InboxView.as_view(), name="inbox"),
    path("inbox/<int:pk>/", reports.NotificationOpenView.as_view(), name="notification-open"),
]

# Mounted at the site root: the ledger reads as part of the program, reports as progress.
urlpatterns = [
    path("programs/", include(ledger_patterns)),
    path("progress/", include(report_patterns)),
]
