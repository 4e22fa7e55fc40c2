from django.urls import path

from gongzhi.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
]
