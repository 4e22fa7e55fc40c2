from django.urls import path

from gongzhi.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("programs/<int:pk>/cockpit/", views.CockpitView.as_view(), name="cockpit"),
    path(
        "service-projects/<int:pk>/record.docx",
        views.ProjectRecordView.as_view(),
        name="project-record",
    ),
    path("public/<slug:code>/", views.PublicProgramView.as_view(), name="public-program"),
    path("public/evidence/<int:pk>/", views.public_evidence, name="public-evidence"),
]
