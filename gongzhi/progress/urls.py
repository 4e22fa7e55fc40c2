from django.urls import path

from gongzhi.progress import views

app_name = "progress"

urlpatterns = [
    path("tasks/<int:pk>/report/", views.ReportCreateView.as_view(), name="report-create"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report-detail"),
    path("reports/<int:pk>/edit/", views.ReportUpdateView.as_view(), name="report-edit"),
    path("reports/<int:pk>/submit/", views.ReportSubmitView.as_view(), name="report-submit"),
    path("reports/<int:pk>/review/", views.ReportReviewView.as_view(), name="report-review"),
    path("evidence/<int:pk>/", views.EvidenceFileView.as_view(), name="evidence-file"),
    path("evidence/<int:pk>/thumb/", views.EvidenceThumbnailView.as_view(), name="evidence-thumb"),
    path("evidence/<int:pk>/public/", views.EvidencePublishView.as_view(), name="evidence-publish"),
    path("evidence/<int:pk>/remove/", views.EvidenceRemoveView.as_view(), name="evidence-remove"),
    path("inbox/", views.InboxView.as_view(), name="inbox"),
    path("inbox/<int:pk>/", views.NotificationOpenView.as_view(), name="notification-open"),
]
