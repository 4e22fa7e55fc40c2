from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "gongzhi.evaluation"
    verbose_name = _("考核评估")

    def ready(self):
        from gongzhi.evaluation import work

        work.register()  # the to-dos of the home page
