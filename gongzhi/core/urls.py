from django.urls import path

from gongzhi.core import audit_views, job_views

app_name = "core"

urlpatterns = [
    path("audit/", audit_views.AuditListView.as_view(), name="audit-list"),
    path("audit/<int:pk>/", audit_views.AuditDetailView.as_view(), name="audit-detail"),
    path("jobs/<int:pk>/", job_views.JobDetailView.as_view(), name="job-detail"),
    path("jobs/<int:pk>/download/", job_views.JobDownloadView.as_view(), name="job-download"),
]
