from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidentsConfig(AppConfig):
    name = "gongzhi.residents"
    verbose_name = _("居民诉求")

    def ready(self):
        from gongzhi.residents import counters, tallies, work  # noqa: F401  (registers the counters)

        work.register()  # the to-dos of the home page
        tallies.connect()  # the needs board's totals follow every saved need
