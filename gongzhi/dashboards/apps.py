from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "gongzhi.dashboards"
    verbose_name = _("工作台")

    def ready(self):
        from gongzhi.dashboards import signals

        signals.connect()
