from django.urls import path

from gongzhi.documents import views

app_name = "documents"

urlpatterns = [
    path("programs/<int:pk>/", views.ProgramDocumentsView.as_view(), name="program"),
    path(
        "programs/<int:pk>/generate/<str:fmt>/",
        views.GenerateView.as_view(),
        name="generate-acceptance",
    ),
    path(
        "programs/<int:pk>/units/<int:unit>/generate/<str:fmt>/",
        views.GenerateView.as_view(),
        name="generate",
    ),
    path("files/<int:pk>/", views.DocumentFileView.as_view(), name="file"),
    path("templates/", views.TemplatesView.as_view(), name="templates"),
    path("templates/<str:kind>/", views.TemplateDownloadView.as_view(), name="template-download"),
    path(
        "templates/<str:kind>/revert/", views.TemplateRevertView.as_view(), name="template-revert"
    ),
]
