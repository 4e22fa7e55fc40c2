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
    path("pilots/<int:pk>/", views.PilotView.as_view(), name="pilot"),
    path(
        "public/<slug:code>/pilots/<int:pk>/", views.PublicPilotView.as_view(), name="public-pilot"
    ),
    path("public/case-photos/<int:pk>/", views.public_case_photo, name="public-case-photo"),
]
