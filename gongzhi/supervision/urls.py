from django.urls import path

from gongzhi.supervision import views

app_name = "supervision"

urlpatterns = [
    path("", views.AssignmentListView.as_view(), name="assignment-list"),
    path("<int:pk>/", views.AssignmentDetailView.as_view(), name="assignment-detail"),
    path("<int:pk>/visits/new/", views.VisitCreateView.as_view(), name="visit-create"),
    path("<int:pk>/reports/new/", views.ReportCreateView.as_view(), name="report-create"),
    path("visits/<int:pk>/", views.VisitDetailView.as_view(), name="visit-detail"),
    path("items/<int:pk>/fix/", views.ItemFixView.as_view(), name="item-fix"),
    path("items/<int:pk>/confirm/", views.ItemConfirmView.as_view(), name="item-confirm"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report-detail"),
    path("reports/<int:pk>/edit/", views.ReportUpdateView.as_view(), name="report-edit"),
    path("projects/<int:pk>/assign/", views.AssignView.as_view(), name="assign"),
    path("<int:pk>/end/", views.AssignmentEndView.as_view(), name="assignment-end"),
    path("visit-files/<int:pk>/", views.VisitFileView.as_view(), name="visit-file"),
    path("report-files/<int:pk>/", views.ReportFileView.as_view(), name="report-file"),
    path("reports/<int:pk>/review/", views.ReportReviewView.as_view(), name="report-review"),
]
