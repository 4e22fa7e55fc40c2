from django.urls import path

from gongzhi.selfgov import views

app_name = "selfgov"

urlpatterns = [
    path("matters/", views.MatterListView.as_view(), name="matter-list"),
    path("matters/new/", views.MatterCreateView.as_view(), name="matter-create"),
    path("matters/<int:pk>/", views.MatterDetailView.as_view(), name="matter-detail"),
    path("matters/<int:pk>/steps/new/", views.StepRecordView.as_view(), name="step-record"),
    path("charters/", views.CharterListView.as_view(), name="charter-list"),
    path("charters/new/", views.CharterCreateView.as_view(), name="charter-create"),
    path("duties/template/", views.TemplateListView.as_view(), name="template-list"),
    path("duties/template/new/", views.TemplateCreateView.as_view(), name="template-create"),
    path("duties/", views.DutyListView.as_view(), name="duty-list"),
    path("duties/<int:pk>/", views.DutyDetailView.as_view(), name="duty-detail"),
    path("duties/adopt/<slug:kind>/", views.DutyAdoptView.as_view(), name="duty-adopt"),
    path("refusals/", views.RefusalListView.as_view(), name="refusal-list"),
    path("refusals/new/", views.RefusalCreateView.as_view(), name="refusal-create"),
    path("hours/", views.HoursListView.as_view(), name="hours-list"),
    path("hours/new/", views.HoursCreateView.as_view(), name="hours-create"),
    path("hours/<int:pk>/edit/", views.HoursEditView.as_view(), name="hours-edit"),
    path("certificates/", views.CertificateListView.as_view(), name="certificate-list"),
    path("certificates/new/", views.CertificateCreateView.as_view(), name="certificate-create"),
    path(
        "certificates/<int:pk>/edit/",
        views.CertificateEditView.as_view(),
        name="certificate-edit",
    ),
    path("signs/", views.SignListView.as_view(), name="sign-list"),
    path("signs/new/", views.SignCreateView.as_view(), name="sign-create"),
    path("signs/<int:pk>/edit/", views.SignEditView.as_view(), name="sign-edit"),
    path("files/<int:pk>/", views.AttachmentView.as_view(), name="file"),
    path("public/<int:pk>/", views.PublicNoticeView.as_view(), name="public"),
]
