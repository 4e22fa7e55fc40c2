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
    path("files/<int:pk>/", views.AttachmentView.as_view(), name="file"),
    path("public/<int:pk>/", views.PublicNoticeView.as_view(), name="public"),
]
