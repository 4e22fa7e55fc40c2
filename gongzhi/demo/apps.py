from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Loading the demo: the Guanghan 2024 program and one account per role. The top layer."""

    name = "gongzhi.demo"
    verbose_name = _("演示数据")
