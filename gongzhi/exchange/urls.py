from django.urls import path

from gongzhi.exchange import views

app_name = "exchange"

urlpatterns = [
    path("", views.ExchangeHomeView.as_view(), name="home"),
    path("export/<str:fmt>/", views.ExportView.as_view(), name="export"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/<int:pk>/", views.ConfirmView.as_view(), name="confirm"),
]
