from django.urls import path

from gongzhi.core.views import audit, jobs

app_name = "core"

urlpatterns = [
    path("audit/", audit.AuditListView.as_view(), name="audit-list"),
    path("audit/<int:pk>/", audit.AuditDetailView.as_view(), name="audit-detail"),
    path("jobs/<int:pk>/", jobs.JobDetailView.as_view(), name="job-detail"),
    path("jobs/<int:pk>/download/", jobs.JobDownloadView.as_view(), name="job-download"),
]
