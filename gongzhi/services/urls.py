from django.urls import path

from gongzhi.services import views

app_name = "services"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="project-list"),
    path("new/", views.ProjectCreateView.as_view(), name="project-create"),
    path("<int:pk>/", views.ProjectDetailView.as_view(), name="project-detail"),
    path("<int:pk>/edit/", views.ProjectUpdateView.as_view(), name="project-edit"),
    path("<int:pk>/plans/", views.PlansView.as_view(), name="project-plans"),
    path("<int:pk>/venue/", views.VenueView.as_view(), name="project-venue"),
    path("<int:pk>/agreement/new/", views.AgreementAddView.as_view(), name="agreement-add"),
    path("agreement/<int:pk>/", views.AgreementFileView.as_view(), name="agreement-file"),
    path("<int:pk>/deliverables/new/", views.DeliverableAddView.as_view(), name="deliverable-add"),
    path(
        "deliverables/<int:pk>/remove/",
        views.DeliverableRemoveView.as_view(),
        name="deliverable-remove",
    ),
    path("logs/", views.LogListView.as_view(), name="log-list"),
    path("logs/new/", views.LogCreateView.as_view(), name="log-create"),
    path("logs/photos/<int:pk>/", views.LogPhotoView.as_view(), name="log-photo"),
    path(
        "logs/photos/<int:pk>/thumb/", views.LogPhotoThumbnailView.as_view(), name="log-photo-thumb"
    ),
    path("<int:pk>/reports/new/", views.ReportCreateView.as_view(), name="report-create"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report-detail"),
    path("reports/<int:pk>/edit/", views.ReportUpdateView.as_view(), name="report-edit"),
    path("reports/<int:pk>/submit/", views.ReportSubmitView.as_view(), name="report-submit"),
    path("reports/<int:pk>/review/", views.ReportReviewView.as_view(), name="report-review"),
    path("reports/files/<int:pk>/", views.ReportEvidenceView.as_view(), name="report-evidence"),
]
