from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "gongzhi.evaluation"
    verbose_name = _("考核评估")

    def ready(self):
        from gongzhi.core.report_annexes import register_annex
        from gongzhi.evaluation import work
        from gongzhi.evaluation.annex import score_sheet_annex

        work.register()  # the to-dos of the home page
        register_annex("evaluation.score_sheet", score_sheet_annex, order=10)
