from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "gongzhi.funds"
    verbose_name = _("资金")

    def ready(self):
        from gongzhi.funds import work

        work.register()  # the to-dos of the home page
