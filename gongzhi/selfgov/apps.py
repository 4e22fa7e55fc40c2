from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfgovConfig(AppConfig):
    name = "gongzhi.selfgov"
    verbose_name = _("居民自治")

    def ready(self):
        from gongzhi.selfgov import counters, work  # noqa: F401  (counters register on import)

        work.register()  # the to-dos of the home page
