from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "gongzhi.exchange"
    verbose_name = _("好德行数据交换")

    def ready(self):
        from gongzhi.exchange import jobs  # noqa: F401  (registers the import job)
