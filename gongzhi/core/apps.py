from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gongzhi.core"
    verbose_name = _("核心")

    def ready(self):
        from gongzhi.core import checks  # noqa: F401  (registers the settings checks)
