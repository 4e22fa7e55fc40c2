from django.urls import path

from gongzhi.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.CaseListView.as_view(), name="case-list"),
    path("new/", views.CaseCreateView.as_view(), name="case-create"),
    path("tasks/", views.task_options, name="task-options"),
    path("export/", views.CaseExportView.as_view(), name="case-export"),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("<int:pk>/edit/", views.CaseUpdateView.as_view(), name="case-edit"),
    path("<int:pk>/publish/", views.CasePublishView.as_view(), name="case-publish"),
    path("photos/<int:pk>/", views.CasePhotoView.as_view(), name="photo-file"),
    path("photos/<int:pk>/thumb/", views.CasePhotoThumbnailView.as_view(), name="photo-thumb"),
    path("photos/<int:pk>/remove/", views.CasePhotoRemoveView.as_view(), name="photo-remove"),
    path("publicity/", views.PublicityListView.as_view(), name="publicity-list"),
    path("publicity/new/", views.PublicityCreateView.as_view(), name="publicity-create"),
    path("publicity/export/", views.PublicityExportView.as_view(), name="publicity-export"),
    path("publicity/<int:pk>/", views.PublicityDetailView.as_view(), name="publicity-detail"),
    path("publicity/<int:pk>/edit/", views.PublicityUpdateView.as_view(), name="publicity-edit"),
    path("clippings/<int:pk>/", views.ClippingView.as_view(), name="clipping-file"),
    path("clippings/<int:pk>/thumb/", views.ClippingThumbnailView.as_view(), name="clipping-thumb"),
]
