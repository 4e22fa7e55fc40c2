from django.urls import path

from gongzhi.archives import views

app_name = "archives"

urlpatterns = [
    path("pilots/<int:pk>/", views.PilotArchiveView.as_view(), name="pilot"),
    path("programs/<int:pk>/", views.ProgramArchiveView.as_view(), name="program"),
]
