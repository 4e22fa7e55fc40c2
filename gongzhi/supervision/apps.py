from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "gongzhi.supervision"
    verbose_name = _("第三方监督评估")

    def ready(self):
        from gongzhi.supervision import work

        work.register()  # the to-dos of the home page
