from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "gongzhi.dashboards"
    verbose_name = "工作台"
