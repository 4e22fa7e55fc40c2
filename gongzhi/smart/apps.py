from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SmartConfig(AppConfig):
    name = "gongzhi.smart"
    verbose_name = _("智慧社区")

    def ready(self):
        from gongzhi.smart import work

        work.register()  # the to-dos of the home page
