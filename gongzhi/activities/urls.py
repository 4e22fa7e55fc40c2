from django.urls import path

from gongzhi.activities import views

app_name = "activities"

urlpatterns = [
    path("", views.ActivityListView.as_view(), name="activity-list"),
    path("new/", views.ActivityCreateView.as_view(), name="activity-create"),
    path("export/", views.ActivityExportView.as_view(), name="activity-export"),
    path("signin-template/", views.signin_template, name="signin-template"),
    path("<int:pk>/", views.ActivityDetailView.as_view(), name="activity-detail"),
    path("<int:pk>/edit/", views.ActivityUpdateView.as_view(), name="activity-edit"),
    path("<int:pk>/signins/export/", views.SignInExportView.as_view(), name="signin-export"),
    path("<int:pk>/signins/new/", views.PaperSignInAddView.as_view(), name="signin-add"),
    path("<int:pk>/signins/import/", views.PaperSignInImportView.as_view(), name="signin-import"),
    path("<int:pk>/qr.svg", views.ActivityQrView.as_view(), name="activity-qr"),
    path("<int:pk>/photos/new/", views.PhotoAddView.as_view(), name="photo-add"),
    path("photos/<int:pk>/", views.PhotoFileView.as_view(), name="photo-file"),
    path("photos/<int:pk>/thumb/", views.PhotoThumbnailView.as_view(), name="photo-thumb"),
    path("<int:pk>/decisions/new/", views.DecisionAddView.as_view(), name="decision-add"),
    path("decisions/<int:pk>/close/", views.DecisionCloseView.as_view(), name="decision-close"),
    path("signin/<uuid:token>/", views.signin, name="signin"),
]
