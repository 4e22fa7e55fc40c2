from django.urls import path

from gongzhi.surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.SurveyListView.as_view(), name="survey-list"),
    path("new/", views.SurveyCreateView.as_view(), name="survey-create"),
    path("<int:pk>/", views.SurveyDetailView.as_view(), name="survey-detail"),
    path("<int:pk>/edit/", views.SurveyUpdateView.as_view(), name="survey-edit"),
    path("<int:pk>/questions/new/", views.QuestionAddView.as_view(), name="question-add"),
    path("<int:pk>/invitations/", views.InvitationMakeView.as_view(), name="invitations"),
    path("<int:pk>/qr.svg", views.SurveyQrView.as_view(), name="survey-qr"),
    path("<int:pk>/answers.xlsx", views.SurveyExportView.as_view(), name="export-answers"),
    path(
        "<int:pk>/statistics.xlsx",
        views.SurveyExportView.as_view(what="statistics"),
        name="export-statistics",
    ),
    path("s/<uuid:token>/", views.answer, name="answer"),  # the public questionnaire
]
