from django.urls import path

from gongzhi.activities import views

app_name = "activities"

urlpatterns = [
    path("", views.ActivityListView.as_view(), name="activity-list"),
    path("new/", views.ActivityCreateView.as_view(), name="activity-create"),
    path("<int:pk>/", views.ActivityDetailView.as_view(), name="activity-detail"),
    path("<int:pk>/edit/", views.ActivityUpdateView.as_view(), name="activity-edit"),
    path("<int:pk>/qr.svg", views.ActivityQrView.as_view(), name="activity-qr"),
    path("<int:pk>/photos/new/", views.PhotoAddView.as_view(), name="photo-add"),
    path("photos/<int:pk>/", views.PhotoFileView.as_view(), name="photo-file"),
    path("photos/<int:pk>/thumb/", views.PhotoThumbnailView.as_view(), name="photo-thumb"),
    path("<int:pk>/decisions/new/", views.DecisionAddView.as_view(), name="decision-add"),
    path("decisions/<int:pk>/close/", views.DecisionCloseView.as_view(), name="decision-close"),
    path("signin/<uuid:token>/", views.signin, name="signin"),
]
